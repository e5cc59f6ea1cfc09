from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "nodegroup-max-unavailable-high"
PREFIX = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod"


def check(name):
    return lint(
        "--select",
        "nodegroup-max-unavailable-high",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
    )


def test_count_and_percentage_above_half_are_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [
        ("nodegroup-max-unavailable-high", f"{PREFIX}/apps/b3d8c2e5-0f4a-4d32-9c6b-2a1f3e4d5c6b"),
        ("nodegroup-max-unavailable-high", f"{PREFIX}/system/a2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a"),
    ]
    apps, system = (f["message"] for f in outcome.findings)
    assert apps.startswith("maxUnavailable 4 lets an update of node group apps drain 4 of its 6 nodes (67%)")
    assert system.startswith(
        "maxUnavailablePercentage 100 lets an update of node group system drain 3 of its 3 nodes"
    )


def test_defaults_one_node_groups_and_a_third_are_clean():
    assert check("good.json").findings == []
