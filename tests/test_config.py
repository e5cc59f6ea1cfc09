"""The config file: discovery, schema validation with key paths, and its effect."""

from helpers import FIXTURES, cli

from eks_lint.engine.config import find_config

TARGET = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")


def test_config_is_found_from_the_working_folder_upwards(tmp_path):
    (tmp_path / ".eks-lint.yaml").write_text("fail-on: warning\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / ".eks-lint.yaml"


def test_found_config_applies_when_no_config_flag(tmp_path, monkeypatch):
    (tmp_path / ".eks-lint.yaml").write_text("fail-on: warning\nselect: [single-replica-workload]\n")
    monkeypatch.chdir(tmp_path)
    outcome = cli("check", TARGET)
    assert outcome.code == 1  # two warnings, fail-on warning


def test_invalid_config_lists_every_problem_with_its_key_path(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text(
        "fail-on: sometimes\n"
        "selct: [EKS1]\n"
        "exclude: notalist\n"
        "rules:\n"
        "  single-replica-workload:\n"
        "    severity: fatal\n"
        "    ignore: [{resource: 'x'}]\n"
    )
    outcome = cli("check", "--config", str(config), TARGET)
    assert outcome.code == 2
    lines = outcome.stderr.splitlines()
    assert lines[0] == f"eks-lint: {config}: invalid config (5 problems):"
    assert "  (top level): unknown key ('selct' was unexpected)" in lines
    assert "  exclude: 'notalist' is not of type 'array'" in lines
    assert "  fail-on: 'sometimes' is not one of ['error', 'warning', 'info', 'never']" in lines
    assert "  rules.single-replica-workload.ignore[0]: 'reason' is a required property" in lines
    assert (
        "  rules.single-replica-workload.severity: 'fatal' is not one of ['error', 'warning', 'info']"
        in lines
    )


def test_unknown_rule_and_option_errors_name_the_rule_and_option(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        "rules:\n"
        "  no-such-rule: {severity: info}\n"
        "  single-replica-workload:\n"
        "    options: {min-replica: 3}\n"
        "  pdb-blocks-drain: {}\n"
        "  EKS602:\n"
        "    options: {min-replicas: 'three'}\n"
    )
    outcome = cli("check", "--config", str(config), TARGET)
    assert outcome.code == 2
    assert "  rules.no-such-rule: unknown rule" in outcome.stderr
    assert (
        "  rules.single-replica-workload.options.min-replica: unknown option "
        "(options of single-replica-workload: min-replicas)"
    ) in outcome.stderr
    assert "  rules.EKS602.options.min-replicas: expected integer, got string" in outcome.stderr


def test_config_that_is_not_yaml_is_one_line(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("select: [a\n")
    outcome = cli("check", "--config", str(config), TARGET)
    assert outcome.code == 2
    assert outcome.stderr.startswith(f"eks-lint: {config}:2:1: config is not valid YAML")


def test_missing_config_file_is_a_usage_error():
    outcome = cli("check", "--config", "nope.yaml", TARGET)
    assert (outcome.code, outcome.stderr) == (2, "eks-lint: nope.yaml: config file not found\n")


def test_severity_override_and_exclude(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        "rules:\n  single-replica-workload: {severity: error}\nexclude: ['*/pdb-blocks-drain/*']\n"
    )
    outcome = cli(
        "check",
        "--format",
        "json",
        "--config",
        str(config),
        "--select",
        "EKS601,EKS602",
        str(FIXTURES / "manifests" / "single-replica-workload"),
        str(FIXTURES / "manifests" / "pdb-blocks-drain"),
    )
    assert outcome.code == 1
    assert {f["severity"] for f in outcome.report["findings"]} == {"error"}
    assert all("pdb-blocks-drain" not in f["location"]["file"] for f in outcome.report["findings"])
