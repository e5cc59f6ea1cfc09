"""--format / --output pairing and validation through the command line."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from helpers import MANIFESTS, cli

BAD = str(MANIFESTS / "single-replica-workload" / "bad.yaml")


def run(*args: str):
    return cli(
        "check",
        "--config",
        str(MANIFESTS.parent / "empty-config.yaml"),
        "--select",
        "single-replica-workload",
        *args,
    )


def test_sarif_to_a_file_and_text_to_the_terminal(tmp_path):
    out = tmp_path / "eks-lint.sarif"
    outcome = run("--format", "sarif", "--output", str(out), "--format", "text", BAD)
    assert outcome.code == 0
    assert json.loads(out.read_text())["version"] == "2.1.0"
    assert "warning EKS602 single-replica-workload" in outcome.stdout
    assert outcome.stdout.rstrip().splitlines()[-1].startswith("0 errors, 2 warnings")


def test_every_format_renders_through_the_cli(tmp_path):
    args = []
    for name in ("table", "sarif", "junit", "github", "gitlab", "markdown", "json"):
        args += ["--format", name, "--output", str(tmp_path / f"out.{name}")]
    outcome = run(*args, BAD)
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout == ""
    ET.fromstring((tmp_path / "out.junit").read_text())
    assert len(json.loads((tmp_path / "out.gitlab").read_text())) == 2
    assert (tmp_path / "out.github").read_text().startswith("::warning file=")
    assert (tmp_path / "out.markdown").read_text().startswith("# eks-lint report")


def test_two_formats_on_the_terminal_is_a_usage_error():
    outcome = run("--format", "sarif", "--format", "text", BAD)
    assert outcome.code == 2
    assert "only one format can go to the terminal" in outcome.stderr


def test_one_file_for_two_formats_is_a_usage_error(tmp_path):
    out = str(tmp_path / "out")
    outcome = run("--format", "sarif", "-o", out, "--format", "json", "-o", out, BAD)
    assert outcome.code == 2
    assert "given for two formats" in outcome.stderr


def test_unknown_format_names_the_choices():
    outcome = run("--format", "html", BAD)
    assert outcome.code == 2
    assert "unknown format" in outcome.stderr and "sarif" in outcome.stderr


def test_a_clean_run_renders_valid_empty_reports(tmp_path):
    import jsonschema
    from test_sarif_report import SCHEMA

    good = str(MANIFESTS / "single-replica-workload" / "good.yaml")
    args = []
    for name in ("sarif", "junit", "gitlab", "markdown", "table", "github"):
        args += ["--format", name, "--output", str(tmp_path / name)]
    assert run(*args, good).code == 0
    sarif = json.loads((tmp_path / "sarif").read_text())
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(sarif)
    assert sarif["runs"][0]["results"] == []
    junit = ET.fromstring((tmp_path / "junit").read_text())
    # One case per object the rule reads (Deployments, Services, HPA, ScaledObject; the
    # kustomize patch shares its name with Deployment/shop/api, so 26 documents, 25 cases),
    # and one for the file invalid-yaml read, which --select always keeps.
    assert (junit.get("tests"), junit.get("failures")) == ("26", "0")
    assert json.loads((tmp_path / "gitlab").read_text()) == []
    assert "No findings." in (tmp_path / "markdown").read_text()
    assert (tmp_path / "table").read_text().startswith("0 errors, 0 warnings, 0 info")
    assert (tmp_path / "github").read_text().startswith("0 errors")


def test_junit_of_a_snapshot_lists_the_objects_read_without_findings():
    healthy = str(MANIFESTS.parent / "snapshots" / "healthy.json")
    outcome = run("--snapshot", healthy, "--format", "junit")
    assert outcome.code == 0, outcome.stderr
    suite = ET.fromstring(outcome.stdout).find("testsuite[@name='EKS602 single-replica-workload']")
    assert [(c.get("name"), list(c)) for c in suite] == [
        ("Deployment/shop/orders", []),
        ("Deployment/shop/payments", []),
        ("HorizontalPodAutoscaler/shop/orders", []),
        ("Service/shop/orders", []),
    ]
    # Two clusters, two inventories with the same names: only a case per rule.
    two = run("--snapshot", healthy, "--snapshot", healthy, "--format", "junit")
    suite = ET.fromstring(two.stdout).find("testsuite[@name='EKS602 single-replica-workload']")
    assert [c.get("name") for c in suite] == ["single-replica-workload"]
