"""JSON output, schema version 1 (documented in the README; stable).

A finding on a Kubernetes object has ``resource`` {apiVersion, kind,
namespace, name} and a ``location``; a finding on an AWS resource has
``resource`` {type, id, arn?} and ``"location": null``. A finding made on
cluster data (a snapshot, a live cluster, a fleet folder) has ``cluster``
{name, account_id?, region?}: which of the fleet's clusters it is about. Findings hidden by a
baseline are listed under ``baselined`` (as SARIF lists them, suppressed by
the baseline), so a dashboard fed from JSON still sees accepted debt.
"""

from __future__ import annotations

import json
from typing import Any

from eks_lint import __version__
from eks_lint.engine.model import Finding, Location, format_path
from eks_lint.report import Report

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "eks-lint", "version": __version__},
        "findings": [finding_json(f) for f in report.findings],
        "suppressed": [finding_json(f) for f in report.result.suppressed],
        "baselined": [
            {**finding_json(f), "suppressed_by": _in_baseline(report)}
            for f in report.stats.get("baselined_findings") or []
        ],
        "summary": summary_json(report),
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def _in_baseline(report: Report) -> str:
    return f"in the baseline {report.stats.get('baseline', {}).get('file', '')}".rstrip()


def finding_json(finding: Finding) -> dict[str, Any]:
    location = finding.location
    out: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "severity": str(finding.severity),
        "message": finding.message,
        "resource": finding.target.as_json(),
        "path": format_path(finding.path) or None,
        "location": location_json(location),
    }
    if finding.suppressed_by:
        out["suppressed_by"] = finding.suppressed_by
    if finding.cluster:  # checked on cluster data; absent for manifests alone
        out["cluster"] = dict(finding.cluster)
    return out


def location_json(location: Location | None) -> dict[str, Any] | None:
    """File, line, column; for a rendered object (Helm, kustomize) the file is the
    template or base, with ``precision`` and the ``rendered`` position alongside."""
    if location is None:
        return None
    out: dict[str, Any] = {"file": location.file, "line": location.line, "column": location.column}
    if location.rendered is not None:
        rendered = location.rendered
        out["precision"] = location.precision
        out["rendered"] = {"file": rendered.file, "line": rendered.line, "column": rendered.column}
    return out


def summary_json(report: Report) -> dict[str, Any]:
    stats = report.stats
    return {
        "counts": report.counts(),
        "suppressed": len(report.result.suppressed),
        "failed": report.failed(),
        "fail_on": str(report.fail_on) if report.fail_on else "never",
        "files": stats.get("files", 0),
        "documents": stats.get("documents", 0),
        "objects": stats.get("objects", 0),
        "skipped_documents": stats.get("skipped_documents", {}),
        "rules_run": sorted(report.result.rules_run),
        "rules_skipped": [
            {"rule": name, "reason": reason} for name, reason in sorted(report.result.skipped.items())
        ],
        # Reads that failed for data the rules read: non-empty means exit 3 without --allow-partial.
        "incomplete": list(report.result.incomplete),
        **{key: value for key, value in stats.get("summary_json_extras", {}).items()},
    }
