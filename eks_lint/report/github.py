"""GitHub Actions workflow commands: findings inline on the pull request diff.

``::error file=deploy/api.yaml,line=7,col=13,title=EKS602 single-replica-workload::message``
(``::warning`` for warnings, ``::notice`` for info). The file is relative to
the repository root, as GitHub needs to place the annotation on the diff.
GitHub shows at most 10 annotations of each kind per step and 50 per job
(actions/toolkit, docs/problem-matchers.md); the rest stay in the log.
A finding on an AWS resource is placed on the line that declares it in the
input (the Terraform resource block, the eksctl file, the snapshot), with the
resource in front of the message; with nothing to point at (a live run without
a written snapshot) it shows in the run's summary. The text summary line comes last.
"""

from __future__ import annotations

import re

from eks_lint.engine.fingerprint import repo_relative
from eks_lint.engine.model import Finding, Severity
from eks_lint.report import Report
from eks_lint.report.escape import terminal
from eks_lint.report.text import rendered_note, summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    lines = [_command(report, finding) for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _command(report: Report, finding: Finding) -> str:
    properties = []
    location = report.where(finding)
    message = finding.message
    if location is not finding.location:  # an AWS resource: say which one
        message = f"{finding.resource_display}: {message}"
    if location is not None:
        properties.append(f"file={_property(repo_relative(location.file))}")
        if location.line_known:
            properties.append(f"line={location.line}")
            properties.append(f"col={location.column}")
        message += rendered_note(location)
    properties.append(f"title={_property(f'{finding.code} {finding.name}')}")
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    # Escaping as the Actions runner's toolkit does (actions/toolkit, core/src/command.ts),
    # after every other control character is made visible (the log renders ANSI).
    kept = "".join(part if part in ("\r", "\n") else terminal(part) for part in re.split(r"([\r\n])", text))
    return kept.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
