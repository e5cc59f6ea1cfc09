from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "spot-single-instance-type"
SPOT = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/batch-spot/c4e9d3f6-1a5b-4e43-8d7c-3b2a4f5e6d7c"


def check(name, *extra):
    return lint(
        "--select",
        "spot-single-instance-type",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
        *extra,
    )


def test_spot_group_with_one_instance_type_is_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("spot-single-instance-type", SPOT)]
    assert "can launch only m6i.xlarge" in outcome.findings[0]["message"]


def test_instance_type_from_the_launch_template_counts():
    (finding,) = check("bad-launch-template.json").findings
    assert "can launch only c6i.2xlarge" in finding["message"]
    assert finding["path"] == "launchTemplate"


def test_diversified_spot_and_on_demand_groups_are_clean(tmp_path):
    assert check("good.json").findings == []
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  spot-single-instance-type:\n    options: {min-instance-types: 3}\n")
    (finding,) = check("good.json", "--config", str(config)).findings
    assert "list at least 3 instance types" in finding["message"]
