"""Nothing secret leaves the machine in a snapshot: secrets planted in every field
the collector keeps (Kubernetes objects, AWS answers, launch template data,
tags, errors) appear neither in the snapshot nor in any report made from it."""

from __future__ import annotations

import base64

import pytest
from aws_world import ACCOUNT, REGION, Clients, build_world, stub_plan
from helpers import FIXTURES, cli

from eks_lint.sources import aws
from eks_lint.sources.redact import REDACTED
from eks_lint.sources.snapshot import dump_snapshot, parse_snapshot

CONFIG = str(FIXTURES / "empty-config.yaml")
FORMATS = ("text", "json", "table", "sarif", "junit", "github", "gitlab", "markdown")
PEM_BODY = "MIIEpAIBAAKCAQEAplantedPemBody"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.plantedJwtSignature"
GITHUB = "ghp_plantedGithubToken0123456789abcd"
AWS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYplanted012"
#: Each planted secret, and where it was planted.
PLANTED = {
    "plantedAsgTag": "an Auto Scaling group tag named db-password",
    "plantedUserData": "launch template UserData",
    "plantedLtUrl": "a launch template tag value holding a URL with a password",
    "plantedLtTag": "a launch template tag named api_token",
    "plantedClusterTag": "a cluster tag named slack-token",
    GITHUB: "a node group tag holding a GitHub token",
    "plantedErrorBearer": "an error message with a bearer token",
    "plantedDbUrl": "env DATABASE_URL (names ending _URL used to be exempt)",
    "plantedMysqlPwd": "env MYSQL_PWD",
    "plantedArgEquals": "args --password=",
    "plantedArgSpace": "args --token X",
    "plantedShellBearer": "a shell command line with a bearer token",
    PEM_BODY: "a PEM private key in env",
    AWS_KEY: "an AWS secret key under an innocent env name",
    "plantedJwtSignature": "a JWT in an annotation",
    "plantedLastApplied": "the last-applied-configuration annotation",
    "plantedCniToken": "ConfigMap data named auth-token",
    "plantedNodeClassUserData": "an EC2NodeClass userData",
    "cGxhbnRlZFNlY3JldA": "a Secret's data (base64)",
}


def _kubernetes() -> list[dict]:
    container = {
        "name": "api",
        "image": "shop/api:1.4.2",
        "command": ["sh", "-c", "curl -H 'Authorization: Bearer plantedShellBearer' https://x"],
        "args": ["--password=plantedArgEquals", "--token", "plantedArgSpace"],
        "env": [
            {"name": "DATABASE_URL", "value": "postgres://shop:plantedDbUrl@db.internal:5432/shop"},
            {"name": "MYSQL_PWD", "value": "plantedMysqlPwd"},
            {
                "name": "TLS_KEY_PEM",
                "value": f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----",
            },
            {"name": "STATIC", "value": AWS_KEY},
            {"name": "LOG_LEVEL", "value": "debug"},
        ],
    }
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "name": "api",
                "namespace": "shop",
                "annotations": {
                    "kubectl.kubernetes.io/last-applied-configuration": '{"x": "plantedLastApplied"}',
                    "example.com/session": JWT,
                },
            },
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": {"app": "api"}},
                "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [container]}},
            },
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "amazon-vpc-cni", "namespace": "kube-system"},
            "data": {"auth-token": "plantedCniToken", "enable-network-policy-controller": "false"},
        },
        {
            "apiVersion": "karpenter.k8s.aws/v1",
            "kind": "EC2NodeClass",
            "metadata": {"name": "default"},
            "spec": {"role": "KarpenterNode", "userData": "export K=plantedNodeClassUserData"},
        },
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "db", "namespace": "shop"},
            "data": {"password": "cGxhbnRlZFNlY3JldA=="},
        },
    ]


def _plant_aws(clients: Clients) -> None:
    ec2, autoscaling = clients.raw("ec2"), clients.raw("autoscaling")
    template = ec2.create_launch_template(
        LaunchTemplateName="prod-batch",
        LaunchTemplateData={
            "InstanceType": "m6i.large",
            "UserData": base64.b64encode(b"#!/bin/bash\nexport TOKEN=plantedUserData\n").decode(),
            "TagSpecifications": [
                {
                    "ResourceType": "instance",
                    "Tags": [
                        {"Key": "note", "Value": "postgres://batch:plantedLtUrl@db/x"},
                        {"Key": "api_token", "Value": "plantedLtTag"},
                    ],
                }
            ],
        },
    )["LaunchTemplate"]["LaunchTemplateId"]
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="prod-batch",
        LaunchTemplate={"LaunchTemplateId": template, "Version": "1"},
        MinSize=0,
        MaxSize=1,
        VPCZoneIdentifier=subnet,
        Tags=[
            {"Key": "kubernetes.io/cluster/prod", "Value": "owned", "PropagateAtLaunch": True},
            {"Key": "db-password", "Value": "plantedAsgTag", "PropagateAtLaunch": False},
        ],
    )
    # moto's EKS TagResource does not find clusters: set the tags in its state, as
    # CreateCluster and CreateNodegroup would have.
    from moto.eks.models import eks_backends

    backend = eks_backends[ACCOUNT][REGION]
    backend.clusters["prod"].tags = {"slack-token": "plantedClusterTag"}
    backend.clusters["prod"].nodegroups["ng-00"].tags = {"ci": GITHUB}


@pytest.fixture(scope="module")
def planted_snapshot(tmp_path_factory):
    """Collected once for the module: moto's account, the planted secrets, the snapshot file."""
    folder = tmp_path_factory.mktemp("planted")
    with pytest.MonkeyPatch.context() as env:
        for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            env.delenv(key, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_CONFIG_FILE", str(folder / "no-config"))
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "no-credentials"))
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")
        from moto import mock_aws

        with mock_aws():
            import boto3

            clients = Clients(boto3.Session(region_name=REGION), stub_plan())
            build_world(clients.raw, nodegroups=2)
            _plant_aws(clients)

            def kube(view):
                view["kubernetes"] = _kubernetes()
                view["errors"].append(
                    {
                        "operation": "k8s:connect",
                        "target": "prod",
                        "code": "KubernetesUnavailable",
                        "message": "credential plugin failed: Authorization: Bearer plantedErrorBearer",
                    }
                )

            parts = set(aws.DEPENDS_ON) | {"cluster", "nodegroups", "kubernetes", "auto_scaling_groups"}
            collector = aws.Collector(
                "prod", clients=clients, parts=parts, region=REGION, workers=4, kube=kube
            )
            snapshot = collector.collect()
    path = folder / "prod.json"
    path.write_text(dump_snapshot(snapshot))
    return snapshot, path


def test_the_planted_places_were_read(planted_snapshot):
    """The test plants where the collector really reads: each place is in the snapshot, redacted."""
    snapshot, _ = planted_snapshot
    asg = next(g for g in snapshot["auto_scaling_groups"] if g["AutoScalingGroupName"] == "prod-batch")
    assert {"Key": "db-password", "Value": REDACTED} in [
        {"Key": t["Key"], "Value": t["Value"]} for t in asg["Tags"]
    ]
    versions = [v for v in snapshot["launch_template_versions"] if v["LaunchTemplateName"] == "prod-batch"]
    tags = versions[0]["LaunchTemplateData"]["TagSpecifications"][0]["Tags"]
    assert tags == [
        {"Key": "note", "Value": "postgres://batch:REDACTED@db/x"},
        {"Key": "api_token", "Value": REDACTED},
    ]
    assert "UserData" not in versions[0]["LaunchTemplateData"]
    assert snapshot["cluster"]["tags"]["slack-token"] == REDACTED
    assert snapshot["nodegroups"][0]["tags"]["ci"] == REDACTED
    deployment = snapshot["kubernetes"][0]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["--password=REDACTED", "--token", REDACTED]
    assert [v["value"] for v in container["env"]] == [
        "postgres://shop:REDACTED@db.internal:5432/shop",
        REDACTED,
        REDACTED,
        REDACTED,
        "debug",
    ]
    assert [o["kind"] for o in snapshot["kubernetes"]] == ["Deployment", "ConfigMap", "EC2NodeClass"]
    assert snapshot["errors"][-1]["message"] == "credential plugin failed: Authorization: Bearer REDACTED"


def test_no_planted_secret_is_in_the_snapshot(planted_snapshot):
    _, path = planted_snapshot
    text = path.read_text()
    parse_snapshot(text)  # still a valid snapshot
    leaked = {secret: where for secret, where in PLANTED.items() if secret in text}
    assert leaked == {}


@pytest.mark.parametrize("report", FORMATS)
def test_no_planted_secret_is_in_any_report(planted_snapshot, report):
    _, path = planted_snapshot
    outcome = cli(
        "check", "--snapshot", str(path), "--config", CONFIG, "--today", "2026-11-24", "-f", report, "-v"
    )
    assert outcome.code in (0, 1), outcome.stderr
    assert outcome.stdout  # a report was written
    output = outcome.stdout + outcome.stderr
    leaked = {secret: where for secret, where in PLANTED.items() if secret in output}
    assert leaked == {}
