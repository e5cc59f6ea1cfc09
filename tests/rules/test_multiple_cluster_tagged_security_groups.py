"""The ``security_groups`` part (ec2:DescribeSecurityGroups) is not in the snapshot
schema yet, so these tests build the inventory from the fixture directly."""

import json

from helpers import SNAPSHOTS, run_rule

from eks_lint.inventory import Inventory
from eks_lint.rule import INVENTORY_PARTS

FIXTURES = SNAPSHOTS / "multiple-cluster-tagged-security-groups"


def findings(name):
    data = json.loads((FIXTURES / name).read_text())
    parts = {key: value for key, value in data.items() if key in INVENTORY_PARTS}
    result = run_rule("multiple-cluster-tagged-security-groups", Inventory(parts=parts))
    return [(f.target.display(), f.message) for f in result.findings]


def test_node_group_and_asg_with_two_tagged_groups_are_reported():
    found = findings("bad.json")
    assert [target for target, _ in found] == [
        "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
        ":autoScalingGroupName/prod-selfmanaged-gpu",
        "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/apps/b3d8c2e5-0f4a-4d32-9c6b-2a1f3e4d5c6b",
    ]
    assert "Auto Scaling group prod-selfmanaged-gpu get 2 security groups" in found[0][1]
    assert found[1][1].startswith(
        "nodes of node group apps get 2 security groups tagged kubernetes.io/cluster/prod "
        "(sg-0c1a2b3c4d5e6f708, sg-0a9b8c7d6e5f40321)"
    )


def test_one_tagged_group_per_node_is_clean():
    assert findings("good.json") == []


def test_skipped_without_security_groups():
    data = json.loads((FIXTURES / "bad.json").read_text())
    result = run_rule(
        "multiple-cluster-tagged-security-groups", Inventory(parts={"cluster": data["cluster"]})
    )
    assert result.skipped == {
        "multiple-cluster-tagged-security-groups": "needs security_groups: not in the input"
    }
