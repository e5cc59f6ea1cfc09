"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run. The driver lists every loaded rule (name, short and full
description, help text, help URI to its generated page, default level,
``precision``, and for security rules the ``security`` tag and a
``security-severity`` score, which code scanning needs to show them as
security alerts).

Every result has a physical location, because code scanning rejects the
whole upload when one result lacks it: a manifest finding points at its
file, line and column; a finding on an AWS resource (or on a snapshot's
Kubernetes object) at the line of the resource in the input that declared
it (the snapshot file, the Terraform plan, the eksctl file); a live run's
findings at the snapshot written beside the report. Findings read from
standard input point at ``stdin``. The object or resource is also given as a
logical location. A finding made on cluster data carries the cluster's name,
account and region (as far as known) in its ``properties`` (``cluster``,
``account``, ``region``), so a fleet's results can be told apart.

``partialFingerprints.primaryLocationLineHash`` (the key GitHub documents for
tracking an alert) carries the baseline fingerprint: rule, resource and
offending content, not the line, so an alert stays the same alert when lines
above it move. Suppressed findings are included as results with a
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
#: Where results read from standard input point: there is no file.
STDIN_URI = "stdin"
#: Kept at v1 when the recipe moved to v2: code scanning matches alerts by this
#: key, and findings with a value at a path kept their v1 fingerprints.
FINGERPRINT_KEY = "eksLint/v1"

#: Rules whose findings are security weaknesses, with the score code scanning
#: maps to a level (0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0+ critical;
#: GitHub, "SARIF support for code scanning", reportingDescriptor object).
#: The score follows what an attacker gains: AWS credentials or the node
#: (high), cluster-admin or readable secrets (medium), less audit (low-medium).
SECURITY_SEVERITY: dict[str, str] = {
    "static-aws-credentials": "8.0",
    "docker-socket-mount": "8.0",
    "irsa-trust-policy-too-broad": "7.5",
    "public-endpoint-open": "7.5",
    "imds-reachable-from-pods": "7.0",
    "karpenter-imds-hop-limit": "7.0",
    "system-masters-mapping": "6.5",
    "missing-irsa": "5.5",
    "aws-node-uses-node-role": "5.0",
    "hostnetwork-pod": "5.0",
    "secrets-encryption-disabled": "5.0",
    "ebs-storage-class-unencrypted": "4.0",
    "control-plane-logging-disabled": "4.0",
}
#: ``precision`` (very-high, high, medium, low): how often a finding is a true
#: problem. Rules read facts the input states (a version, an API, a setting)
#: are very-high; rules that judge intent from conventions (does this workload
#: call AWS? is one replica deliberate?) are medium; the rest high.
PRECISION: dict[str, str] = {
    "invalid-yaml": "very-high",
    "removed-api-version": "very-high",
    "karpenter-deprecated-api": "very-high",
    "cluster-version-support": "very-high",
    "al2-ami-end-of-life": "very-high",
    "missing-irsa": "medium",
    "single-replica-workload": "medium",
    "missing-pdb": "medium",
    "no-zone-spread": "medium",
    "missing-readiness-probe": "medium",
    "missing-resource-requests": "medium",
}
DEFAULT_PRECISION = "high"


def render(report: Report) -> str:
    rules = _rules(report)
    index = {rule.name: i for i, rule in enumerate(rules)}
    results = []
    for findings in (report.findings, report.result.suppressed):
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
            results.append(_result(report, finding, fingerprint, index))
    baselined = report.stats.get("baselined_findings") or []
    justification = f"in the baseline {report.stats.get('baseline', {}).get('file', '')}".rstrip()
    for finding, fingerprint in zip(baselined, fingerprints(baselined), strict=True):
        result = _result(report, finding, fingerprint, index)
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
        "properties": _rule_properties(rule),
    }
    url = doc_url(rule)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _rule_properties(rule: LoadedRule) -> dict[str, Any]:
    tags = [tag for tag in ("eks", rule.meta.area) if tag]
    properties: dict[str, Any] = {"precision": PRECISION.get(rule.name, DEFAULT_PRECISION)}
    score = SECURITY_SEVERITY.get(rule.name)
    if score is not None:
        tags.append("security")
        properties["security-severity"] = score
    properties["tags"] = tags
    return properties


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.split("\n\n", 1)[0].split())


def _result(report: Report, finding: Finding, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.name],
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [_location(report, finding)],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint, FINGERPRINT_KEY: fingerprint},
        "properties": {"resource": finding.resource_display},
    }
    if finding.path:
        result["properties"]["path"] = format_path(finding.path)
    if finding.cluster:  # a fleet's findings say which cluster, account and region
        result["properties"].update(_cluster_properties(finding.cluster))
    location = finding.location
    if location is not None and location.rendered is not None:
        # The physical location is the template or base a reviewer edits; where
        # the object was read in the rendered output goes alongside.
        rendered = location.rendered
        result["properties"]["precision"] = location.precision
        result["properties"]["rendered"] = f"{rendered.file}:{rendered.line}:{rendered.column}"
        if not rendered.file.startswith("<"):
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "message": {"text": "rendered output"},
                    "physicalLocation": {
                        "artifactLocation": _artifact(rendered.file),
                        "region": _region(rendered.line, rendered.column),
                    },
                }
            ]
    if finding.suppressed_by:
        kind = "inSource" if finding.suppressed_by.startswith("annotation") else "external"
        result["suppressions"] = [
            {"kind": kind, "status": "accepted", "justification": finding.suppressed_by}
        ]
    return result


#: SARIF property -> key of ``Finding.cluster``.
CLUSTER_PROPERTIES = {"cluster": "name", "account": "account_id", "region": "region"}


def _cluster_properties(cluster: dict[str, str]) -> dict[str, str]:
    return {prop: cluster[key] for prop, key in CLUSTER_PROPERTIES.items() if cluster.get(key)}


def _message(finding: Finding) -> str:
    if finding.location is None:
        return f"{finding.resource_display}: {finding.message}"
    return finding.message


def _artifact(file: str) -> dict[str, str]:
    """Relative to the repository root (``%SRCROOT%``); a file outside it as a ``file:`` URI;
    a snapshot read from S3 as its ``s3://`` URI."""
    if file.startswith("s3://"):
        return {"uri": file}
    relative = repo_relative(file)
    if PurePosixPath(relative).is_absolute():
        return {"uri": Path(relative).as_uri()}
    return {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}


def _region(line: int, column: int) -> dict[str, int]:
    """GitHub marks all four of startLine, startColumn, endLine and endColumn
    "Required" ("SARIF support for code scanning", physicalLocation object). A
    finding is a position (the key or value it is about), so the region is the
    one character there: endColumn is "the character following the end"."""
    return {"startLine": line, "startColumn": column, "endLine": line, "endColumn": column + 1}


def _location(report: Report, finding: Finding) -> dict[str, Any]:
    where = report.where(finding)
    if where is not None:
        # GitHub requires a region; where only the file is known (a Go template
        # line eks-lint could not find) it is the file's start, and the result's
        # properties.precision says "file".
        physical = {"artifactLocation": _artifact(where.file), "region": _region(where.line, where.column)}
    else:  # standard input: no file to point at
        physical = {"artifactLocation": {"uri": STDIN_URI}, "region": _region(1, 1)}
    location: dict[str, Any] = {"physicalLocation": physical}
    target = finding.target
    if isinstance(target, K8sObject):
        location["logicalLocations"] = [{"fullyQualifiedName": target.display(), "kind": "object"}]
    elif isinstance(target, AwsResource):
        location["logicalLocations"] = [
            {"name": target.id, "fullyQualifiedName": resource_identity(finding), "kind": "resource"}
        ]
    return location
