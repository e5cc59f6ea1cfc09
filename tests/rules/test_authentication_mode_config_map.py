from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "authentication-mode-config-map"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(name):
    return lint(
        "--select",
        "authentication-mode-config-map",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
    )


def test_config_map_mode_is_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("authentication-mode-config-map", CLUSTER)]
    assert outcome.findings[0]["path"] == "accessConfig.authenticationMode"
    assert "platform" not in outcome.findings[0]["message"]


def test_platform_too_old_for_access_entries_is_named():
    (finding,) = check("bad-old-platform.json").findings
    assert "platform eks.8 is below eks.10" in finding["message"]


def test_api_and_mixed_modes_are_clean():
    assert check("good.json").findings == []  # API_AND_CONFIG_MAP
    assert check("good-api.json").findings == []
