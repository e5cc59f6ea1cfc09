"""JUnit, GitLab Code Quality and GitHub workflow commands: structure and counts."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
from conftest import build_report
from lxml import etree as lxml_etree

from eks_lint.report import renderer

#: The fields GitLab documents as required for a Code Quality report issue
#: (docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_gitlab_report_has_the_documented_required_fields(report):
    issues = json.loads(renderer("gitlab")(report))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues) == len(report.findings)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
        for i in issues
    ] == [
        ("replicas-below-two", "major", "fixtures/reports/manifests/apps.yaml", 8),
        ("privileged-container", "critical", "fixtures/reports/manifests/apps.yaml", 19),
        ("invalid-yaml", "critical", "fixtures/reports/manifests/broken.yaml", 6),
        # AWS resources: the line of each in the snapshot that declared it
        ("public-endpoint-anywhere", "critical", "fixtures/reports/cluster.json", 7),
        ("nodegroup-min-size", "info", "fixtures/reports/cluster.json", 87),
    ]


def test_junit_parses_and_counts_match(report):
    root = ET.fromstring(renderer("junit")(report))
    suites = root.findall("testsuite")
    cases = root.findall("testsuite/testcase")
    failures = root.findall("testsuite/testcase/failure")
    skipped = root.findall("testsuite/testcase/skipped")
    assert int(root.get("tests")) == len(cases) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == len(failures) == sum(int(s.get("failures")) for s in suites)
    assert sum(int(s.get("skipped")) for s in suites) == len(skipped) == 1  # the annotated Deployment
    # One case per rule and resource checked: 3 Deployments for each Deployment rule.
    by_suite = {s.get("name"): [(c.get("name"), c.find("failure") is not None) for c in s] for s in suites}
    assert by_suite["TST001 replicas-below-two"] == [
        ("Deployment/shop/api", True),
        ("Deployment/shop/web", False),
        ("Deployment/ops/leader", False),
    ]
    assert by_suite["TST002 privileged-container"] == [
        ("Deployment/shop/api", True),
        ("Deployment/shop/web", False),
        ("Deployment/ops/leader", False),
    ]
    assert by_suite["TST003 nodegroup-min-size"] == [
        (
            "arn:aws:eks:us-east-1:444455556666:nodegroup/legacy-prod/batch/e2f3f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6",
            True,
        )
    ]
    assert by_suite["EKS000 invalid-yaml"] == [("fixtures/reports/manifests/broken.yaml", True)]
    assert len(failures) == len(report.findings)
    failure = root.find("testsuite[@name='TST001 replicas-below-two']/testcase/failure")
    assert failure.get("type") == "warning"
    assert failure.get("message") == "runs 1 replica: set spec.replicas to 2"


def test_junit_validates_against_the_jenkins_xsd(report):
    schema = junit_schema()
    for document in (renderer("junit")(report), renderer("junit")(build_report(with_inventory=False))):
        tree = lxml_etree.fromstring(document.encode())
        assert schema.validate(tree), schema.error_log


def test_junit_failure_text_gives_file_and_line_of_each_finding(report):
    root = ET.fromstring(renderer("junit")(report))
    texts = [f.text for f in root.iter("failure")]
    assert "fixtures/reports/manifests/apps.yaml:8:13: warning TST001 replicas-below-two: " in "\n".join(
        texts
    )
    # an AWS resource: its line in the snapshot and its ARN
    assert any(
        t.startswith(
            "fixtures/reports/cluster.json:7:14: arn:aws:eks:us-east-1:444455556666:cluster/legacy-prod: "
        )
        for t in texts
    )


def test_junit_without_inventory_lists_only_resources_with_findings(in_repo):
    root = ET.fromstring(renderer("junit")(build_report(with_inventory=False)))
    suite = root.find("testsuite[@name='TST002 privileged-container']")
    assert [c.get("name") for c in suite] == ["Deployment/shop/api"]


def test_github_commands_escape_and_place_findings(report):
    lines = renderer("github")(report).splitlines()
    assert lines[0] == (
        "::warning file=fixtures/reports/manifests/apps.yaml,line=8,col=13,"
        "title=TST001 replicas-below-two::runs 1 replica: set spec.replicas to 2"
    )
    # a finding on an AWS resource sits on the resource's line in the snapshot, naming it
    assert lines[4].startswith(
        "::notice file=fixtures/reports/cluster.json,line=87,col=5,"
        "title=TST003 nodegroup-min-size::arn:aws:eks:us-east-1:444455556666:nodegroup/"
    )
    assert lines[-1].startswith("3 errors, 1 warning, 1 info")


def test_github_escaping():
    from eks_lint.report.github import _data, _property

    assert _data("50% done\nnext") == "50%25 done%0Anext"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_markdown_lists_each_cluster_of_a_multi_cluster_run(in_repo):
    report = build_report()
    report.stats["cluster_lines"] = [
        "cluster legacy-prod (444455556666, us-east-1): 2 errors, 0 warnings, 1 info",
        "cluster prod (111122223333, eu-west-1): 0 errors, 0 warnings, 0 info",
    ]
    lines = renderer("markdown")(report).splitlines()
    assert lines[4:6] == ["- " + line for line in report.stats["cluster_lines"]]


def test_markdown_escapes_html_from_messages(report):
    text = renderer("markdown")(report)
    assert "runs privileged | with &lt;root&gt; on the node" in text
    assert "<root>" not in text


def junit_schema():
    """The Jenkins xunit-plugin's junit-10.xsd, vendored (see schemas/README.md)."""
    return lxml_etree.XMLSchema(lxml_etree.parse(str(Path(__file__).parent / "schemas" / "junit-10.xsd")))


def test_markdown_fits_a_github_comment_summary_first_and_says_what_was_left_out(in_repo, tmp_path):
    import re

    from helpers import cli

    md, full = tmp_path / "comment.md", tmp_path / "full.json"
    args = ["check", "--config", "fixtures/empty-config.yaml", "fixtures/manifests"]
    outcome = cli(*args, "-f", "markdown", "-o", str(md), "-f", "json", "-o", str(full))
    assert outcome.code == 1, outcome.stderr
    text = md.read_text()
    total = len(json.loads(full.read_text())["findings"])
    assert total > 200 and len(text) <= 65_536
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Top 10 findings", "## Findings"]
    assert text.index("| rule | error | warning | info |") < text.index("## Top 10 findings")
    details = text.split("## Findings", 1)[1]
    shown = sum(1 for line in details.splitlines() if line.startswith("- **"))
    last = text.rstrip().splitlines()[-1]
    match = re.fullmatch(
        r"_(\d+) findings and further sections left out .*: the full report is in `(.*)`\._", last
    )
    assert match, last
    assert int(match.group(1)) == total - shown and match.group(2) == str(full)


def test_markdown_cut_without_a_full_report_says_how_to_get_one(report):
    from eks_lint.report.markdown import render

    text = render(report, max_chars=1_600)
    assert len(text) <= 1_600
    assert text.rstrip().endswith("run eks-lint with `--format text` for them all._")
    assert "| rule | error | warning | info |" in text  # the summary is never cut
    assert "\n- **" in text.split("## Findings", 1)[1]  # details until the cap
