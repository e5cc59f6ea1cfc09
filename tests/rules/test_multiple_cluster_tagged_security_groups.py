import json

from helpers import SNAPSHOTS, by_resource, lint, run_rule

from eks_lint.engine.inventory import Inventory

FIXTURES = SNAPSHOTS / "multiple-cluster-tagged-security-groups"
GPU = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
    ":autoScalingGroupName/prod-selfmanaged-gpu"
)
APPS = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/apps/b3d8c2e5-0f4a-4d32-9c6b-2a1f3e4d5c6b"


def check(name):
    return lint(
        "--select",
        "multiple-cluster-tagged-security-groups",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
    )


def test_node_group_and_asg_with_two_tagged_groups_are_reported():
    outcome = check("bad.json")
    assert outcome.code == 1
    assert by_resource(outcome.findings) == [
        ("multiple-cluster-tagged-security-groups", GPU),
        ("multiple-cluster-tagged-security-groups", APPS),
    ]
    gpu, apps = (f["message"] for f in outcome.findings)
    assert "Auto Scaling group prod-selfmanaged-gpu get 2 security groups" in gpu  # from NetworkInterfaces
    assert apps.startswith(
        "nodes of node group apps get 2 security groups tagged kubernetes.io/cluster/prod "
        "(sg-0c1a2b3c4d5e6f708, sg-0a9b8c7d6e5f40321)"
    )


def test_one_tagged_group_per_node_is_clean():
    # system: the template names only the cluster group; batch-spot: no template, EKS attaches it.
    assert check("good.json").findings == []


def test_skipped_without_security_groups():
    data = json.loads((FIXTURES / "bad.json").read_text())
    result = run_rule(
        "multiple-cluster-tagged-security-groups", Inventory(parts={"cluster": data["cluster"]})
    )
    assert result.skipped == {
        "multiple-cluster-tagged-security-groups": "needs security_groups: not in the input"
    }
