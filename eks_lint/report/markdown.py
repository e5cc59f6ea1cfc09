"""Markdown for a pull request comment or an architecture review document.

A summary line and a table of findings by area and severity, then the
findings grouped by resource (with file and line for manifests), each with
its message (the fact and the fix) and a link to the rule's page, then each
rule that fired with its "How to fix" section. Written for GitHub's renderer;
text from manifests and AWS is escaped so it cannot inject HTML or break a table.
"""

from __future__ import annotations

import re

from eks_lint.engine.fingerprint import repo_relative
from eks_lint.engine.model import FileTarget, Finding, Severity
from eks_lint.report import Report
from eks_lint.report.escape import terminal
from eks_lint.report.rule_docs import doc_url
from eks_lint.report.text import summary

SEVERITIES = sorted(Severity, reverse=True)


def render(report: Report) -> str:
    lines = ["# eks-lint report", "", f"**{summary(report)}**", ""]
    clusters = report.stats.get("cluster_lines") or []
    if len(clusters) > 1:
        lines += [f"- {_escape(line)}" for line in clusters] + [""]
    if report.findings:
        lines += _summary_table(report)
        lines += ["## Findings", ""]
        for (resource, file), findings in _grouped(report.findings).items():
            heading = f"### `{_code(resource)}`"
            if file:
                heading += f" in `{_code(file)}`"
            lines += [heading, ""]
            lines += [_item(report, f) for f in findings]
            lines.append("")
        lines += _fixes(report)
    else:
        lines += ["No findings.", ""]
    if report.show_suppressed and report.result.suppressed:
        lines += ["## Suppressed", ""]
        for finding in report.result.suppressed:
            lines.append(
                f"{_item(report, finding, with_resource=True)} _({_escape(finding.suppressed_by or '')})_"
            )
        lines.append("")
    if report.result.skipped:
        lines += ["<details><summary>Rules skipped for missing data</summary>", ""]
        lines += [f"- `{name}`: {_escape(reason)}" for name, reason in sorted(report.result.skipped.items())]
        lines += ["", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"


def _summary_table(report: Report) -> list[str]:
    areas: dict[str, dict[Severity, int]] = {}
    for finding in report.findings:
        row = areas.setdefault(finding.area or "other", {s: 0 for s in SEVERITIES})
        row[finding.severity] += 1
    header = "| area | " + " | ".join(str(s) for s in SEVERITIES) + " |"
    lines = [header, "| --- |" + " ---: |" * len(SEVERITIES)]
    for area in sorted(areas):
        lines.append(f"| {area} | " + " | ".join(str(areas[area][s]) for s in SEVERITIES) + " |")
    totals = report.counts()
    lines.append("| **total** | " + " | ".join(f"**{totals[str(s)]}**" for s in SEVERITIES) + " |")
    return [*lines, ""]


def _grouped(findings: list[Finding]) -> dict[tuple[str, str], list[Finding]]:
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        file = repo_relative(finding.location.file) if finding.location else ""
        if isinstance(finding.target, FileTarget):
            file = ""
        groups.setdefault((finding.resource_display, file), []).append(finding)
    return groups


def _item(report: Report, finding: Finding, with_resource: bool = False) -> str:
    label = f"{finding.code} {finding.name}"
    url = doc_url(report.rule(finding.name))
    rule = f"[{label}]({url})" if url else label
    where = ""
    if finding.location is not None:
        where = f" line {finding.location.line}"
        if with_resource:
            where = f" `{_code(repo_relative(finding.location.file))}`{where}"
    elif with_resource:
        where = f" `{_code(finding.resource_display)}`"
    return f"- **{finding.severity}** {rule}{where}: {_escape(finding.message)}"


def _fixes(report: Report) -> list[str]:
    lines = ["## How to fix", ""]
    seen: list[str] = []
    for finding in report.findings:
        if finding.name not in seen:
            seen.append(finding.name)
    for name in sorted(seen, key=lambda n: report.rule(n).code if report.rule(n) else n):
        rule = report.rule(name)
        if rule is None:
            continue
        url = doc_url(rule)
        title = f"{rule.code} {rule.name}"
        lines += [f"### [{title}]({url})" if url else f"### {title}", "", _escape(rule.meta.summary), ""]
        fix = _section(rule.doc, "How to fix")
        if fix:
            lines += [fix, ""]
    return lines


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def _escape(text: str) -> str:
    return terminal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return terminal(text).replace("`", "'")
