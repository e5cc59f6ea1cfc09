"""eksctl ClusterConfig: the planned cluster in snapshot shapes, findings at the ClusterConfig line."""

from pathlib import Path

import pytest
import yaml
from helpers import CORPUS, FIXTURES, lint, located

from eks_lint.sources.eksctl import adapt
from eks_lint.sources.manifests import load_manifests

CLUSTER = FIXTURES / "eksctl" / "cluster.yaml"
EXAMPLES = sorted((CORPUS / "eksctl").glob("*.yaml"))


def _adapted(path=CLUSTER):
    (obj,) = load_manifests([str(path)]).objects
    return adapt(obj)


def test_cluster_part_has_the_describe_cluster_shape():
    cluster = _adapted().parts["cluster"]
    assert cluster["name"] == "shop" and cluster["version"] == "1.33"
    assert cluster["resourcesVpcConfig"] == {
        "endpointPublicAccess": True,
        "endpointPrivateAccess": True,
        "publicAccessCidrs": ["198.51.100.0/24"],
        "subnetIds": ["subnet-0aaa1111bbbb22220", "subnet-0aaa1111bbbb22221", "subnet-0ccc3333dddd44440"],
        "vpcId": "vpc-0a1b2c3d4e5f60718",
    }
    assert cluster["logging"] == {
        "clusterLogging": [
            {"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": True}
        ]
    }
    assert cluster["encryptionConfig"][0]["resources"] == ["secrets"]
    assert cluster["accessConfig"] == {"authenticationMode": "API"}
    assert "identity" not in cluster  # the OIDC issuer exists only after creation


def test_managed_node_groups_and_the_launch_templates_eksctl_writes():
    adapted = _adapted()
    general, batch = adapted.parts["nodegroups"]
    assert general["scalingConfig"] == {"minSize": 3, "maxSize": 9, "desiredSize": 3}
    assert general["amiType"] == "AL2023_x86_64_STANDARD"
    assert general["subnets"] == ["subnet-0aaa1111bbbb22220", "subnet-0aaa1111bbbb22221"]
    assert general["updateConfig"] == {"maxUnavailable": 1}
    assert batch["amiType"] == "AL2_ARM_64" and batch["capacityType"] == "SPOT"
    assert batch["instanceTypes"] == ["m6g.large"]
    templates = {t["LaunchTemplateName"]: t for t in adapted.parts["launch_template_versions"]}
    assert templates["eksctl-shop-nodegroup-general"]["LaunchTemplateData"]["MetadataOptions"] == {
        "HttpTokens": "required",
        "HttpPutResponseHopLimit": 1,
        "HttpEndpoint": "enabled",
    }
    # eksctl's defaults: IMDSv1 off, hop limit 2 (pods can reach IMDS)
    assert templates["eksctl-shop-nodegroup-batch"]["LaunchTemplateData"]["MetadataOptions"] == {
        "HttpTokens": "required",
        "HttpPutResponseHopLimit": 2,
        "HttpEndpoint": "enabled",
    }
    assert templates["eksctl-shop-nodegroup-legacy"]["LaunchTemplateData"]["MetadataOptions"][
        "HttpTokens"
    ] == ("optional")


def test_self_managed_groups_addons_fargate_and_identities():
    parts = _adapted().parts
    (group,) = parts["auto_scaling_groups"]
    assert group["AutoScalingGroupName"] == "eksctl-shop-nodegroup-legacy"
    assert {"Key": "kubernetes.io/cluster/shop", "Value": "owned", "PropagateAtLaunch": True} in group["Tags"]
    assert parts["addons"][0] == {
        "addonName": "vpc-cni",
        "clusterName": "shop",
        "status": "CREATING",
        "addonVersion": "v1.19.2",
        "serviceAccountRoleArn": "arn:aws:iam::111122223333:role/shop-vpc-cni",
    }
    assert parts["fargate_profiles"][0]["selectors"] == [{"namespace": "jobs", "labels": {"tier": "batch"}}]
    assert parts["fargate_profiles"][0]["subnets"] == ["subnet-0aaa1111bbbb22220", "subnet-0aaa1111bbbb22221"]
    assert parts["pod_identity_associations"] == [
        {
            "clusterName": "shop",
            "namespace": "billing",
            "serviceAccount": "invoicer",
            "roleArn": "arn:aws:iam::111122223333:role/invoicer",
        }
    ]
    assert "oidc_providers" not in parts  # withOIDC: created with the cluster, ARN unknown now


def test_findings_point_at_the_declaring_entry_in_the_cluster_config():
    outcome = lint(
        "--today",
        "2026-11-24",
        "--select",
        "imds-reachable-from-pods,al2-ami-end-of-life,spot-single-instance-type",
        str(CLUSTER),
    )
    rel = "fixtures/eksctl/cluster.yaml"
    assert located(outcome.findings) == [
        (rel, 35, 5, "imds-reachable-from-pods"),  # managedNodeGroups[1]: eksctl's hop limit 2
        (rel, 35, 5, "al2-ami-end-of-life"),
        (rel, 35, 5, "spot-single-instance-type"),
        (rel, 42, 5, "imds-reachable-from-pods"),  # nodeGroups[0]: disableIMDSv1: false
    ]
    assert [f["resource"]["id"] for f in outcome.findings] == ["batch"] * 3 + ["eksctl-shop-nodegroup-legacy"]


def test_service_account_findings_point_at_iam_service_accounts(tmp_path):
    text = CLUSTER.read_text().replace("role/media-uploader", "role/")
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    outcome = lint("--select", "irsa-role-arn-malformed", str(path))
    assert [(f["location"]["line"], f["resource"]["kind"]) for f in outcome.findings] == [
        (61, "ServiceAccount")
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_eksctl_example_is_read_without_error(example: Path):
    outcome = lint("--today", "2026-11-24", "--fail-on", "never", str(example))
    assert outcome.code == 0, outcome.stderr
    names = [f["name"] for f in outcome.findings]
    assert "internal-error" not in names and "invalid-yaml" not in names
    assert outcome.report["summary"]["clusters"][0]["name"]


def _adapt_text(tmp_path, text: str):
    path = tmp_path / "cluster.yaml"
    path.write_text("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n" + text)
    return _adapted(path)


def test_what_eksctl_leaves_to_creation_or_to_the_user_is_absent(tmp_path):
    parts = _adapt_text(
        tmp_path,
        """metadata: {name: c, region: us-west-2}
kubernetesNetworkConfig: {ipFamily: IPv6}
managedNodeGroups:
  - {name: custom, amiFamily: AmazonLinux2, ami: ami-0123456789abcdef0}
  - {name: own-template, launchTemplate: {id: lt-1234, version: "2"}}
nodeGroups:
  - {name: win, amiFamily: WindowsServer2022FullContainer}
""",
    ).parts
    custom, own = parts["nodegroups"]
    assert custom["amiType"] == "CUSTOM"  # eksctl sets no amiType with a custom AMI
    assert custom["instanceTypes"] == ["m5.large"]
    assert "instanceTypes" not in own  # the user's launch template names it
    assert parts["cluster"]["kubernetesNetworkConfig"] == {"ipFamily": "ipv6"}
    templates = {t["LaunchTemplateName"]: t["LaunchTemplateData"] for t in parts["launch_template_versions"]}
    assert "InstanceType" not in templates["eksctl-c-nodegroup-win"]
    assert "version" not in parts["cluster"]


def test_no_node_groups_outposts_and_auto_mode(tmp_path):
    outpost = _adapt_text(
        tmp_path,
        """metadata: {name: o, region: us-west-2}
outpost: {controlPlaneOutpostARN: "arn:aws:outposts:us-west-2:1234:outpost/op-1234"}
""",
    ).parts
    assert outpost["nodegroups"] == [] and outpost["auto_scaling_groups"] == []
    vpc = outpost["cluster"]["resourcesVpcConfig"]
    assert (vpc["endpointPublicAccess"], vpc["endpointPrivateAccess"]) == (False, True)
    assert outpost["cluster"]["outpostConfig"] == {
        "outpostArns": ["arn:aws:outposts:us-west-2:1234:outpost/op-1234"]
    }
    auto = _adapt_text(
        tmp_path, "metadata: {name: a, region: us-west-2}\nautoModeConfig: {enabled: true}\n"
    ).parts
    assert auto["cluster"]["computeConfig"] == {"enabled": True, "nodePools": ["general-purpose", "system"]}
    assert auto["nodegroups"] == []


def test_iam_identity_mappings_become_the_aws_auth_entries_eksctl_writes(tmp_path):
    mappings = """iamIdentityMappings:
  - {arn: "arn:aws:iam::111122223333:role/admin", username: admin, groups: [system:masters]}
  - {arn: "arn:aws:iam::111122223333:user/dev", username: dev}
  - {serviceName: emr-containers, namespace: emr}
  - {account: "111122223333"}
"""
    adapted = _adapt_text(tmp_path, "metadata: {name: c, region: us-west-2}\n" + mappings)
    (aws_auth,) = [o for o in adapted.objects if o.kind == "ConfigMap"]
    data = aws_auth.data["data"]
    assert yaml.safe_load(data["mapRoles"]) == [
        {"rolearn": "arn:aws:iam::111122223333:role/admin", "username": "admin", "groups": ["system:masters"]}
    ]
    assert yaml.safe_load(data["mapUsers"]) == [
        {"userarn": "arn:aws:iam::111122223333:user/dev", "username": "dev"}
    ]
    assert yaml.safe_load(data["mapAccounts"]) == ["111122223333"]
    api_only = _adapt_text(
        tmp_path, "metadata: {name: c}\naccessConfig: {authenticationMode: API}\n" + mappings
    )
    assert not [o for o in api_only.objects if o.kind == "ConfigMap"]  # no aws-auth in API mode


SINGLE_AZ = FIXTURES / "eksctl" / "single-az.yaml"
NO_OIDC = FIXTURES / "eksctl" / "no-oidc.yaml"


def test_cluster_zones_become_the_subnets_eksctl_creates():
    parts = _adapted(SINGLE_AZ).parts
    zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    assert [(s["SubnetId"], s["AvailabilityZone"], s["MapPublicIpOnLaunch"]) for s in parts["subnets"]] == [
        (f"eksctl-zonal-{visibility}-{zone}", zone, visibility == "public")
        for zone in zones
        for visibility in ("private", "public")
    ]
    assert all("AvailableIpAddressCount" not in s for s in parts["subnets"])  # known only after creation
    data, web = parts["nodegroups"]
    assert data["subnets"] == ["eksctl-zonal-private-eu-west-1a"]  # privateNetworking, its one zone
    assert web["subnets"] == [f"eksctl-zonal-public-{zone}" for zone in zones]


def test_a_managed_node_group_in_one_zone_gets_nodegroup_single_az():
    outcome = lint("--select", "nodegroup-single-az", str(SINGLE_AZ))
    assert located(outcome.findings) == [("fixtures/eksctl/single-az.yaml", 10, 5, "nodegroup-single-az")]
    assert "node group data is in eu-west-1a" in outcome.findings[0]["message"]
    assert outcome.code == 0  # a warning


def test_no_subnets_are_made_up_when_eksctl_picks_the_zones_or_the_vpc_is_given(tmp_path):
    no_zones = _adapt_text(
        tmp_path,
        "metadata: {name: c, region: eu-west-1}\n"
        "managedNodeGroups:\n  - {name: data, availabilityZones: [eu-west-1a]}\n",
    ).parts
    assert "subnets" not in no_zones and "subnets" not in no_zones["nodegroups"][0]
    given_vpc = _adapt_text(
        tmp_path,
        "metadata: {name: c, region: eu-west-1}\navailabilityZones: [eu-west-1a, eu-west-1b]\n"
        "vpc: {id: vpc-0123456789abcdef0}\n",
    ).parts
    assert "subnets" not in given_vpc


def test_with_oidc_false_means_known_to_have_no_oidc_provider():
    assert _adapted(NO_OIDC).parts["oidc_providers"] == []
    assert "oidc_providers" not in _adapted(CLUSTER).parts  # unset: unknown, not none
    outcome = lint("--select", "irsa-oidc-provider-missing", str(NO_OIDC))
    assert located(outcome.findings) == [("fixtures/eksctl/no-oidc.yaml", 4, 1, "irsa-oidc-provider-missing")]
    assert outcome.findings[0]["message"].startswith(
        "no IAM OIDC provider will be created for the cluster's issuer, so ServiceAccount shop/s3-reader "
        "cannot assume their roles"
    )
    assert outcome.code == 1


def test_with_oidc_false_and_no_irsa_user_is_fine(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text(NO_OIDC.read_text().split("  serviceAccounts:")[0])
    outcome = lint("--select", "irsa-oidc-provider-missing", str(path))
    assert (outcome.code, outcome.findings) == (0, [])


def test_control_plane_on_private_subnets_gets_only_the_private_ones(tmp_path):
    text = "metadata: {name: p, region: us-west-2}\navailabilityZones: [us-west-2a, us-west-2b]\n"
    both = _adapt_text(tmp_path, text).parts["cluster"]["resourcesVpcConfig"]["subnetIds"]
    private = _adapt_text(tmp_path, text + "vpc: {controlPlaneOnPrivateSubnets: true}\n").parts["cluster"]
    assert private["resourcesVpcConfig"]["subnetIds"] == [
        "eksctl-p-private-us-west-2a",
        "eksctl-p-private-us-west-2b",
    ]
    assert both == [
        *private["resourcesVpcConfig"]["subnetIds"],
        "eksctl-p-public-us-west-2a",
        "eksctl-p-public-us-west-2b",
    ]


def test_auto_mode_node_role_and_node_repair_are_mapped_only_when_stated(tmp_path):
    parts = _adapt_text(
        tmp_path,
        """metadata: {name: a, region: us-west-2}
autoModeConfig:
  enabled: true
  nodeRoleARN: arn:aws:iam::111122223333:role/a-auto-node
  nodePools: [system]
managedNodeGroups:
  - {name: repaired, nodeRepairConfig: {enabled: true, maxUnhealthyNodeThresholdPercentage: 20}}
  - {name: unrepaired, nodeRepairConfig: {enabled: false}}
  - {name: unsaid}
""",
    ).parts
    assert parts["cluster"]["computeConfig"] == {
        "enabled": True,
        "nodePools": ["system"],
        "nodeRoleArn": "arn:aws:iam::111122223333:role/a-auto-node",
    }
    repair = {g["nodegroupName"]: g.get("nodeRepairConfig") for g in parts["nodegroups"]}
    assert repair == {"repaired": {"enabled": True}, "unrepaired": {"enabled": False}, "unsaid": None}


def test_capabilities_eksctl_creates_are_planned_capabilities():
    parts = _adapted(CORPUS / "eksctl" / "47-auto-mode-with-ack-kro-capabilities.yaml").parts
    assert parts["capabilities"] == [
        {
            "capabilityName": "ack-capability",
            "clusterName": "eks-capability-1",
            "type": "ACK",
            "status": "CREATING",
            "tags": {"Environment": "dev", "Team": "platform"},
        },
        {
            "capabilityName": "kro-capability",
            "clusterName": "eks-capability-1",
            "type": "KRO",
            "status": "CREATING",
            "tags": {"Environment": "production", "Team": "platform"},
        },
    ]
    assert "capabilities" not in _adapted().parts  # not stated: unknown, not none


def test_a_planned_argo_cd_capability_next_to_a_self_managed_controller_is_located(tmp_path):
    controller = tmp_path / "argocd.yaml"
    controller.write_text(
        """apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: argocd-application-controller
  namespace: argocd
spec:
  replicas: 1
  serviceName: argocd-application-controller
  selector: {matchLabels: {app.kubernetes.io/name: argocd-application-controller}}
  template:
    metadata: {labels: {app.kubernetes.io/name: argocd-application-controller}}
    spec:
      containers: [{name: controller, image: quay.io/argoproj/argocd:v3.1.9}]
""",
        encoding="utf-8",
    )
    config = CORPUS / "eksctl" / "48-auto-mode-with-argocd-capabilities.yaml"
    outcome = lint("--select", "capability-self-managed-conflict", str(config), str(controller))
    assert [(Path(f).name, line, column, rule) for f, line, column, rule in located(outcome.findings)] == [
        ("argocd.yaml", 7, 13, "capability-self-managed-conflict")
    ]


def test_a_node_repair_config_of_the_wrong_type_is_an_error_at_its_value_not_a_traceback(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text(
        """apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: c, region: us-west-2}
managedNodeGroups:
  - {name: ng, nodeRepairConfig: {enabled: "yes"}}
capabilities: argocd
""",
        encoding="utf-8",
    )
    outcome = lint("--select", "invalid-yaml,nodegroup-auto-repair-off", str(path))
    assert outcome.code == 1, outcome.stderr
    assert [(Path(f).name, line, column, rule) for f, line, column, rule in located(outcome.findings)] == [
        ("cluster.yaml", 5, 44, "invalid-yaml"),
        ("cluster.yaml", 6, 15, "invalid-yaml"),
    ]
    messages = [finding["message"] for finding in outcome.findings]
    assert "nodeRepairConfig.enabled" in messages[0] and "$.capabilities" in messages[1]
    assert "Traceback" not in outcome.stderr
