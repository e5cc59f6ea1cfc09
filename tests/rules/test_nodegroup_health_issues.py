from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "nodegroup-health-issues"
SYSTEM = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/system/a2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a"


def check(name):
    return lint(
        "--select", "nodegroup-health-issues", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_health_issue_is_an_error_on_the_node_group():
    outcome = check("bad.json")
    assert outcome.code == 1
    assert by_resource(outcome.findings) == [("nodegroup-health-issues", SYSTEM)]
    finding = outcome.findings[0]
    assert finding["path"] == "health.issues[0]"
    assert finding["message"].startswith(
        "EKS reports AsgInstanceLaunchFailures (eks-system-a2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a): "
        "Could not launch"
    )


def test_healthy_node_groups_are_clean():
    assert check("good.json").findings == []
