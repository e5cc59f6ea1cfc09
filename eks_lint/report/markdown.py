"""Markdown for a pull request comment or an architecture review document.

GitHub refuses a comment longer than 65,536 characters, so the report is
built to fit: the summary first (counts by area and severity, by rule, and
the top findings), then the findings grouped by resource (with file and
line for manifests), each with its message (the fact and the fix) and a link
to the rule's page, then each rule's "How to fix", as far as the budget
allows; when something is left out, one line says how many findings and
where the full report is. Written for GitHub's renderer; text from
manifests and AWS is escaped so it cannot inject HTML or break a table.
"""

from __future__ import annotations

import re

from eks_lint.engine.fingerprint import repo_relative
from eks_lint.engine.model import FileTarget, Finding, Severity, plural
from eks_lint.report import Report
from eks_lint.report.escape import terminal
from eks_lint.report.rule_docs import doc_url
from eks_lint.report.text import summary

SEVERITIES = sorted(Severity, reverse=True)
#: GitHub's limit for an issue or pull request comment body, in characters.
MAX_CHARS = 65_536
#: How many findings the summary lists before the details.
TOP_FINDINGS = 10


def render(report: Report, max_chars: int = MAX_CHARS) -> str:
    head = ["# eks-lint report", "", f"**{summary(report)}**", ""]
    clusters = report.stats.get("cluster_lines") or []
    if len(clusters) > 1:
        head += [f"- {_escape(line)}" for line in clusters] + [""]
    if not report.findings:
        head += ["No findings.", ""]
    else:
        head += _summary_table(report) + _rule_table(report)
        if len(report.findings) > TOP_FINDINGS:  # fewer: the details below are as short
            head += _top(report)
    budget = _Budget(max_chars, head)
    left_out = 0
    if report.findings:
        budget.add(["## Findings", ""])
        for (resource, file), findings in _grouped(report.findings).items():
            heading = f"### `{_code(resource)}`"
            if file:
                heading += f" in `{_code(file)}`"
            if left_out or not budget.add([heading, "", *(_item(report, f) for f in findings), ""]):
                left_out += len(findings)
        for section in _fixes(report):
            budget.add(section)
    if report.show_suppressed and report.result.suppressed:
        lines = ["## Suppressed", ""]
        for finding in report.result.suppressed:
            lines.append(
                f"{_item(report, finding, with_resource=True)} _({_escape(finding.suppressed_by or '')})_"
            )
        budget.add([*lines, ""])
    if report.result.skipped:
        lines = ["<details><summary>Rules skipped for missing data</summary>", ""]
        lines += [f"- `{name}`: {_escape(reason)}" for name, reason in sorted(report.result.skipped.items())]
        budget.add([*lines, "", "</details>", ""])
    if budget.dropped or left_out:
        budget.lines.append(_left_out_line(report, left_out, max_chars))
    return "\n".join(budget.lines).rstrip() + "\n"


class _Budget:
    """Lines that fit within ``limit`` characters, keeping room for the left-out line."""

    RESERVE = 400

    def __init__(self, limit: int, lines: list[str]) -> None:
        self.limit = limit
        self.lines = list(lines)
        self.size = sum(len(line) + 1 for line in self.lines)
        self.dropped = False

    def add(self, lines: list[str]) -> bool:
        size = sum(len(line) + 1 for line in lines)
        if self.dropped or self.size + size > self.limit - self.RESERVE:
            self.dropped = True
            return False
        self.lines.extend(lines)
        self.size += size
        return True


def _left_out_line(report: Report, findings: int, limit: int) -> str:
    what = f"{plural(findings, 'finding')} and " if findings else ""
    where = report.stats.get("full_report")
    full = (
        f"the full report is in `{_code(where)}`"
        if where
        else "run eks-lint with `--format text` for them all"
    )
    return f"_{what}further sections left out to keep this comment under {limit:,} characters: {full}._"


def _rule_table(report: Report) -> list[str]:
    rows: dict[str, dict[Severity, int]] = {}
    for finding in report.findings:
        label = f"{finding.code} {finding.name}"
        row = rows.setdefault(label, {s: 0 for s in SEVERITIES})
        row[finding.severity] += 1
    lines = ["| rule | " + " | ".join(str(s) for s in SEVERITIES) + " |"]
    lines.append("| --- |" + " ---: |" * len(SEVERITIES))
    for label in sorted(rows):
        lines.append(f"| {_escape(label)} | " + " | ".join(str(rows[label][s]) for s in SEVERITIES) + " |")
    return [*lines, ""]


def _top(report: Report) -> list[str]:
    ranked = sorted(report.findings, key=lambda f: -int(f.severity))[:TOP_FINDINGS]
    return [f"## Top {len(ranked)} findings", "", *(_item(report, f, with_resource=True) for f in ranked), ""]


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
        where = f" line {finding.location.line}" if finding.location.line_known else ""
        if with_resource:
            where = f" `{_code(repo_relative(finding.location.file))}`{where}"
    elif with_resource:
        where = f" `{_code(finding.resource_display)}`"
    return f"- **{finding.severity}** {rule}{where}: {_escape(finding.message)}"


def _fixes(report: Report) -> list[list[str]]:
    """The "How to fix" heading, then one section per rule that fired."""
    sections = [["## How to fix", ""]]
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
        lines = [f"### [{title}]({url})" if url else f"### {title}", "", _escape(rule.meta.summary), ""]
        fix = _section(rule.doc, "How to fix")
        if fix:
            lines += [fix, ""]
        sections.append(lines)
    return sections


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\s*\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def _escape(text: str) -> str:
    return terminal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return terminal(text).replace("`", "'")
