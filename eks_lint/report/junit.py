"""JUnit XML for Jenkins, GitLab and Azure DevOps test reports.

One test suite per rule that ran, one test case per resource the rule
checked: a failure when the rule found something there (all its messages in
one failure), skipped when the finding was suppressed, passed otherwise.
The resources checked are the input's objects of the kinds the rule reads,
plus every resource the rule reported on (AWS resources, files). A rule
that found nothing and read no objects is one passing case named after the
rule. Rules skipped for missing data are one skipped case each.

The XML keeps to the Jenkins ``junit-10.xsd`` (xunit-plugin), the strictest
schema CI systems read: no ``file`` or ``line`` on a test case and no
``skipped`` total on ``testsuites`` (each ``testsuite`` has its own), so the
file and line of each finding are in the failure's text instead.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from eks_lint.engine.fingerprint import repo_relative
from eks_lint.engine.model import Finding
from eks_lint.engine.runner import INTERNAL_ERROR
from eks_lint.report import Report
from eks_lint.report.escape import xml_tree


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="eks-lint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}  # skipped: per suite only
    suites: list[tuple[str, ET.Element]] = []
    names = list(report.result.rules_run)
    names += [f.name for f in report.findings if f.name not in names]  # internal-error
    for name in names:
        suites.append((name, _suite(report, name, totals)))
    for name, reason in sorted(report.result.skipped.items()):
        suite = _new_suite(report, name)
        case = ET.SubElement(suite, "testcase", name=name, classname=_label(report, name))
        ET.SubElement(case, "skipped", message=reason)
        _count(suite, totals, tests=1, skipped=1)
        suites.append((name, suite))
    for _, suite in sorted(suites, key=lambda item: item[1].get("name", "")):
        root.append(suite)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    xml_tree(root)  # any input text, well-formed XML
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(report: Report, name: str, totals: dict[str, int]) -> ET.Element:
    suite = _new_suite(report, name)
    label = _label(report, name)
    cases: dict[str, list[Finding]] = {resource: [] for resource in _objects_read(report, name)}
    for finding in (*report.findings, *report.result.suppressed):
        if finding.name == name:
            cases.setdefault(finding.resource_display, []).append(finding)
    if not cases:
        cases[name] = []
    for resource, findings in cases.items():
        case = ET.SubElement(suite, "testcase", name=resource, classname=label)
        active = [f for f in findings if not f.suppressed_by]
        if active:
            tag = "error" if name == INTERNAL_ERROR.name else "failure"
            first = active[0]
            more = f" (and {len(active) - 1} more)" if len(active) > 1 else ""
            element = ET.SubElement(case, tag, message=first.message + more, type=str(first.severity))
            element.text = "\n".join(_detail(report, f) for f in active)
            _count(suite, totals, tests=1, **{"errors" if tag == "error" else "failures": 1})
        elif findings:
            ET.SubElement(case, "skipped", message="; ".join(str(f.suppressed_by) for f in findings))
            _count(suite, totals, tests=1, skipped=1)
        else:
            _count(suite, totals, tests=1)
    return suite


def _new_suite(report: Report, name: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_label(report, name))
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, "0")
    return suite


def _label(report: Report, name: str) -> str:
    rule = report.rule(name)
    return f"{rule.code} {name}" if rule else name


def _objects_read(report: Report, name: str) -> list[str]:
    inventory = report.inventory
    rule = report.rule(name)
    if inventory is None or rule is None or not rule.meta.kinds:
        return []
    kinds = set(rule.meta.kinds)
    return [obj.display() for obj in inventory.objects if obj.kind in kinds]


def _detail(report: Report, finding: Finding) -> str:
    location = report.where(finding)
    where = "<stdin>"
    if location is not None:
        where = repo_relative(location.file)
        if location.line_known:  # only the file is known for some rendered objects
            where += f":{location.line}:{location.column}"
    if finding.location is None or finding.location.file.startswith("<"):
        where += f": {finding.resource_display}"
    return f"{where}: {finding.severity} {finding.code} {finding.name}: {finding.message}"


def _count(suite: ET.Element, totals: dict[str, int], **add: Any) -> None:
    for key, value in add.items():
        suite.set(key, str(int(suite.get(key, "0")) + value))
        totals[key] += value
