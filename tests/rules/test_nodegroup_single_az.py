from helpers import SNAPSHOTS, by_resource, lint, run_rule

from eks_lint.engine.inventory import Inventory

FIXTURES = SNAPSHOTS / "nodegroup-single-az"
APPS = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/apps/b3d8c2e5-0f4a-4d32-9c6b-2a1f3e4d5c6b"


def check(name):
    return lint(
        "--select", "nodegroup-single-az", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_node_group_in_one_zone_is_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("nodegroup-single-az", APPS)]
    assert outcome.findings[0]["message"].startswith("all 2 subnets of node group apps are in eu-west-1a")


def test_multi_zone_groups_and_one_group_per_zone_are_clean():
    assert check("good.json").findings == []
    assert check("good-per-zone.json").findings == []


def test_subnet_missing_from_the_input_is_not_judged():
    nodegroup = {"nodegroupName": "apps", "subnets": ["subnet-a", "subnet-unknown"]}
    subnets = [{"SubnetId": "subnet-a", "AvailabilityZone": "eu-west-1a"}]
    result = run_rule("nodegroup-single-az", Inventory(parts={"nodegroups": [nodegroup], "subnets": subnets}))
    assert result.findings == []
