"""The collector reads EKS Capabilities (ListCapabilities + DescribeCapability) through Stubber.

moto has no EKS Capabilities; botocore's Stubber checks every request and
response against the real service model, so the shapes here are EKS's own.
"""

from __future__ import annotations

import json

import pytest
from api_shapes import shape_problems

from eks_lint.sources import aws
from eks_lint.sources.snapshot import dump_snapshot, parse_snapshot

REGION = "eu-west-1"
CLUSTER = {
    "name": "shop",
    "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/shop",
    "version": "1.34",
    "status": "ACTIVE",
    "roleArn": "arn:aws:iam::111122223333:role/shop-cluster",
}
ARGOCD = {
    "capabilityName": "gitops",
    "arn": (
        "arn:aws:eks:eu-west-1:111122223333:capability/shop/argocd/gitops/4ecd8a31-5b1c-95a2-1d61-2c0f4a6b2e10"
    ),
    "clusterName": "shop",
    "type": "ARGOCD",
    "roleArn": "arn:aws:iam::111122223333:role/shop-argocd-capability",
    "status": "ACTIVE",
    "version": "3.1.8-eks-1",
    "configuration": {
        "argoCd": {
            "namespace": "argocd",
            "awsIdc": {
                "idcInstanceArn": "arn:aws:sso:::instance/ssoins-7223b4b5d6e81c2f",
                "idcRegion": "eu-west-1",
            },
            "serverUrl": "https://4ecd8a31.eks-capabilities.eu-west-1.amazonaws.com",
        }
    },
    "tags": {},
    "health": {"issues": []},
}
ACK = {
    "capabilityName": "aws-controllers",
    "arn": (
        "arn:aws:eks:eu-west-1:111122223333:capability/shop/ack/aws-controllers/"
        "9ecd8a31-6b1c-95a2-1d61-2c0f4a6b2e11"
    ),
    "clusterName": "shop",
    "type": "ACK",
    "roleArn": "arn:aws:iam::111122223333:role/shop-ack-capability",
    "status": "DEGRADED",
    "version": "2025-11-30",
    "health": {"issues": [{"code": "AccessDenied", "message": "The capability role cannot be assumed"}]},
}


def _client(responses):
    import boto3
    from botocore.stub import Stubber

    client = boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name=REGION).client(
        "eks"
    )
    stubber = Stubber(client)
    for method, answer, params in responses:
        if isinstance(answer, str):
            stubber.add_client_error(method, answer, f"{answer} for test", 403, expected_params=params)
        else:
            stubber.add_response(method, answer, params)
    stubber.activate()
    return client, stubber


def _collect(responses):
    client, stubber = _client(responses)
    collector = aws.Collector(
        "shop", clients=lambda service: client, parts={"capabilities"}, region=REGION, workers=1
    )
    snapshot = collector.collect()
    stubber.assert_no_pending_responses()
    return snapshot


def _listed(*capabilities):
    keys = ("capabilityName", "arn", "type", "status", "version")
    return {"capabilities": [{k: c[k] for k in keys} for c in capabilities]}


def test_capabilities_are_listed_then_described_in_real_shapes():
    snapshot = _collect(
        [
            ("describe_cluster", {"cluster": CLUSTER}, {"name": "shop"}),
            ("list_capabilities", _listed(ARGOCD, ACK), {"clusterName": "shop"}),
            (
                "describe_capability",
                {"capability": ARGOCD},
                {"clusterName": "shop", "capabilityName": "gitops"},
            ),
            (
                "describe_capability",
                {"capability": ACK},
                {"clusterName": "shop", "capabilityName": "aws-controllers"},
            ),
        ]
    )
    assert snapshot["errors"] == []
    assert [c["capabilityName"] for c in snapshot["capabilities"]] == ["gitops", "aws-controllers"]
    assert snapshot["capabilities"][1]["health"]["issues"][0]["code"] == "AccessDenied"
    assert snapshot["capabilities"][0]["configuration"]["argoCd"]["namespace"] == "argocd"
    written = json.loads(dump_snapshot(parse_snapshot(dump_snapshot(snapshot)).data))
    assert shape_problems(written) == []


def test_no_capabilities_is_an_empty_part_not_an_unknown_one():
    snapshot = _collect(
        [
            ("describe_cluster", {"cluster": CLUSTER}, {"name": "shop"}),
            ("list_capabilities", {"capabilities": []}, {"clusterName": "shop"}),
        ]
    )
    assert snapshot["capabilities"] == [] and snapshot["errors"] == []


@pytest.mark.parametrize("method", ["list_capabilities", "describe_capability"])
def test_a_denied_read_leaves_the_part_out_and_names_the_call(method):
    responses = [
        ("describe_cluster", {"cluster": CLUSTER}, {"name": "shop"}),
        (
            "list_capabilities",
            "AccessDeniedException" if method == "list_capabilities" else _listed(ARGOCD),
            {"clusterName": "shop"},
        ),
    ]
    if method == "describe_capability":
        responses.append(
            (
                "describe_capability",
                "AccessDeniedException",
                {"clusterName": "shop", "capabilityName": "gitops"},
            )
        )
    snapshot = _collect(responses)
    action = "eks:ListCapabilities" if method == "list_capabilities" else "eks:DescribeCapability"
    assert "capabilities" not in snapshot
    assert [(e["operation"], e["code"], e["part"]) for e in snapshot["errors"]] == [
        (action, "AccessDeniedException", "capabilities")
    ]


def test_iam_policy_lists_the_capability_calls():
    actions = aws.iam_policy(aws.calls_for({"capabilities"}))["Statement"][0]["Action"]
    assert {"eks:ListCapabilities", "eks:DescribeCapability"} <= set(actions)


def test_capability_roles_are_read_for_their_trust_policies():
    import boto3
    from botocore.stub import Stubber

    eks, eks_stub = _client(
        [
            ("describe_cluster", {"cluster": CLUSTER}, {"name": "shop"}),
            ("list_nodegroups", {"nodegroups": []}, {"clusterName": "shop"}),
            ("list_fargate_profiles", {"fargateProfileNames": []}, {"clusterName": "shop"}),
            ("list_capabilities", _listed(ARGOCD), {"clusterName": "shop"}),
            (
                "describe_capability",
                {"capability": ARGOCD},
                {"clusterName": "shop", "capabilityName": "gitops"},
            ),
        ]
    )
    iam = boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name=REGION).client(
        "iam"
    )
    iam_stub = Stubber(iam)
    trust = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
        '"Principal":{"Service":"capabilities.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}'
    )
    for name in ("shop-argocd-capability", "shop-cluster"):  # GetRole in ARN order
        role = {
            "Path": "/",
            "RoleName": name,
            "RoleId": "AROA" + name.upper().replace("-", "")[:17].ljust(17, "X"),
            "Arn": f"arn:aws:iam::111122223333:role/{name}",
            "CreateDate": "2025-11-03T09:12:44Z",
            "AssumeRolePolicyDocument": trust,
        }
        iam_stub.add_response("get_role", {"Role": role}, {"RoleName": name})
    iam_stub.activate()
    collector = aws.Collector(
        "shop",
        clients=lambda service: {"eks": eks, "iam": iam}[service],
        parts={"capabilities", "iam_roles"},
        region=REGION,
        workers=1,
    )
    snapshot = collector.collect()
    eks_stub.assert_no_pending_responses()
    iam_stub.assert_no_pending_responses()
    assert snapshot["errors"] == []
    assert [r["RoleName"] for r in snapshot["iam_roles"]] == ["shop-argocd-capability", "shop-cluster"]
