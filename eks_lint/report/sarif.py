"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run. The driver lists every loaded rule (name, short and full
description, help text, help URI to its generated page, default level).
Findings on manifests get a physical location (the file relative to the
repository root, line and column) plus the object as a logical location;
findings on AWS resources get a logical location (the ARN or resource id).
``partialFingerprints`` carry the baseline fingerprint (rule, resource and
offending content, not the line), so code scanning keeps tracking a finding
when lines above it move. Suppressed findings are included as results with a
SARIF suppression and its reason, which code scanning shows as dismissed;
so are findings hidden by a baseline (kind ``external``), so adopting a
baseline does not make code scanning close their alerts as fixed.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from eks_lint import __version__
from eks_lint.engine.fingerprint import fingerprints, repo_relative, resource_identity
from eks_lint.engine.model import AwsResource, Finding, K8sObject, Severity, format_path
from eks_lint.engine.registry import LoadedRule
from eks_lint.report import Report, internal_error_rule
from eks_lint.report.rule_docs import PROJECT_URL, doc_url

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: Kept at v1 when the recipe moved to v2: code scanning matches alerts by this
#: key, and findings with a value at a path kept their v1 fingerprints.
FINGERPRINT_KEY = "eksLint/v1"


def render(report: Report) -> str:
    rules = _rules(report)
    index = {rule.name: i for i, rule in enumerate(rules)}
    results = []
    for findings in (report.findings, report.result.suppressed):
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
            results.append(_result(finding, fingerprint, index))
    baselined = report.stats.get("baselined_findings") or []
    justification = f"in the baseline {report.stats.get('baseline', {}).get('file', '')}".rstrip()
    for finding, fingerprint in zip(baselined, fingerprints(baselined), strict=True):
        result = _result(finding, fingerprint, index)
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "eks-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [_descriptor(rule) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"


def _rules(report: Report) -> list[LoadedRule]:
    rules = list(report.rules)
    names = {rule.name for rule in rules}
    for finding in (*report.findings, *report.result.suppressed, *report.stats.get("baselined_findings", ())):
        if finding.name not in names:
            rule = report.rule(finding.name) or internal_error_rule()
            rules.append(rule)
            names.add(rule.name)
    return sorted(rules, key=lambda rule: rule.code)


def _descriptor(rule: LoadedRule) -> dict[str, Any]:
    meta = rule.meta
    doc = rule.doc.strip()
    descriptor: dict[str, Any] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": _first_paragraph(doc) or meta.summary},
        "help": {"text": doc or meta.summary, "markdown": doc or meta.summary},
        "defaultConfiguration": {"level": LEVELS[Severity(meta.severity)]},
        "properties": {"tags": [tag for tag in ("eks", meta.area) if tag]},
    }
    url = doc_url(rule)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.split("\n\n", 1)[0].split())


def _result(finding: Finding, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.name],
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {"resource": finding.resource_display},
    }
    if finding.path:
        result["properties"]["path"] = format_path(finding.path)
    if finding.suppressed_by:
        kind = "inSource" if finding.suppressed_by.startswith("annotation") else "external"
        result["suppressions"] = [
            {"kind": kind, "status": "accepted", "justification": finding.suppressed_by}
        ]
    return result


def _message(finding: Finding) -> str:
    if finding.location is None:
        return f"{finding.resource_display}: {finding.message}"
    return finding.message


def _artifact(file: str) -> dict[str, str]:
    """Relative to the repository root (``%SRCROOT%``); a file outside it as a ``file:`` URI."""
    relative = repo_relative(file)
    if PurePosixPath(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def _location(finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {}
    where = finding.location
    if where is not None and not where.file.startswith("<"):
        location["physicalLocation"] = {
            "artifactLocation": _artifact(where.file),
            "region": {"startLine": where.line, "startColumn": where.column},
        }
    target = finding.target
    if isinstance(target, K8sObject):
        location["logicalLocations"] = [{"fullyQualifiedName": target.display(), "kind": "object"}]
    elif isinstance(target, AwsResource):
        location["logicalLocations"] = [
            {"name": target.id, "fullyQualifiedName": resource_identity(finding), "kind": "resource"}
        ]
    elif "physicalLocation" not in location:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.resource_display, "kind": "module"}]
    return location
