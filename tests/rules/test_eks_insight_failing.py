from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "eks-insight-failing"


def check(name):
    return lint(
        "--select", "eks-insight-failing", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_error_and_warning_insights_pass_through_with_their_recommendation():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [
        ("eks-insight-failing", "insight/a1b2c3d4-0101-4e5f-8a9b-0c1d2e3f4a5b"),
        ("eks-insight-failing", "insight/a1b2c3d4-0102-4e5f-8a9b-0c1d2e3f4a5b"),
    ]
    error, warning = outcome.findings
    assert error["severity"] == "error" and warning["severity"] == "warning"
    assert error["message"].startswith(
        "insight 'Deprecated APIs removed in Kubernetes v1.34' (UPGRADE_READINESS) is ERROR"
    )
    assert "update manifests and API clients to use newer Kubernetes APIs" in error["message"]
    assert "upgrade your worker nodes" in warning["message"]


def test_passing_and_unknown_insights_are_clean():
    assert check("good.json").findings == []
