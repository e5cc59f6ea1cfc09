from helpers import SNAPSHOTS, by_resource, lint

RULE = "ipv6-nodegroup-subnet-not-ipv6"
FIXTURES = SNAPSHOTS / RULE
GROUP = "arn:aws:eks:eu-west-1:111122223333:nodegroup/v6/system/a2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a"


def check(name):
    return lint("--select", RULE, "--snapshot", str(FIXTURES / name))


def test_subnets_without_ipv6_or_auto_assign_are_reported_on_the_node_group():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [(RULE, GROUP)]
    finding = outcome.findings[0]
    assert finding["severity"] == "error" and finding["path"] == "subnets"
    assert (
        "subnet-0a1f3c5e7b9d20481 has no IPv6 CIDR block; subnet-0b2e4d6f8a0c31592 does not assign IPv6 "
        "addresses on creation"
    ) in finding["message"]


def test_dual_stack_subnets_or_an_ipv4_cluster_are_clean():
    assert check("good.json").findings == []
    assert check("good-ipv4-cluster.json").findings == []
