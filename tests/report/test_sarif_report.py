"""SARIF: valid against the official 2.1.0 schema, and what code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from eks_lint.report import renderer

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


def sarif(report) -> dict:
    return json.loads(renderer("sarif")(report))


def validate(document: dict) -> None:
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        document
    )


def test_validates_against_the_official_schema_with_every_kind_of_finding(report):
    document = sarif(report)
    validate(document)
    results = document["runs"][0]["results"]
    assert all("physicalLocation" in r["locations"][0] for r in results)  # manifests and AWS
    assert any("suppressions" in r for r in results)


def test_manifest_finding_has_repository_relative_file_line_and_column(report):
    results = sarif(report)["runs"][0]["results"]
    located = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    ]
    assert located == [
        ("TST001", "fixtures/reports/manifests/apps.yaml", 8, 13),
        ("TST002", "fixtures/reports/manifests/apps.yaml", 19, 25),
        ("EKS000", "fixtures/reports/manifests/broken.yaml", 6, 1),
        # AWS resources: the line of the cluster's and the node group's objects in the snapshot
        ("TST004", "fixtures/reports/cluster.json", 7, 14),
        ("TST003", "fixtures/reports/cluster.json", 87, 5),
        ("TST001", "fixtures/reports/manifests/apps.yaml", 46, 13),  # suppressed, listed last
    ]


def test_aws_findings_also_have_a_logical_location_named_by_arn(report):
    results = sarif(report)["runs"][0]["results"]
    logical = [
        (r["ruleId"], r["level"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
        for r in results
        if r["locations"][0].get("logicalLocations", [{}])[0].get("kind") == "resource"
    ]
    assert logical == [
        ("TST004", "error", "arn:aws:eks:us-east-1:444455556666:cluster/legacy-prod"),
        (
            "TST003",
            "note",
            "arn:aws:eks:us-east-1:444455556666:nodegroup/legacy-prod/batch/e2f3f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6",
        ),
    ]


def test_suppression_carries_the_reason(report):
    results = sarif(report)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [s["suppressions"] for s in suppressed] == [
        [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": "annotation ignore-check.eks-lint.io/replicas-below-two: "
                "singleton by design: leader election",
            }
        ]
    ]


def test_rules_carry_descriptions_help_and_levels(report):
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert sorted(rules) == ["EKS000", "TST001", "TST002", "TST003", "TST004"]
    replicas = rules["TST001"]
    assert replicas["name"] == "replicas-below-two"
    assert replicas["shortDescription"]["text"] == "A Deployment runs fewer than two replicas."
    assert replicas["fullDescription"]["text"].startswith("A Deployment that runs fewer than two replicas")
    assert "## How to fix" in replicas["help"]["markdown"]
    assert replicas["defaultConfiguration"]["level"] == "warning"
    assert replicas["helpUri"] == "https://example.com/replicas"  # not built in: its source
    assert rules["EKS000"]["helpUri"].endswith("/docs/rules/invalid-yaml.md")
    assert rules["TST003"]["defaultConfiguration"]["level"] == "note"
    for result in sarif(report)["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_fingerprints_ignore_line_numbers(in_repo, tmp_path, monkeypatch):
    from conftest import REPORT_FIXTURES, build_report

    before = {r["ruleId"]: r["partialFingerprints"] for r in sarif(build_report())["runs"][0]["results"]}
    moved = tmp_path / REPORT_FIXTURES
    moved.mkdir(parents=True)
    (moved / "cluster.json").write_text((in_repo / REPORT_FIXTURES / "cluster.json").read_text())
    (moved / "manifests").mkdir()
    for path in (in_repo / REPORT_FIXTURES / "manifests").iterdir():
        (moved / "manifests" / path.name).write_text("# a comment\n# and another\n" + path.read_text())
    monkeypatch.chdir(tmp_path)
    import conftest

    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    after_results = sarif(build_report())["runs"][0]["results"]
    after = {r["ruleId"]: r["partialFingerprints"] for r in after_results}
    assert after["TST002"] == before["TST002"]
    assert after_results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 10


@pytest.mark.parametrize("env_url", ["https://docs.internal.example/eks-lint/rules/"])
def test_docs_url_can_point_at_a_mirror(in_repo, monkeypatch, env_url):
    from conftest import build_report

    monkeypatch.setenv("EKS_LINT_DOCS_URL", env_url)
    rules = sarif(build_report())["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://docs.internal.example/eks-lint/rules/invalid-yaml.md"


def test_files_outside_the_repository_are_file_uris(tmp_path, monkeypatch):
    from eks_lint.report.sarif import _artifact

    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "deploy").mkdir()
    assert _artifact(str(tmp_path / "repo" / "deploy" / "my app.yaml")) == {
        "uri": "deploy/my%20app.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    outside = tmp_path.parent / "elsewhere.yaml"
    assert _artifact(str(outside)) == {"uri": outside.as_uri()}
