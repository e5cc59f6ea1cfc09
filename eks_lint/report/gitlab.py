"""GitLab Code Quality report: a JSON array GitLab shows on merge requests.

Each issue has the fields GitLab documents as required: ``description``,
``check_name``, ``fingerprint``, ``severity`` (info, minor, major, critical,
blocker) and ``location.path`` with ``location.lines.begin``. The path is
always a file of the repository (GitLab links it): a manifest finding's file
and line; for a finding on an AWS resource or a snapshot's object, the line of
the resource in the snapshot, Terraform plan or eksctl file that declared it
(a live run's in the snapshot written beside the report), the same anchors as
SARIF. Fingerprints are unique within the report, as GitLab needs to tell
issues apart.
"""

from __future__ import annotations

import json
from typing import Any

from eks_lint.engine.fingerprint import fingerprints, repo_relative
from eks_lint.engine.model import Finding, Severity
from eks_lint.report import Report

#: Where findings read from standard input point: there is no file.
STDIN_PATH = "stdin"
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def render(report: Report) -> str:
    issues = [
        _issue(report, f, fp) for f, fp in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return json.dumps(issues, indent=2) + "\n"


def _issue(report: Report, finding: Finding, fingerprint: str) -> dict[str, Any]:
    where = report.where(finding)
    path, line = (repo_relative(where.file), where.line) if where is not None else (STDIN_PATH, 1)
    if finding.location is not None and not finding.location.file.startswith("<"):
        description = f"{finding.code} {finding.name}: {finding.message}"
    else:
        description = f"{finding.code} {finding.name}: {finding.resource_display}: {finding.message}"
    return {
        "description": description,
        "check_name": finding.name,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": {"begin": line}},
    }
