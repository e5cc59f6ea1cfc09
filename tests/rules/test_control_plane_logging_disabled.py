from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "control-plane-logging-disabled"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(name, *extra):
    return lint(
        "--select",
        "control-plane-logging-disabled",
        "--snapshot",
        str(FIXTURES / name),
        "--today",
        "2026-11-24",
        *extra,
    )


def test_disabled_audit_and_authenticator_logs_are_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("control-plane-logging-disabled", CLUSTER)]
    assert outcome.findings[0]["message"].startswith("control plane audit and authenticator logging are off")


def test_all_log_types_enabled_is_clean():
    assert check("good.json").findings == []


def test_required_types_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  control-plane-logging-disabled:\n    options: {required-types: [api]}\n")
    assert check("bad.json", "--config", str(config)).findings == []  # api is on in bad.json
    config.write_text("rules:\n  control-plane-logging-disabled:\n    options: {required-types: [audit]}\n")
    assert (
        "control plane audit logging is off"
        in check("bad.json", "--config", str(config)).findings[0]["message"]
    )
