"""A small AWS account for collector tests: moto where it covers the API, Stubber where not.

``build_world`` creates, through real boto3 clients (moto in-process or a moto
server), a VPC with subnets, IAM roles and the cluster's OIDC provider, launch
templates, an EKS cluster with managed node groups and a Fargate profile, and
a self-managed Auto Scaling group tagged for the cluster.

moto has no EKS add-ons, add-on versions, cluster versions, access entries,
Pod Identity associations or insights: ``SplitEks`` sends those operations to
botocore Stubber clients (which check every request and response against the
real service model) and the rest to moto. Each stubbed request gets its own
client keyed by its exact parameters, so parallel calls in any order get the
right answer, and a request nobody expected fails the test.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

ACCOUNT = "123456789012"  # moto's account
REGION = "eu-west-1"
SNAPSHOTS = Path(__file__).resolve().parents[2] / "fixtures" / "snapshots"
STUBBED = frozenset(
    {
        "list_addons",
        "describe_addon",
        "describe_addon_versions",
        "describe_cluster_versions",
        "list_access_entries",
        "describe_access_entry",
        "list_pod_identity_associations",
        "describe_pod_identity_association",
        "list_insights",
        "describe_insight",
        "list_capabilities",
        "describe_capability",
    }
)


def trust_irsa(issuer_host: str, namespace: str, sa: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/{issuer_host}"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {f"{issuer_host}:sub": f"system:serviceaccount:{namespace}:{sa}"}
                    },
                }
            ],
        }
    )


def trust_service(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        }
    )


def role_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


def build_world(
    clients: Callable[[str], Any],
    name: str = "prod",
    nodegroups: int = 3,
    subnets: int = 3,
    extra_roles: int = 0,
    asg_subnets: int = 0,
) -> dict[str, Any]:
    """Create the account's resources; returns what was made (for assertions).

    ``asg_subnets``: that many more subnets (/28, 11 free addresses each) that
    only the self-managed Auto Scaling group names, instead of the first subnet.
    """
    ec2, iam, eks, autoscaling = clients("ec2"), clients("iam"), clients("eks"), clients("autoscaling")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    subnet_ids = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{i}.0/24", AvailabilityZone=zones[i % 3])["Subnet"][
            "SubnetId"
        ]
        for i in range(subnets)
    ]
    only_asg = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.200.{16 * i}/28", AvailabilityZone=zones[i % 3])[
            "Subnet"
        ]["SubnetId"]
        for i in range(asg_subnets)
    ]
    node_sg = ec2.create_security_group(
        GroupName=f"{name}-nodes",
        Description="nodes",
        VpcId=vpc,
        TagSpecifications=[
            {
                "ResourceType": "security-group",
                "Tags": [{"Key": f"kubernetes.io/cluster/{name}", "Value": "owned"}],
            }
        ],
    )["GroupId"]
    iam.create_role(RoleName=f"{name}-cluster", AssumeRolePolicyDocument=trust_service("eks.amazonaws.com"))
    iam.create_role(RoleName=f"{name}-node", AssumeRolePolicyDocument=trust_service("ec2.amazonaws.com"))
    iam.create_role(
        RoleName=f"{name}-fargate", AssumeRolePolicyDocument=trust_service("eks-fargate-pods.amazonaws.com")
    )
    cluster = eks.create_cluster(
        name=name,
        version="1.33",
        roleArn=role_arn(f"{name}-cluster"),
        resourcesVpcConfig={"subnetIds": subnet_ids[:3], "securityGroupIds": [node_sg]},
    )["cluster"]
    issuer_host = cluster["identity"]["oidc"]["issuer"].removeprefix("https://")
    iam.create_role(
        RoleName=f"{name}-vpc-cni",
        AssumeRolePolicyDocument=trust_irsa(issuer_host, "kube-system", "aws-node"),
    )
    for i in range(extra_roles):
        iam.create_role(
            RoleName=f"{name}-app-{i}", AssumeRolePolicyDocument=trust_irsa(issuer_host, "apps", f"a{i}")
        )
    provider = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{issuer_host}"
    if provider not in [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]:
        # (moto gives every cluster of a region the same issuer)
        iam.create_open_id_connect_provider(
            Url=f"https://{issuer_host}", ClientIDList=["sts.amazonaws.com"], ThumbprintList=["9" * 40]
        )
    # Another cluster's provider nobody trusts: must not be read.
    iam.create_open_id_connect_provider(
        Url=f"https://oidc.eks.eu-west-1.amazonaws.com/id/0THER{name.upper()}",
        ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["8" * 40],
    )
    template = ec2.create_launch_template(
        LaunchTemplateName=f"{name}-nodes",
        LaunchTemplateData={
            "UserData": base64.b64encode(b"#!/bin/bash\nexport DB_PASSWORD=hunter2\n").decode(),
            "SecurityGroupIds": [node_sg],
            "MetadataOptions": {
                "HttpTokens": "required",
                "HttpPutResponseHopLimit": 1,
                "HttpEndpoint": "enabled",
            },
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    ec2.create_launch_template_version(
        LaunchTemplateId=template,
        LaunchTemplateData={"MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 1}},
    )
    group_names = []
    types = ["m6i.large", "m6i.xlarge", "m5.xlarge"]
    for i in range(nodegroups):
        group = f"ng-{i:02d}"
        eks.create_nodegroup(
            clusterName=name,
            nodegroupName=group,
            nodeRole=role_arn(f"{name}-node"),
            subnets=sorted({subnet_ids[(3 * i + k) % len(subnet_ids)] for k in range(3)}),
            instanceTypes=[types[i % len(types)]],
            launchTemplate={"id": template, "version": str(1 + i % 2)},
            scalingConfig={"minSize": 1, "maxSize": 6, "desiredSize": 2},
            amiType="AL2023_x86_64_STANDARD",
        )
        group_names.append(group)
    eks.create_fargate_profile(
        clusterName=name,
        fargateProfileName="serverless",
        podExecutionRoleArn=role_arn(f"{name}-fargate"),
        subnets=subnet_ids[:2],
        selectors=[{"namespace": "serverless"}],
    )
    self_managed = ec2.create_launch_template(
        LaunchTemplateName=f"{name}-gpu", LaunchTemplateData={"InstanceType": "g5.xlarge"}
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=f"{name}-gpu",
        LaunchTemplate={"LaunchTemplateId": self_managed, "Version": "1"},
        MinSize=0,
        MaxSize=2,
        VPCZoneIdentifier=",".join(only_asg or subnet_ids[:1]),
        Tags=[{"Key": f"kubernetes.io/cluster/{name}", "Value": "owned", "PropagateAtLaunch": True}],
    )
    autoscaling.create_auto_scaling_group(  # someone else's ASG: not read
        AutoScalingGroupName="unrelated",
        LaunchTemplate={"LaunchTemplateId": self_managed, "Version": "1"},
        MinSize=0,
        MaxSize=1,
        VPCZoneIdentifier=subnet_ids[0],
    )
    return {
        "cluster": cluster,
        "subnets": subnet_ids,
        "asg_subnets": only_asg,
        "nodegroups": group_names,
        "provider": provider,
        "security_group": node_sg,
        "templates": [template, self_managed],
        "roles": sorted(
            [f"{name}-cluster", f"{name}-node", f"{name}-fargate", f"{name}-vpc-cni"]
            + [f"{name}-app-{i}" for i in range(extra_roles)]
        ),
    }


# --- Stubber for what moto lacks --------------------------------------------------


def stub_plan(
    name: str = "prod",
    addon_role: str | None = None,
    paged: bool = False,
    addon_versions: list[dict[str, Any]] | None = None,
    capabilities: list[dict[str, Any]] | None = None,
) -> list[tuple[str, dict, Any]]:
    """(method, expected params, response) for every call moto cannot answer, from healthy.json.

    ``addon_versions``: DescribeAddonVersions answers (AddonInfo, one per installed add-on)
    instead of healthy.json's. ``capabilities``: DescribeCapability answers (healthy.json's
    cluster has none).
    """
    healthy = json.loads((SNAPSHOTS / "healthy.json").read_text(encoding="utf-8"))

    def renamed(item: dict) -> dict:
        item = json.loads(json.dumps(item).replace('"clusterName": "prod"', f'"clusterName": "{name}"'))
        return item

    addons = [renamed(a) for a in healthy["addons"]]
    if addon_role:
        addons[0]["serviceAccountRoleArn"] = addon_role
    addon_names = [a["addonName"] for a in addons]
    list_addons: Any = {"addons": addon_names}
    if paged:  # as EKS answers with maxResults 2: three pages
        list_addons = [
            {"addons": addon_names[0:2], "nextToken": "t1"},
            {"addons": addon_names[2:4], "nextToken": "t2"},
            {"addons": addon_names[4:]},
        ]
    plan: list[tuple[str, dict, Any]] = [
        ("list_addons", {"clusterName": name}, list_addons),
        ("describe_cluster_versions", {}, {"clusterVersions": healthy["cluster_versions"]}),
        (
            "list_access_entries",
            {"clusterName": name},
            {"accessEntries": [e["principalArn"] for e in healthy["access_entries"]]},
        ),
        (
            "list_pod_identity_associations",
            {"clusterName": name},
            {
                "associations": [
                    {
                        k: a[k]
                        for k in (
                            "clusterName",
                            "namespace",
                            "serviceAccount",
                            "associationArn",
                            "associationId",
                        )
                    }
                    for a in map(renamed, healthy["pod_identity_associations"])
                ]
            },
        ),
        (
            "list_insights",
            {"clusterName": name},
            {
                "insights": [
                    {k: i[k] for k in ("id", "name", "category", "kubernetesVersion", "insightStatus")}
                    for i in healthy["insights"]
                ]
            },
        ),
    ]
    for addon in addons:
        plan.append(
            ("describe_addon", {"clusterName": name, "addonName": addon["addonName"]}, {"addon": addon})
        )
    for info in healthy["addon_versions"] if addon_versions is None else addon_versions:
        # Every Kubernetes version's compatibilities: no kubernetesVersion filter.
        plan.append(("describe_addon_versions", {"addonName": info["addonName"]}, {"addons": [info]}))
    for entry in healthy["access_entries"]:
        plan.append(
            (
                "describe_access_entry",
                {"clusterName": name, "principalArn": entry["principalArn"]},
                {"accessEntry": renamed(entry)},
            )
        )
    for association in healthy["pod_identity_associations"]:
        plan.append(
            (
                "describe_pod_identity_association",
                {"clusterName": name, "associationId": association["associationId"]},
                {"association": renamed(association)},
            )
        )
    for insight in healthy["insights"]:
        plan.append(("describe_insight", {"clusterName": name, "id": insight["id"]}, {"insight": insight}))
    capabilities = healthy.get("capabilities", []) if capabilities is None else capabilities
    summary_keys = ("capabilityName", "arn", "type", "status", "version", "createdAt", "modifiedAt")
    plan.append(
        (
            "list_capabilities",
            {"clusterName": name},
            {"capabilities": [{k: c[k] for k in summary_keys if k in c} for c in capabilities]},
        )
    )
    for capability in capabilities:
        plan.append(
            (
                "describe_capability",
                {"clusterName": name, "capabilityName": capability["capabilityName"]},
                {"capability": renamed(capability)},
            )
        )
    return plan


class SplitEks:
    """An EKS client: moto for what moto serves, one Stubber-checked client per stubbed request."""

    def __init__(self, moto_client: Any, plan: list[tuple[str, dict, Any]]):
        import boto3
        from botocore.stub import Stubber

        self._moto = moto_client
        self._stubs: dict[tuple[str, str], tuple[Any, Any]] = {}
        self._lock = threading.Lock()
        self.used: list[tuple[str, str]] = []
        session = boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name=REGION)
        for method, params, response in plan:
            client = session.client("eks")
            stubber = Stubber(client)
            key = (method, json.dumps(params, sort_keys=True))
            if isinstance(response, list):  # pages: the paginator asks again with nextToken
                token = None
                for page in response:
                    stubber.add_response(method, page, {**params, **({"nextToken": token} if token else {})})
                    token = page.get("nextToken")
            else:
                stubber.add_response(method, response, params)
            stubber.activate()
            self._stubs[key] = (client, stubber)

    def _client(self, method: str, params: dict) -> Any:
        key = (method, json.dumps(params, sort_keys=True))
        with self._lock:
            if key not in self._stubs:
                raise AssertionError(f"unexpected EKS request {method}({params})")
            if key in self.used:
                raise AssertionError(f"EKS request made twice: {method}({params})")
            self.used.append(key)
            return self._stubs[key][0]

    def __getattr__(self, name: str) -> Any:
        if name in STUBBED:
            return lambda **params: getattr(self._client(name, params), name)(**params)
        return getattr(self._moto, name)

    def get_paginator(self, name: str) -> Any:
        if name not in STUBBED:
            return self._moto.get_paginator(name)
        split = self

        class _Paginator:
            def paginate(self, **params: Any) -> Any:
                return split._client(name, params).get_paginator(name).paginate(**params)

        return _Paginator()

    def assert_all_used(self) -> None:
        unused = sorted(set(self._stubs) - set(self.used))
        assert not unused, f"stubbed requests never made: {unused}"
        for _, stubber in self._stubs.values():
            stubber.assert_no_pending_responses()


class Clients:
    """A client factory like the collector's, over a moto-backed session plus SplitEks."""

    def __init__(
        self, session: Any, plan: list[tuple[str, dict, dict]] | None = None, endpoint_url: str | None = None
    ):
        from eks_lint.sources.aws import boto_config

        self.session = session
        self.endpoint_url = endpoint_url
        self.config = boto_config()
        self._clients: dict[str, Any] = {}
        self.plan = plan
        self.eks: SplitEks | None = None

    def raw(self, service: str) -> Any:
        if service not in self._clients:
            kwargs: dict[str, Any] = {"config": self.config}
            if self.endpoint_url:
                kwargs["endpoint_url"] = self.endpoint_url
            self._clients[service] = self.session.client(service, **kwargs)
        return self._clients[service]

    def __call__(self, service: str) -> Any:
        if service == "eks" and self.plan is not None:
            if self.eks is None:
                self.eks = SplitEks(self.raw("eks"), self.plan)
            return self.eks
        return self.raw(service)
