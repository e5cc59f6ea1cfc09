"""CI reports the platforms accept, for every kind of input, through the command line.

SARIF for GitHub code scanning, GitLab Code Quality and JUnit (Jenkins' XSD).

Each SARIF is validated against the vendored SARIF 2.1.0 schema and against
the upload constraints GitHub documents, each assertion below quoting its
source (re-read for this test, not written from memory):

- [SUPPORT] "SARIF support for code scanning": required properties, value
  ranges, the 10 MB limit
  (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
  the page's source in the github/docs repository).
- [LIMITS] "SARIF results exceed one or more limits": the maximum number of
  runs, results, rules, locations and tags past which an upload is rejected
  (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit).
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from helpers import FIXTURES, ROOT, SNAPSHOTS, cli
from lxml import etree as lxml_etree
from test_ci_reports import GITLAB_SCHEMA, junit_schema
from test_sarif_report import validate

from eks_lint.engine.model import AwsResource, K8sObject
from eks_lint.report.sarif import PRECISION, SECURITY_SEVERITY

#: [LIMITS] "Runs per file 20; Results per run 25,000; Rules per run 25,000; Tool
#: extensions per run 100; Location per result 1,000; Tags per rule 20": over any
#: of these "the SARIF file is rejected".
MAX_RUNS, MAX_RESULTS, MAX_RULES, MAX_TAGS, MAX_LOCATIONS = 20, 25_000, 25_000, 20, 1_000
#: [SUPPORT] "For each gzip-compressed SARIF file, SARIF upload supports a maximum
#: size of 10 MB. Any uploads over this limit will be rejected."
MAX_GZIP_BYTES = 10 * 1024 * 1024
#: [SUPPORT] reportingDescriptor: name "Limited to 255 characters";
#: shortDescription.text and fullDescription.text "Limited to 1024 characters".
MAX_NAME, MAX_DESCRIPTION = 255, 1024
#: [SUPPORT] properties.precision "Can be one of: very-high, high, medium, or low".
PRECISIONS = {"very-high", "high", "medium", "low"}
#: [SUPPORT] "The valid values for defaultConfiguration.level are: note, warning and error".
LEVELS = {"note", "warning", "error"}


def _required_text(value: object) -> None:
    # [SUPPORT] "You must supply an explicit value for any property marked as
    # 'required'. The empty string is not supported for required properties."
    assert isinstance(value, str) and value.strip(), value


def assert_code_scanning_accepts(document: dict, root: Path = ROOT) -> None:
    """The schema, then each constraint GitHub documents for an upload."""
    validate(document)
    # [SUPPORT] sarifLog: "$schema" Required; "version" Required, "only supports
    # SARIF version 2.1.0"; "runs[]" Required.
    _required_text(document["$schema"])
    assert document["version"] == "2.1.0"
    assert 1 <= len(document["runs"]) <= MAX_RUNS  # [LIMITS]
    # [SUPPORT] the 10 MB limit is on the gzip-compressed file
    assert len(gzip.compress(json.dumps(document).encode())) <= MAX_GZIP_BYTES
    for run in document["runs"]:
        driver = run["tool"]["driver"]
        _required_text(driver["name"])  # [SUPPORT] toolComponent.name: Required
        rules = driver["rules"]  # [SUPPORT] toolComponent.rules[]: Required
        assert len(rules) <= MAX_RULES and len(run["results"]) <= MAX_RESULTS  # [LIMITS]
        ids = [rule["id"] for rule in rules]
        # [SUPPORT] reportingDescriptor.id: Required, "A unique identifier for the rule"
        assert all(isinstance(i, str) and i for i in ids) and len(ids) == len(set(ids))
        for rule in rules:
            # [SUPPORT] shortDescription.text, fullDescription.text, help.text: Required
            for text in (rule["shortDescription"]["text"], rule["fullDescription"]["text"]):
                _required_text(text)
                assert len(text) <= MAX_DESCRIPTION, rule["id"]
            _required_text(rule["help"]["text"])
            assert len(rule["name"]) <= MAX_NAME
            assert rule["defaultConfiguration"]["level"] in LEVELS
            properties = rule["properties"]
            assert len(properties["tags"]) <= MAX_TAGS  # [LIMITS]
            assert all(isinstance(tag, str) for tag in properties["tags"])  # [SUPPORT] "An array of strings"
            assert properties["precision"] in PRECISIONS
            # [SUPPORT] security-severity: "A string representing a score ... greater
            # than 0.0 up to 10.0, for security queries (@tags includes security)";
            # "0.0 or any other value outside the given range is regarded as having
            # no security severity".
            if "security-severity" in properties:
                assert isinstance(properties["security-severity"], str)
                assert 0.0 < float(properties["security-severity"]) <= 10.0
                assert "security" in properties["tags"]
        hashes = []
        for result in run["results"]:
            # [SUPPORT] ruleId is "reportingDescriptor.id"; message.text: Required
            assert result["ruleId"] in ids
            _required_text(result["message"]["text"])
            assert result["level"] in LEVELS
            # [SUPPORT] locations[]: Required, "At least one location is required";
            # "Only one location should be included unless the problem can only be
            # corrected by making a change at every specified location" (one here);
            # [LIMITS] at most 1,000.
            assert len(result["locations"]) == 1 <= MAX_LOCATIONS
            for location in result["locations"]:
                # [SUPPORT] location.physicalLocation: Required; physicalLocation:
                # artifactLocation.uri, region.startLine, startColumn, endLine and
                # endColumn: Required ("endColumn: the column number of the character
                # following the end of the region").
                physical = location["physicalLocation"]
                uri = physical["artifactLocation"]["uri"]
                _required_text(uri)
                region = physical["region"]
                assert region["startLine"] >= 1 and region["startColumn"] >= 1
                assert region["endLine"] >= region["startLine"]
                if region["endLine"] == region["startLine"]:
                    assert region["endColumn"] > region["startColumn"]
                # [SUPPORT] "we recommend that this is a relative path from the root
                # of the GitHub repository being analyzed. For example, src/main.js"
                if physical["artifactLocation"].get("uriBaseId") == "%SRCROOT%":
                    assert not uri.startswith("/") and "://" not in uri
                    assert (root / unquote(uri)).is_file(), uri
            # [SUPPORT] partialFingerprints: Required; "Code scanning only uses the
            # primaryLocationLineHash".
            hashes.append(result["partialFingerprints"]["primaryLocationLineHash"])
        assert len(hashes) == len(set(hashes))  # one alert per result


def assert_gitlab_accepts(issues: list, root: Path = ROOT) -> None:
    """GitLab's documented required fields, a repository file for every path, unique fingerprints."""
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert all((root / issue["location"]["path"]).is_file() for issue in issues)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def sarif_of(*args: str) -> dict:
    """The SARIF of a run; the same run's GitLab and JUnit reports are checked on the way."""
    with tempfile.TemporaryDirectory() as folder:
        gitlab, junit = Path(folder, "gl.json"), Path(folder, "junit.xml")
        outcome = cli(
            "check",
            "--config",
            str(FIXTURES / "empty-config.yaml"),
            *("--format", "gitlab", "--output", str(gitlab), "--format", "junit", "--output", str(junit)),
            *("--format", "sarif"),
            *args,
        )
        assert outcome.code in (0, 1), outcome.stderr
        assert_gitlab_accepts(json.loads(gitlab.read_text()))
        schema = junit_schema()
        assert schema.validate(lxml_etree.parse(str(junit))), schema.error_log
    return json.loads(outcome.stdout)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_every_manifest_fixture(at_root):
    document = sarif_of("--today", "2026-12-01", "fixtures/manifests")
    assert_code_scanning_accepts(document)
    assert len(document["runs"][0]["results"]) > 50


def test_every_snapshot_fixture_points_at_the_line_of_its_resource(at_root):
    files = sorted(str(p.relative_to(ROOT)) for p in SNAPSHOTS.rglob("*.json"))
    args = [arg for file in files for arg in ("--snapshot", file)]
    document = sarif_of("--today", "2026-12-01", *args)
    assert_code_scanning_accepts(document)
    results = document["runs"][0]["results"]
    assert len(results) > 40
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] in files for r in results)


def test_snapshot_finding_is_at_its_resource_line(at_root):
    document = sarif_of(
        "--today", "2026-12-01", "--snapshot", "fixtures/snapshots/public-endpoint-open/bad.json"
    )
    [result] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "EKS401"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "fixtures/snapshots/public-endpoint-open/bad.json"
    lines = (SNAPSHOTS / "public-endpoint-open" / "bad.json").read_text().splitlines()
    line = physical["region"]["startLine"]
    assert lines[line - 1].endswith('"cluster": {') and physical["region"]["startColumn"] == 14


def test_terraform_plan_and_eksctl_findings_point_at_their_files(at_root):
    document = sarif_of(
        "--today",
        "2026-12-01",
        "--terraform-plan",
        "fixtures/terraform/plain-resources.plan.json",
        "fixtures/eksctl/cluster.yaml",
    )
    assert_code_scanning_accepts(document)
    places = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in document["runs"][0]["results"]
    }
    assert ("EKS401", "fixtures/terraform/plain-resources.plan.json") in places
    assert ("EKS109", "fixtures/eksctl/cluster.yaml") in places
    plan = (FIXTURES / "terraform" / "plain-resources.plan.json").read_text().splitlines()
    [public] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "EKS401"]
    line = public["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert plan[line - 1].strip() == "{" and plan[line].strip() == '"address": "aws_eks_cluster.main",'


def test_stdin_findings_point_at_stdin(at_root):
    text = (FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml").read_bytes()
    outcome = cli("check", "--config", str(FIXTURES / "empty-config.yaml"), "-f", "sarif", "-", stdin=text)
    document = json.loads(outcome.stdout)
    assert_code_scanning_accepts(document)
    assert {
        r["locations"][0]["physicalLocation"]["region"]["startColumn"] for r in document["runs"][0]["results"]
    } == {1}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    }
    assert uris == {"stdin"}


def test_security_rules_carry_the_security_tag_and_a_score(at_root):
    document = sarif_of("--select", "static-aws-credentials,latest-image-tag", "fixtures/manifests")
    rules = {rule["name"]: rule["properties"] for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["static-aws-credentials"]["security-severity"] == "8.0"
    assert "security" in rules["static-aws-credentials"]["tags"]
    assert "security" not in rules["latest-image-tag"]["tags"]
    assert "security-severity" not in rules["latest-image-tag"]


def test_the_security_and_precision_tables_name_real_rules():
    names = {
        path.stem.replace("_", "-") for path in (ROOT / "rules").rglob("*.py") if path.stem != "__init__"
    }
    assert set(SECURITY_SEVERITY) <= names and set(PRECISION) <= names
    assert set(PRECISION.values()) <= PRECISIONS


def test_a_live_run_points_at_the_snapshot_written_beside_the_report(tmp_path):
    from eks_lint.cli.output import write_live_anchors
    from eks_lint.sources.snapshot import Snapshot

    data = json.loads((SNAPSHOTS / "public-endpoint-open" / "bad.json").read_text())
    live = Snapshot(data=data, file="live:prod")
    report_file = tmp_path / "out" / "eks-lint.sarif"
    report_file.parent.mkdir()
    args = argparse.Namespace(outputs=[["text", None], ["sarif", str(report_file)]])
    write_live_anchors(args, [live])
    written = tmp_path / "out" / f"eks-lint-{data['cluster']['name']}.snapshot.json"
    assert live.file == str(written) and json.loads(written.read_text())["cluster"] == data["cluster"]
    cluster = AwsResource("cluster", data["cluster"]["name"], data["cluster"]["arn"])
    location = live.locate(cluster)
    assert location is not None and written.read_text().splitlines()[location.line - 1].endswith(
        '"cluster": {'
    )


def test_a_live_run_writes_nothing_for_formats_that_need_no_file(tmp_path, monkeypatch):
    from eks_lint.cli.output import write_live_anchors
    from eks_lint.sources.snapshot import Snapshot

    monkeypatch.chdir(tmp_path)
    live = Snapshot(data={"cluster": {"name": "prod"}}, file="live:prod")
    write_live_anchors(argparse.Namespace(outputs=[["json", None]]), [live])
    assert live.file == "live:prod" and list(tmp_path.iterdir()) == []
    assert live.locate(K8sObject({"kind": "ConfigMap", "metadata": {"name": "x"}})) is None
