"""Findings as a table for terminals (tabulate), then the summary line."""

from __future__ import annotations

from eks_lint.engine.model import Finding
from eks_lint.report import Report
from eks_lint.report.escape import terminal
from eks_lint.report.text import position, summary

MESSAGE_WIDTH = 70
HEADERS = ["severity", "rule", "resource", "location", "message"]


def render(report: Report) -> str:
    from tabulate import tabulate

    findings = list(report.findings)
    if report.show_suppressed:
        findings += report.result.suppressed
    if not findings:
        return summary(report) + "\n"
    rows = [_row(f) for f in findings]
    table = tabulate(
        rows, headers=HEADERS, tablefmt="simple", maxcolwidths=[None, None, None, None, MESSAGE_WIDTH]
    )
    return table + "\n" + summary(report) + "\n"


def _row(finding: Finding) -> list[str]:
    location = finding.location
    where = position(location) if location else ""  # only the file when its line is not known
    message = finding.message
    if finding.suppressed_by:
        message += f" [suppressed: {finding.suppressed_by}]"
    cells = [
        str(finding.severity),
        f"{finding.code} {finding.name}",
        finding.resource_display,
        where,
        message,
    ]
    return [terminal(cell) for cell in cells]
