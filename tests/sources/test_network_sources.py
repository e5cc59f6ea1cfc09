"""What the networking rules read: the cluster VPC, NetworkPolicy and SecurityGroupPolicy lists."""

from __future__ import annotations

import json

from api_shapes import shape_problems
from fake_apiserver import TOKEN

from eks_lint.data.aws_calls import CALLS_BY_ACTION
from eks_lint.sources import aws
from eks_lint.sources.kube import Endpoint, read_objects
from eks_lint.sources.snapshot import dump_snapshot, parse_snapshot

REGION = "us-west-2"
VPC_ID = "vpc-0a1b2c3d4e5f60718"
CLUSTER = {
    "name": "edge",
    "arn": "arn:aws:eks:us-west-2:111122223333:cluster/edge",
    "version": "1.33",
    "status": "ACTIVE",
    "resourcesVpcConfig": {
        "subnetIds": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        "vpcId": VPC_ID,
        "endpointPublicAccess": False,
        "endpointPrivateAccess": True,
    },
}
VPC = {
    "OwnerId": "111122223333",
    "InstanceTenancy": "default",
    "CidrBlockAssociationSet": [
        {
            "AssociationId": "vpc-cidr-assoc-0a1b2c3d4e5f60001",
            "CidrBlock": "10.226.0.0/16",
            "CidrBlockState": {"State": "associated"},
        },
        {
            "AssociationId": "vpc-cidr-assoc-0a1b2c3d4e5f60002",
            "CidrBlock": "100.64.0.0/16",
            "CidrBlockState": {"State": "associated"},
        },
    ],
    "IsDefault": False,
    "VpcId": VPC_ID,
    "State": "available",
    "CidrBlock": "10.226.0.0/16",
    "DhcpOptionsId": "dopt-0a1b2c3d4e5f60718",
}


def test_describe_vpcs_is_read_only_and_in_the_call_table():
    call = CALLS_BY_ACTION["ec2:DescribeVpcs"]
    assert (call.service, call.method, call.part, call.paginated) == ("ec2", "describe_vpcs", "vpcs", True)
    assert "ec2:DescribeVpcs" in aws.iam_policy(aws.calls_for({"vpcs"}))["Statement"][0]["Action"]
    assert aws.close_parts({"vpcs"}) >= {"cluster", "subnets"}


SUBNETS = [
    {
        "AvailabilityZone": f"us-west-2{zone}",
        "AvailableIpAddressCount": 4000,
        "CidrBlock": f"10.226.{index * 16}.0/20",
        "SubnetId": f"subnet-0a1b2c3d4e5f6000{index + 1}",
        "VpcId": VPC_ID,
        "MapPublicIpOnLaunch": False,
    }
    for index, zone in enumerate("ab")
]


def _stub_cluster(eks_stub, ec2_stub):
    """The cluster (vpcs depends on it and on subnets, which depend on node groups and Fargate)."""
    eks_stub.add_response("describe_cluster", {"cluster": CLUSTER}, {"name": "edge"})
    eks_stub.add_response("list_nodegroups", {"nodegroups": []}, {"clusterName": "edge"})
    eks_stub.add_response("list_fargate_profiles", {"fargateProfileNames": []}, {"clusterName": "edge"})
    ec2_stub.add_response(
        "describe_subnets", {"Subnets": SUBNETS}, {"SubnetIds": [s["SubnetId"] for s in SUBNETS]}
    )


def test_the_cluster_vpc_is_read_by_its_id(aws_env):
    """Stubber checks the request and the response against the EC2 and EKS service models."""
    import boto3
    from botocore.stub import Stubber

    session = boto3.Session(region_name=REGION)
    eks, ec2 = session.client("eks"), session.client("ec2")
    with Stubber(eks) as eks_stub, Stubber(ec2) as ec2_stub:
        _stub_cluster(eks_stub, ec2_stub)
        ec2_stub.add_response("describe_vpcs", {"Vpcs": [VPC]}, {"VpcIds": [VPC_ID]})
        collector = aws.Collector(
            "edge",
            clients={"eks": eks, "ec2": ec2}.__getitem__,
            parts={"cluster", "vpcs"},
            region=REGION,
            workers=1,
        )
        snapshot = collector.collect()
        eks_stub.assert_no_pending_responses()
        ec2_stub.assert_no_pending_responses()
    assert snapshot["errors"] == []
    assert [v["VpcId"] for v in snapshot["vpcs"]] == [VPC_ID]
    loaded = parse_snapshot(dump_snapshot(snapshot))
    assert shape_problems(json.loads(dump_snapshot(loaded.data))) == []


def test_a_denied_describe_vpcs_leaves_the_part_out_and_says_why(aws_env):
    import boto3
    from botocore.stub import Stubber

    session = boto3.Session(region_name=REGION)
    eks, ec2 = session.client("eks"), session.client("ec2")
    with Stubber(eks) as eks_stub, Stubber(ec2) as ec2_stub:
        _stub_cluster(eks_stub, ec2_stub)
        ec2_stub.add_client_error("describe_vpcs", "UnauthorizedOperation", "not allowed", 403)
        snapshot = aws.Collector(
            "edge",
            clients={"eks": eks, "ec2": ec2}.__getitem__,
            parts={"cluster", "vpcs"},
            region=REGION,
            workers=1,
        ).collect()
    assert "vpcs" not in snapshot
    assert [(e["operation"], e["code"]) for e in snapshot["errors"]] == [
        ("ec2:DescribeVpcs", "UnauthorizedOperation")
    ]


def test_network_policies_and_security_group_policies_are_listed(api):
    api.lists["/apis/networking.k8s.io/v1/networkpolicies"] = [
        {"metadata": {"name": "default-deny", "namespace": "shop"}, "spec": {"podSelector": {}}}
    ]
    api.lists["/apis/vpcresources.k8s.aws/v1beta1/securitygrouppolicies"] = [
        {
            "metadata": {"name": "db-access", "namespace": "shop"},
            "spec": {"podSelector": {}, "securityGroups": {"groupIds": ["sg-0a1b2c3d4e5f60718"]}},
        }
    ]
    endpoint = Endpoint(server=api.url, ca_pem=api.pki.ca.cert_pem, token=TOKEN, name="test")
    read = read_objects(endpoint, ["NetworkPolicy", "SecurityGroupPolicy"])
    assert read.errors == []
    assert [(o["kind"], o["apiVersion"], o["metadata"]["name"]) for o in read.objects] == [
        ("NetworkPolicy", "networking.k8s.io/v1", "default-deny"),
        ("SecurityGroupPolicy", "vpcresources.k8s.aws/v1beta1", "db-access"),
    ]


def test_webhook_configurations_are_listed_cluster_wide(api):
    api.lists["/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"] = [
        {"metadata": {"name": "line-policy"}, "webhooks": [{"name": "validate.line-policy.factory.example"}]}
    ]
    api.lists["/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations"] = []
    endpoint = Endpoint(server=api.url, ca_pem=api.pki.ca.cert_pem, token=TOKEN, name="test")
    read = read_objects(endpoint, ["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"])
    assert read.errors == []
    assert [(o["kind"], o["metadata"]["name"]) for o in read.objects] == [
        ("ValidatingWebhookConfiguration", "line-policy")
    ]


def test_no_security_group_policy_crd_is_a_note_not_a_failed_read(api):
    endpoint = Endpoint(server=api.url, ca_pem=api.pki.ca.cert_pem, token=TOKEN, name="test")
    read = read_objects(endpoint, ["SecurityGroupPolicy"])
    assert [e["code"] for e in read.errors] == ["NotFound"]
    assert "security groups for pods are not set up" in read.errors[0]["message"]
    assert "part" not in read.errors[0] and read.objects == []
