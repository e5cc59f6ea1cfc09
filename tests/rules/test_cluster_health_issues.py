from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "cluster-health-issues"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(name):
    return lint(
        "--select", "cluster-health-issues", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_each_health_issue_is_an_error_with_its_code():
    outcome = check("bad.json")
    assert outcome.code == 1
    assert by_resource(outcome.findings) == [("cluster-health-issues", CLUSTER)] * 2
    messages = sorted(f["message"] for f in outcome.findings)
    assert messages[0].startswith("EKS reports Ec2SubnetNotFound (subnet-0c3d5e7f9b1d42603)")
    assert messages[1].startswith("EKS reports KmsKeyDisabled (arn:aws:kms:")
    assert {f["path"] for f in outcome.findings} == {"health.issues[0]", "health.issues[1]"}


def test_no_issues_is_clean():
    assert check("good.json").findings == []
