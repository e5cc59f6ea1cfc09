from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "nodegroup-launch-template-drift"
APPS = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/apps/b3d8c2e5-0f4a-4d32-9c6b-2a1f3e4d5c6b"


def check(name):
    return lint(
        "--select",
        "nodegroup-launch-template-drift",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
    )


def test_version_older_than_latest_and_default_is_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("nodegroup-launch-template-drift", APPS)]
    finding = outcome.findings[0]
    assert finding["severity"] == "info"
    assert finding["message"].startswith(
        "node group apps runs version 3 of launch template prod-apps (latest 5, default 5)"
    )


def test_latest_in_use_or_a_staged_newer_version_is_clean():
    assert check("good.json").findings == []
    assert check("good-staged.json").findings == []  # runs default 4; 5 exists but is not yet default
