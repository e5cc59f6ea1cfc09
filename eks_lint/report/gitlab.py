"""GitLab Code Quality report: a JSON array GitLab shows on merge requests.

Each issue has the fields GitLab documents as required: ``description``,
``check_name``, ``fingerprint``, ``severity`` (info, minor, major, critical,
blocker) and ``location.path`` with ``location.lines.begin``. Findings on AWS
resources have no file: their path is the resource (ARN or id) and line 1,
so they are listed in the merge request widget without a diff position.
"""

from __future__ import annotations

import json
from typing import Any

from eks_lint.engine.fingerprint import fingerprints, repo_relative
from eks_lint.engine.model import Finding, Severity
from eks_lint.report import Report

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def render(report: Report) -> str:
    issues = [_issue(f, fp) for f, fp in zip(report.findings, fingerprints(report.findings), strict=True)]
    return json.dumps(issues, indent=2) + "\n"


def _issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    location = finding.location
    if location is not None and not location.file.startswith("<"):
        path, line = repo_relative(location.file), location.line
        description = f"{finding.code} {finding.name}: {finding.message}"
    else:
        path, line = finding.resource_display, 1
        description = f"{finding.code} {finding.name}: {finding.resource_display}: {finding.message}"
    return {
        "description": description,
        "check_name": finding.name,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": path, "lines": {"begin": line}},
    }
