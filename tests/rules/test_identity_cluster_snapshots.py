"""The identity rules on the project's whole-cluster snapshots: silent on healthy.json, and the
problems planted in problems.json are found."""

from helpers import SNAPSHOTS, lint
from identity_fixtures import summary

IDENTITY = "EKS103,EKS104,EKS105,EKS106,EKS107,EKS108,EKS109,EKS110"


def test_healthy_cluster_is_clean():
    outcome = lint("--select", IDENTITY, "--snapshot", str(SNAPSHOTS / "healthy.json"))
    assert outcome.findings == []
    # the eight identity rules, and invalid-yaml, which --select always keeps
    assert len(outcome.report["summary"]["rules_run"]) == 9
    assert "invalid-yaml" in outcome.report["summary"]["rules_run"]


def test_problem_cluster_findings():
    outcome = lint("--select", IDENTITY, "--snapshot", str(SNAPSHOTS / "problems.json"))
    found = {(name, resource) for name, resource, _ in summary(outcome.findings)}
    cluster = "arn:aws:eks:us-east-1:444455556666:cluster/legacy-prod"
    assert {
        ("irsa-trust-policy-mismatch", "ServiceAccount/kube-system/aws-node"),
        ("irsa-oidc-provider-missing", cluster),
        ("pod-identity-agent-missing", cluster),
        ("irsa-trust-policy-too-broad", "arn:aws:iam::444455556666:role/legacy-prod-s3-reader"),
        ("missing-irsa", "Deployment/kube-system/aws-load-balancer-controller"),
    } <= found
    groups = {r.rsplit("/", 2)[-2] for n, r in found if n == "imds-reachable-from-pods"}
    assert groups == {"legacy", "public-spot", "workers"}
