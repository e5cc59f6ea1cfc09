"""eksctl ClusterConfig (``eksctl.io/v1alpha5``) as snapshot parts.

The cluster as it will be once ``eksctl create cluster -f`` has run, in the
same shapes the live collector writes (DescribeCluster, DescribeNodegroup,
DescribeAddon, ...), so every cluster rule applies unchanged. Where eksctl
applies a default that is documented and stable it is applied here (named in
``EKSCTL_DEFAULTS``); what is only known after creation (the OIDC issuer, the
ARN of a role eksctl creates, a subnet's free addresses) is left out, so the
rules that need it are skipped rather than guessing.

Each produced resource records an anchor (the ClusterConfig object and the
path of the entry that declares it), so a finding on the node group ``ng-1``
points at ``managedNodeGroups[0]`` in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eks_lint.engine.model import Anchor, K8sObject

API_GROUP = "eksctl.io"
KIND = "ClusterConfig"

#: Defaults eksctl applies when the ClusterConfig says nothing. Sources:
#: eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5 defaults and
#: pkg/cfn/builder (makeMetadataOptions); examples/05-advanced-nodegroups.yaml
#: ("disableIMDSv1 defaults to true").
EKSCTL_DEFAULTS = {
    "instanceType": "m5.large",
    "desiredCapacity": 2,
    "endpointPublicAccess": True,
    "endpointPrivateAccess": False,
    "publicAccessCidrs": ["0.0.0.0/0"],
    "disableIMDSv1": True,
    "hopLimit": 2,  # 1 only with disablePodIMDS: true
    "authenticationMode": "API_AND_CONFIG_MAP",
    "maxUnavailable": 1,  # what EKS applies to a managed node group without updateConfig
}

ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"]


@dataclass
class Adapted:
    """Snapshot parts for one cluster, plus anchors for locating findings."""

    parts: dict[str, Any] = field(default_factory=dict)
    anchors: dict[tuple[str, str], Anchor] = field(default_factory=dict)
    region: str | None = None
    objects: list[K8sObject] = field(default_factory=list)
    #: Values rules judge that the input does not know yet (a Terraform plan's
    #: "known after apply"), as ``ADDRESS.attribute``: said in the run's notes.
    unknown: list[str] = field(default_factory=list)


def is_cluster_config(obj: K8sObject) -> bool:
    return obj.kind == KIND and obj.group == API_GROUP


def adapt(obj: K8sObject) -> Adapted:
    config = obj.data
    meta = obj.metadata
    name = str(meta.get("name") or "")
    out = Adapted(region=meta.get("region"))
    subnets = _subnets(config) or _created_subnets(config, name)
    out.parts["cluster"] = _cluster(config, name, subnets)
    out.anchors[("cluster", name)] = Anchor(obj, ("metadata",))
    if subnets:
        seen: set[str] = set()
        out.parts["subnets"] = []
        for entry in subnets.values():
            if entry.get("SubnetId") and entry["SubnetId"] not in seen:
                seen.add(entry["SubnetId"])
                out.parts["subnets"].append({k: v for k, v in entry.items() if not k.startswith("_")})
    version = meta.get("version")
    nodegroups, templates = [], []
    for index, ng in enumerate(_dicts(config.get("managedNodeGroups"))):
        nodegroup, template = _managed_nodegroup(ng, name, version, subnets)
        nodegroups.append(nodegroup)
        if template:
            templates.append(template)
        out.anchors[("nodegroup", nodegroup["nodegroupName"])] = Anchor(obj, ("managedNodeGroups", index))
    groups = []
    for index, ng in enumerate(_dicts(config.get("nodeGroups"))):
        group, template = _self_managed(ng, name, subnets)
        groups.append(group)
        templates.append(template)
        out.anchors[("autoscaling-group", group["AutoScalingGroupName"])] = Anchor(obj, ("nodeGroups", index))
    # The ClusterConfig lists every node group ``eksctl create cluster -f`` makes:
    # none declared means none (an Auto Mode cluster's nodes are EKS's own).
    out.parts["nodegroups"] = nodegroups
    out.parts["auto_scaling_groups"] = groups
    if templates:
        out.parts["launch_template_versions"] = templates
    if "addons" in config:
        out.parts["addons"] = []
        for index, addon in enumerate(_dicts(config.get("addons"))):
            out.parts["addons"].append(_addon(addon, name))
            out.anchors[("addon", str(addon.get("name")))] = Anchor(obj, ("addons", index))
    if "fargateProfiles" in config:
        out.parts["fargate_profiles"] = []
        for index, profile in enumerate(_dicts(config.get("fargateProfiles"))):
            out.parts["fargate_profiles"].append(_fargate(profile, name, subnets))
            out.anchors[("fargate-profile", str(profile.get("name")))] = Anchor(
                obj, ("fargateProfiles", index)
            )
    if "capabilities" in config:
        out.parts["capabilities"] = []
        for index, capability in enumerate(_dicts(config.get("capabilities"))):
            out.parts["capabilities"].append(_capability(capability, name))
            out.anchors[("capability", str(capability.get("name")))] = Anchor(obj, ("capabilities", index))
    iam = config.get("iam") if isinstance(config.get("iam"), dict) else {}
    if iam.get("withOIDC") is False:
        # Stated: eksctl creates no IAM OIDC provider, and none can exist yet for
        # the issuer of a cluster not created: known to be none, not unknown.
        out.parts["oidc_providers"] = []
    associations = [_association(a, name) for a in _dicts(iam.get("podIdentityAssociations"))]
    if associations or "podIdentityAssociations" in iam:
        out.parts["pod_identity_associations"] = associations
    access = config.get("accessConfig") if isinstance(config.get("accessConfig"), dict) else {}
    if "accessEntries" in access:
        out.parts["access_entries"] = [_access_entry(e, name) for e in _dicts(access.get("accessEntries"))]
    out.objects = _service_accounts(obj, iam)
    mode = str(out.parts["cluster"]["accessConfig"]["authenticationMode"])
    aws_auth = _aws_auth(obj, _dicts(config.get("iamIdentityMappings")))
    if aws_auth is not None and "CONFIG_MAP" in mode:
        out.objects.append(aws_auth)
    return out


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _subnets(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Subnets named in ``vpc.subnets``, keyed by their name (the AZ or an alias) and id."""
    vpc = config.get("vpc") if isinstance(config.get("vpc"), dict) else {}
    subnets = vpc.get("subnets") if isinstance(vpc.get("subnets"), dict) else {}
    out: dict[str, dict[str, Any]] = {}
    for visibility in ("private", "public"):
        group = subnets.get(visibility)
        if not isinstance(group, dict):
            continue
        for key, spec in group.items():
            spec = spec if isinstance(spec, dict) else {}
            entry: dict[str, Any] = {"MapPublicIpOnLaunch": visibility == "public"}
            if spec.get("id"):
                entry["SubnetId"] = str(spec["id"])
            if spec.get("cidr"):
                entry["CidrBlock"] = str(spec["cidr"])
            zone = spec.get("az") or (key if _looks_like_zone(key) else None)
            if zone:
                entry["AvailabilityZone"] = str(zone)
            entry["_visibility"] = visibility
            out[str(key)] = entry
            if entry.get("SubnetId"):
                out[entry["SubnetId"]] = entry
    return out


def _created_subnets(config: dict[str, Any], cluster: str) -> dict[str, dict[str, Any]]:
    """The subnets of the VPC eksctl creates, when the config names its zones.

    Without ``vpc.subnets`` (and ``vpc.id``) eksctl creates a dedicated VPC
    with one public and one private subnet in each of the cluster's
    ``availabilityZones`` (eksctl user guide, "VPC Configuration"); a node
    group's own ``availabilityZones`` picks among them. Their IDs exist only
    after creation, so they are named ``eksctl-<cluster>-<visibility>-<zone>``
    here, with their zone and visibility and no free-address count. Without
    cluster zones eksctl picks them itself: nothing is produced.
    """
    vpc = config.get("vpc") if isinstance(config.get("vpc"), dict) else {}
    zones = config.get("availabilityZones")
    if vpc.get("id") or vpc.get("subnets") or not isinstance(zones, list):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for zone in (str(z) for z in zones if isinstance(z, str) and z):
        for visibility in ("private", "public"):
            subnet_id = f"eksctl-{cluster}-{visibility}-{zone}"
            out[subnet_id] = {
                "SubnetId": subnet_id,
                "AvailabilityZone": zone,
                "MapPublicIpOnLaunch": visibility == "public",
                "_visibility": visibility,
            }
    return out


def _looks_like_zone(key: str) -> bool:
    return key[-1:].isalpha() and any(char.isdigit() for char in key)


def _subnet_ids(subnets: dict[str, dict[str, Any]], visibility: str) -> list[str]:
    ids = []
    for entry in subnets.values():
        subnet_id = entry.get("SubnetId")
        if entry.get("_visibility") == visibility and subnet_id and subnet_id not in ids:
            ids.append(subnet_id)
    return ids


def _cluster(config: dict[str, Any], name: str, subnets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    meta = config.get("metadata") or {}
    vpc = config.get("vpc") if isinstance(config.get("vpc"), dict) else {}
    endpoints = vpc.get("clusterEndpoints") if isinstance(vpc.get("clusterEndpoints"), dict) else {}
    private_cluster = config.get("privateCluster") if isinstance(config.get("privateCluster"), dict) else {}
    public = endpoints.get("publicAccess", EKSCTL_DEFAULTS["endpointPublicAccess"])
    private = endpoints.get("privateAccess", EKSCTL_DEFAULTS["endpointPrivateAccess"])
    outpost = config.get("outpost") if isinstance(config.get("outpost"), dict) else {}
    if private_cluster.get("enabled") or outpost.get("controlPlaneOutpostARN"):
        # A local cluster on Outposts has a private endpoint only (eksctl
        # userdocs/src/usage/outposts.md, "Features unsupported on local clusters").
        public, private = False, True
    vpc_config: dict[str, Any] = {
        "endpointPublicAccess": bool(public),
        "endpointPrivateAccess": bool(private),
        "publicAccessCidrs": list(vpc.get("publicAccessCIDRs") or EKSCTL_DEFAULTS["publicAccessCidrs"]),
    }
    ids = _subnet_ids(subnets, "private")
    if not vpc.get("controlPlaneOnPrivateSubnets"):
        ids += _subnet_ids(subnets, "public")
    if ids:
        vpc_config["subnetIds"] = ids
    if vpc.get("id"):
        vpc_config["vpcId"] = vpc["id"]
    cluster: dict[str, Any] = {"name": name, "resourcesVpcConfig": vpc_config, "status": "CREATING"}
    if meta.get("version"):
        cluster["version"] = str(meta["version"])
    if isinstance(meta.get("tags"), dict):
        cluster["tags"] = dict(meta["tags"])
    cluster["logging"] = {"clusterLogging": _logging(config)}
    encryption = config.get("secretsEncryption")
    if isinstance(encryption, dict) and encryption.get("keyARN"):
        cluster["encryptionConfig"] = [
            {"resources": ["secrets"], "provider": {"keyArn": encryption["keyARN"]}}
        ]
    access = config.get("accessConfig") if isinstance(config.get("accessConfig"), dict) else {}
    cluster["accessConfig"] = {
        "authenticationMode": access.get("authenticationMode", EKSCTL_DEFAULTS["authenticationMode"])
    }
    upgrade = config.get("upgradePolicy")
    if isinstance(upgrade, dict) and upgrade.get("supportType"):
        cluster["upgradePolicy"] = {"supportType": upgrade["supportType"]}
    network = config.get("kubernetesNetworkConfig")
    if isinstance(network, dict):
        cluster["kubernetesNetworkConfig"] = {}
        if network.get("ipFamily"):  # eksctl takes IPv4/IPv6; DescribeCluster says ipv4/ipv6
            cluster["kubernetesNetworkConfig"]["ipFamily"] = str(network["ipFamily"]).lower()
        if network.get("serviceIPv4CIDR"):
            cluster["kubernetesNetworkConfig"]["serviceIpv4Cidr"] = network["serviceIPv4CIDR"]
    remote = config.get("remoteNetworkConfig")
    if isinstance(remote, dict):  # EKS Hybrid Nodes
        networks = {
            api_key: [{"cidrs": [str(c) for c in n.get("cidrs") or []]} for n in _dicts(remote.get(api_key))]
            for api_key in ("remoteNodeNetworks", "remotePodNetworks")
        }
        cluster["remoteNetworkConfig"] = {k: v for k, v in networks.items() if v}
    if outpost.get("controlPlaneOutpostARN"):
        cluster["outpostConfig"] = {"outpostArns": [str(outpost["controlPlaneOutpostARN"])]}
        if outpost.get("controlPlaneInstanceType"):
            cluster["outpostConfig"]["controlPlaneInstanceType"] = str(outpost["controlPlaneInstanceType"])
    auto_mode = config.get("autoModeConfig")
    if isinstance(auto_mode, dict) and auto_mode.get("enabled"):
        # EKS Auto Mode: EKS runs the nodes, block storage and load balancing.
        pools = auto_mode.get("nodePools")
        cluster["computeConfig"] = {
            "enabled": True,
            "nodePools": [str(p) for p in pools]
            if isinstance(pools, list)
            else ["general-purpose", "system"],
        }
        if auto_mode.get("nodeRoleARN"):
            cluster["computeConfig"]["nodeRoleArn"] = str(auto_mode["nodeRoleARN"])
        cluster["storageConfig"] = {"blockStorage": {"enabled": True}}
        cluster.setdefault("kubernetesNetworkConfig", {})["elasticLoadBalancing"] = {"enabled": True}
    return cluster


def _logging(config: dict[str, Any]) -> list[dict[str, Any]]:
    cloudwatch = config.get("cloudWatch") if isinstance(config.get("cloudWatch"), dict) else {}
    logging = cloudwatch.get("clusterLogging") if isinstance(cloudwatch.get("clusterLogging"), dict) else {}
    wanted = [str(t) for t in logging.get("enableTypes") or []]
    if "*" in wanted or "all" in wanted:
        wanted = list(ALL_LOG_TYPES)
    enabled = [t for t in ALL_LOG_TYPES if t in wanted]
    disabled = [t for t in ALL_LOG_TYPES if t not in wanted]
    out = []
    if enabled:
        out.append({"types": enabled, "enabled": True})
    if disabled:
        out.append({"types": disabled, "enabled": False})
    return out


def _ami_type(family: Any, instance_types: list[str]) -> str | None:
    """The EKS ``amiType`` for an eksctl ``amiFamily``; None when eksctl's choice is not stated."""
    if not family:
        return None
    arm = any(_family(t)[2] and "g" in _family(t)[2] for t in instance_types)
    gpu = any(_family(t)[0] in ("p", "g", "gr") for t in instance_types)
    table = {
        "AmazonLinux2": "AL2_ARM_64" if arm else ("AL2_x86_64_GPU" if gpu else "AL2_x86_64"),
        "AmazonLinux2023": "AL2023_ARM_64_STANDARD"
        if arm
        else ("AL2023_x86_64_NVIDIA" if gpu else "AL2023_x86_64_STANDARD"),
        "Bottlerocket": "BOTTLEROCKET_ARM_64" if arm else "BOTTLEROCKET_x86_64",
        "WindowsServer2019FullContainer": "WINDOWS_FULL_2019_x86_64",
        "WindowsServer2019CoreContainer": "WINDOWS_CORE_2019_x86_64",
        "WindowsServer2022FullContainer": "WINDOWS_FULL_2022_x86_64",
        "WindowsServer2022CoreContainer": "WINDOWS_CORE_2022_x86_64",
    }
    return table.get(str(family), "CUSTOM")


def _custom_ami(ng: dict[str, Any]) -> bool:
    return str(ng.get("ami") or "").startswith("ami-")


def _family(instance_type: str) -> tuple[str, str, str]:
    """``m6gd.large`` -> (``m``, ``6``, ``gd``): series, generation, attributes
    (a ``g`` among the attributes is Graviton; series p, g, gr are GPU)."""
    match = re.match(r"^([a-z]+)(\d+)([a-z-]*)\.", instance_type)
    if not match:
        return ("", "", "a" if instance_type.startswith("a1.") else "")
    series, generation, attributes = match.groups()
    if series == "a":  # a1: the first Graviton generation
        attributes += "g"
    return series, generation, attributes


def _instance_types(ng: dict[str, Any]) -> list[str]:
    """The instance types eksctl gives the group; empty when only known at creation."""
    distribution = ng.get("instancesDistribution")
    if isinstance(distribution, dict) and distribution.get("instanceTypes"):
        return [str(t) for t in distribution["instanceTypes"]]
    if ng.get("instanceTypes"):
        return [str(t) for t in ng["instanceTypes"]]
    instance_type = ng.get("instanceType")
    if instance_type and instance_type != "mixed":
        return [str(instance_type)]
    if ng.get("instanceSelector"):
        return []  # chosen by eksctl at creation from vCPU/memory criteria: unknown here
    if isinstance(ng.get("launchTemplate"), dict):
        return []  # the user's launch template names the type; eksctl applies no default
    return [EKSCTL_DEFAULTS["instanceType"]]


def _scaling(ng: dict[str, Any]) -> tuple[int, int, int]:
    desired = ng.get("desiredCapacity")
    minimum = ng.get("minSize")
    maximum = ng.get("maxSize")
    if desired is None:
        desired = minimum if minimum is not None else EKSCTL_DEFAULTS["desiredCapacity"]
    if minimum is None:
        minimum = min(desired, maximum) if maximum is not None else desired
    if maximum is None:
        maximum = max(desired, minimum)
    return int(minimum), int(maximum), int(desired)


def _ng_subnets(ng: dict[str, Any], subnets: dict[str, dict[str, Any]]) -> list[str] | None:
    named = ng.get("subnets")
    if isinstance(named, list) and named:
        ids = []
        for item in named:
            entry = subnets.get(str(item))
            if entry and entry.get("SubnetId"):
                ids.append(entry["SubnetId"])
            elif str(item).startswith("subnet-"):
                ids.append(str(item))
            else:
                return None
        return ids
    visibility = "private" if ng.get("privateNetworking") else "public"
    ids = _subnet_ids(subnets, visibility)
    zones = ng.get("availabilityZones")
    if ids and isinstance(zones, list) and zones:
        ids = [i for i in ids if subnets[i].get("AvailabilityZone") in zones]
    return ids or None


def _metadata_options(ng: dict[str, Any]) -> dict[str, Any]:
    pod_imds_off = ng.get("disablePodIMDS") is True
    imdsv1_off = ng.get("disableIMDSv1", EKSCTL_DEFAULTS["disableIMDSv1"]) is not False
    return {
        "HttpTokens": "required" if (imdsv1_off or pod_imds_off) else "optional",
        "HttpPutResponseHopLimit": 1 if pod_imds_off else EKSCTL_DEFAULTS["hopLimit"],
        "HttpEndpoint": "enabled",
    }


def _template(name: str, instance_types: list[str], ng: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"MetadataOptions": _metadata_options(ng)}
    if instance_types:
        data["InstanceType"] = instance_types[0]
    if _custom_ami(ng):
        data["ImageId"] = ng["ami"]
    return {
        "LaunchTemplateName": name,
        "VersionNumber": 1,
        "DefaultVersion": True,
        "LaunchTemplateData": data,
    }


def _managed_nodegroup(
    ng: dict[str, Any], cluster: str, version: Any, subnets: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    name = str(ng.get("name") or "")
    types = _instance_types(ng)
    minimum, maximum, desired = _scaling(ng)
    nodegroup: dict[str, Any] = {
        "nodegroupName": name,
        "clusterName": cluster,
        "status": "CREATING",
        "capacityType": "SPOT" if ng.get("spot") else "ON_DEMAND",
        "scalingConfig": {"minSize": minimum, "maxSize": maximum, "desiredSize": desired},
        "labels": dict(ng.get("labels") or {}),
        "tags": dict(ng.get("tags") or {}),
    }
    if types:
        nodegroup["instanceTypes"] = types
    if version:
        nodegroup["version"] = str(version)
    # A custom AMI (``ami: ami-...``) goes into the launch template and eksctl
    # sets no amiType, so EKS reports CUSTOM (pkg/cfn/builder/managed_nodegroup.go).
    ami_type = "CUSTOM" if _custom_ami(ng) else _ami_type(ng.get("amiFamily"), types)
    if ami_type:
        nodegroup["amiType"] = ami_type
    ids = _ng_subnets(ng, subnets)
    if ids:
        nodegroup["subnets"] = ids
    update = ng.get("updateConfig") if isinstance(ng.get("updateConfig"), dict) else {}
    if "maxUnavailable" in update or "maxUnavailablePercentage" in update:
        nodegroup["updateConfig"] = {
            key: update[key] for key in ("maxUnavailable", "maxUnavailablePercentage") if key in update
        }
    else:
        nodegroup["updateConfig"] = {"maxUnavailable": EKSCTL_DEFAULTS["maxUnavailable"]}
    iam = ng.get("iam") if isinstance(ng.get("iam"), dict) else {}
    if iam.get("instanceRoleARN"):
        nodegroup["nodeRole"] = iam["instanceRoleARN"]
    repair = ng.get("nodeRepairConfig")
    if isinstance(repair, dict) and isinstance(repair.get("enabled"), bool):
        # Only when stated: EKS's default (off) is the rules' to judge, not the adapter's.
        nodegroup["nodeRepairConfig"] = {"enabled": repair["enabled"]}
    given = ng.get("launchTemplate")
    if isinstance(given, dict) and given.get("id"):
        # A launch template the user manages: its settings are not in the file.
        nodegroup["launchTemplate"] = {"id": given["id"], "version": str(given.get("version") or "$Default")}
        return nodegroup, None
    template_name = f"eksctl-{cluster}-nodegroup-{name}"
    nodegroup["launchTemplate"] = {"name": template_name, "version": "1"}
    return nodegroup, _template(template_name, types, ng)


def _self_managed(
    ng: dict[str, Any], cluster: str, subnets: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    name = str(ng.get("name") or "")
    types = _instance_types(ng)
    if str(ng.get("amiFamily") or "").startswith("Windows"):
        # Windows pods take addresses through the VPC resource controller, not the
        # Linux ENI arithmetic the IP rules apply; an Auto Scaling group carries no
        # OS, so the type is left out rather than checked as if the nodes ran Linux.
        types = []
    minimum, maximum, desired = _scaling(ng)
    template_name = f"eksctl-{cluster}-nodegroup-{name}"
    tags = [
        {"Key": str(k), "Value": str(v), "PropagateAtLaunch": True} for k, v in (ng.get("tags") or {}).items()
    ]
    tags.append({"Key": f"kubernetes.io/cluster/{cluster}", "Value": "owned", "PropagateAtLaunch": True})
    tags.append({"Key": "alpha.eksctl.io/nodegroup-name", "Value": name, "PropagateAtLaunch": True})
    iam = ng.get("iam") if isinstance(ng.get("iam"), dict) else {}
    policies = iam.get("withAddonPolicies") if isinstance(iam.get("withAddonPolicies"), dict) else {}
    if policies.get("autoScaler") is True:  # eksctl's cluster-autoscaler discovery tags
        for key, value in (
            ("k8s.io/cluster-autoscaler/enabled", "true"),
            (f"k8s.io/cluster-autoscaler/{cluster}", "owned"),
        ):
            if not any(t["Key"] == key for t in tags):
                tags.append({"Key": key, "Value": value, "PropagateAtLaunch": True})
    group: dict[str, Any] = {
        "AutoScalingGroupName": f"eksctl-{cluster}-nodegroup-{name}",
        "MinSize": minimum,
        "MaxSize": maximum,
        "DesiredCapacity": desired,
        "Tags": tags,
        "AvailabilityZones": list(ng.get("availabilityZones") or []),
    }
    ids = _ng_subnets(ng, subnets)
    if ids:
        group["VPCZoneIdentifier"] = ",".join(ids)
    reference = {"LaunchTemplateName": template_name, "Version": "1"}
    distribution = ng.get("instancesDistribution")
    if isinstance(distribution, dict):
        group["MixedInstancesPolicy"] = {
            "LaunchTemplate": {
                "LaunchTemplateSpecification": reference,
                "Overrides": [{"InstanceType": t} for t in types],
            },
            "InstancesDistribution": {
                "OnDemandBaseCapacity": distribution.get("onDemandBaseCapacity", 0),
                "OnDemandPercentageAboveBaseCapacity": distribution.get(
                    "onDemandPercentageAboveBaseCapacity", 100
                ),
                "SpotAllocationStrategy": distribution.get("spotAllocationStrategy", "lowest-price"),
            },
        }
    else:
        group["LaunchTemplate"] = reference
    return group, _template(template_name, types, ng)


def _addon(addon: dict[str, Any], cluster: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "addonName": str(addon.get("name") or ""),
        "clusterName": cluster,
        "status": "CREATING",
    }
    version = addon.get("version")
    if version and str(version) != "latest":
        out["addonVersion"] = str(version) if str(version).startswith("v") else f"v{version}"
    if addon.get("serviceAccountRoleARN"):
        out["serviceAccountRoleArn"] = addon["serviceAccountRoleARN"]
    if addon.get("configurationValues"):
        out["configurationValues"] = str(addon["configurationValues"])
    associations = _dicts(addon.get("podIdentityAssociations"))
    if associations:
        out["podIdentityAssociations"] = [str(a.get("roleARN") or "") for a in associations]
    return out


def _fargate(profile: dict[str, Any], cluster: str, subnets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "fargateProfileName": str(profile.get("name") or ""),
        "clusterName": cluster,
        "status": "CREATING",
        "selectors": [
            {"namespace": s.get("namespace"), **({"labels": dict(s["labels"])} if s.get("labels") else {})}
            for s in _dicts(profile.get("selectors"))
        ],
    }
    named = profile.get("subnets")
    ids = _ng_subnets({"subnets": named}, subnets) if named else _subnet_ids(subnets, "private")
    if ids:
        out["subnets"] = ids
    if profile.get("podExecutionRoleARN"):
        out["podExecutionRoleArn"] = profile["podExecutionRoleARN"]
    return out


def _association(association: dict[str, Any], cluster: str) -> dict[str, Any]:
    out = {
        "clusterName": cluster,
        "namespace": str(association.get("namespace") or ""),
        "serviceAccount": str(association.get("serviceAccountName") or ""),
    }
    if association.get("roleARN"):
        out["roleArn"] = association["roleARN"]
    return out


def _capability(capability: dict[str, Any], cluster: str) -> dict[str, Any]:
    """An EKS Capability eksctl creates (``capabilities[]``): DescribeCapability's shape,
    ``CREATING`` until it exists; a role eksctl creates has no ARN yet."""
    out: dict[str, Any] = {
        "capabilityName": str(capability.get("name") or ""),
        "clusterName": cluster,
        "type": str(capability.get("type") or "").upper(),
        "status": "CREATING",
    }
    if capability.get("roleArn"):
        out["roleArn"] = str(capability["roleArn"])
    if isinstance(capability.get("tags"), dict):
        out["tags"] = {str(k): str(v) for k, v in capability["tags"].items()}
    return out


def _access_entry(entry: dict[str, Any], cluster: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "clusterName": cluster,
        "principalArn": str(entry.get("principalARN") or ""),
        "type": str(entry.get("type") or "STANDARD"),
        "kubernetesGroups": list(entry.get("kubernetesGroups") or []),
    }
    if entry.get("kubernetesUsername"):
        out["username"] = entry["kubernetesUsername"]
    return out


def _service_accounts(obj: K8sObject, iam: dict[str, Any]) -> list[K8sObject]:
    """iam.serviceAccounts with a role ARN that is known now (attachRoleARN)."""
    out = []
    for index, account in enumerate(_dicts(iam.get("serviceAccounts"))):
        meta = account.get("metadata") if isinstance(account.get("metadata"), dict) else {}
        role = account.get("attachRoleARN")
        if not role or not meta.get("name"):
            continue
        data = {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {
                "name": meta["name"],
                "namespace": meta.get("namespace") or "default",
                "annotations": {"eks.amazonaws.com/role-arn": role},
            },
        }
        service_account = K8sObject(data, obj.source)
        service_account.anchor = Anchor(obj, ("iam", "serviceAccounts", index, "attachRoleARN"))
        out.append(service_account)
    return out


def _aws_auth(obj: K8sObject, mappings: list[dict[str, Any]]) -> K8sObject | None:
    """The kube-system/aws-auth entries eksctl writes for ``iamIdentityMappings``
    with a known ARN (a ``serviceName`` mapping's role ARN is only known at creation)."""
    import yaml

    roles, users, accounts = [], [], []
    for mapping in mappings:
        arn = str(mapping.get("arn") or "")
        entry: dict[str, Any] = {}
        if mapping.get("username"):
            entry["username"] = str(mapping["username"])
        if isinstance(mapping.get("groups"), list):
            entry["groups"] = [str(group) for group in mapping["groups"]]
        if ":role/" in arn:
            roles.append({"rolearn": arn, **entry})
        elif ":user/" in arn:
            users.append({"userarn": arn, **entry})
        elif mapping.get("account"):
            accounts.append(str(mapping["account"]))
    if not (roles or users or accounts):
        return None
    data = {
        key: yaml.safe_dump(value, default_flow_style=False, sort_keys=False)
        for key, value in (("mapRoles", roles), ("mapUsers", users), ("mapAccounts", accounts))
        if value
    }
    configmap = K8sObject(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "aws-auth", "namespace": "kube-system"},
            "data": data,
        },
        obj.source,
    )
    configmap.anchor = Anchor(obj, ("iamIdentityMappings",))
    return configmap
