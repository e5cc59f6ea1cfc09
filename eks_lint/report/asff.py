"""AWS Security Finding Format (ASFF), for the team's own import into Security Hub.

The output is the request body of Security Hub's BatchImportFindings,
``{"Findings": [...]}``, one ASFF finding per eks-lint finding: required
attributes (SchemaVersion ``2018-10-08``, Id, ProductArn, GeneratorId,
AwsAccountId, Types, CreatedAt, UpdatedAt, Severity, Title, Description,
Resources) plus the rule's page as SourceUrl and the first paragraph of its
"How to fix" as Remediation.
BatchImportFindings takes at most 100 findings a call and must be called
from the finding's own account, so a pipeline splits this list by
``AwsAccountId`` and in batches of 100 (AWS Security Hub partner guide,
"Guidelines for using the BatchImportFindings API").

Choices, each for a reason:

- ProductArn is the account's own private product,
  ``arn:<partition>:securityhub:<region>:<account>:product/<account>/default``
  (the form the ASFF docs give for private products): eks-lint is no
  registered Security Hub partner.
- A finding needs an account and a region (AwsAccountId and ProductArn are
  required). Findings on manifests alone, and on a snapshot without
  ``account_id`` or ``region``, have neither: they are left out, and a line
  on stderr counts them, rather than filed under an invented account.
- Id is ``<region>/<account>/<cluster>/<fingerprint>``: the baseline
  fingerprint (rule, resource, offending content) within the cluster, so
  the same problem found next week updates the same Security Hub finding
  instead of opening a new one.
- CreatedAt and UpdatedAt are the run's time (``--today`` at 00:00 UTC when
  given, so reports are reproducible); ASFF asks for both equal on creation.
- Severity.Label: error -> HIGH, warning -> MEDIUM, info -> INFORMATIONAL,
  with eks-lint's own severity as Severity.Original.
- Types: ``Software and Configuration Checks/AWS Security Best Practices``
  for the rules SARIF marks as security rules, else the namespace
  ``Software and Configuration Checks`` alone (a partial path is valid;
  the namespace is mandatory, the category only recommended).
- Suppressed and baselined findings are not exported: they were accepted.

Limits from the AWSSecurityFinding API reference: Title 256 characters,
Description 1,024, Remediation.Recommendation.Text 512.
"""

from __future__ import annotations

import json
from typing import Any

from eks_lint.engine.fingerprint import fingerprints
from eks_lint.engine.model import AwsResource, Finding, K8sObject, Severity, plural
from eks_lint.report import Report
from eks_lint.report.markdown import _section
from eks_lint.report.rule_docs import doc_url
from eks_lint.report.sarif import SECURITY_SEVERITY

SCHEMA_VERSION = "2018-10-08"
MAX_TITLE = 256
MAX_DESCRIPTION = 1024
MAX_RECOMMENDATION = 512
LABELS = {Severity.ERROR: "HIGH", Severity.WARNING: "MEDIUM", Severity.INFO: "INFORMATIONAL"}
CONFIGURATION = "Software and Configuration Checks"
SECURITY = f"{CONFIGURATION}/AWS Security Best Practices"
#: eks-lint resource types -> ASFF resource types (the rest are "Other").
RESOURCE_TYPES = {
    "cluster": "AwsEksCluster",
    "autoscaling-group": "AwsAutoScalingAutoScalingGroup",
    "subnet": "AwsEc2Subnet",
    "security-group": "AwsEc2SecurityGroup",
    "iam-role": "AwsIamRole",
    "launch-template": "AwsEc2LaunchTemplate",
}


def render(report: Report) -> str:
    now = report.stats.get("now") or "1970-01-01T00:00:00Z"
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    left_out = 0
    for finding in report.findings:
        cluster = finding.cluster or {}
        if not cluster.get("account_id") or not cluster.get("region"):
            left_out += 1
            continue
        key = (cluster["region"], cluster["account_id"], cluster.get("name", ""))
        groups.setdefault(key, []).append(finding)
    out = []
    for key, findings in groups.items():
        for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
            out.append(asff_finding(report, finding, "/".join((*key, fingerprint)), now))
    if left_out:
        report.notes.append(
            f"--format asff: {plural(left_out, 'finding')} with no AWS account or region "
            "(on manifests alone, or a snapshot without account_id and region) left out"
        )
    return json.dumps({"Findings": out}, indent=2) + "\n"


def partition(region: str) -> str:
    """The AWS partition of a region name."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def asff_finding(report: Report, finding: Finding, finding_id: str, now: str) -> dict[str, Any]:
    cluster = finding.cluster or {}
    account, region = cluster["account_id"], cluster["region"]
    part = partition(region)
    rule = report.rule(finding.name)
    title = f"{finding.code} {finding.name}: {finding.resource_display}"
    if cluster.get("name"):
        title += f" in cluster {cluster['name']}"
    out: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": finding_id,
        "ProductArn": f"arn:{part}:securityhub:{region}:{account}:product/{account}/default",
        "GeneratorId": f"eks-lint/{finding.code}",
        "AwsAccountId": account,
        "Types": [SECURITY if finding.name in SECURITY_SEVERITY else CONFIGURATION],
        "CreatedAt": now,
        "UpdatedAt": now,
        "Severity": {"Label": LABELS[finding.severity], "Original": str(finding.severity)},
        "Title": _cut(title, MAX_TITLE),
        "Description": _cut(finding.message, MAX_DESCRIPTION),
        "Resources": _resources(finding, cluster, part),
        "ProductFields": {
            "eks-lint/code": finding.code,
            "eks-lint/rule": finding.name,
            "eks-lint/resource": finding.resource_display,
        },
        "RecordState": "ACTIVE",
    }
    url = doc_url(rule) if rule is not None else None
    if url:
        out["SourceUrl"] = url
    if rule is not None:
        fix = _section(rule.doc, "How to fix").split("\n\n", 1)[0]
        text = " ".join(fix.split()) or rule.meta.summary
        recommendation: dict[str, str] = {"Text": _cut(text, MAX_RECOMMENDATION)}
        if url:
            recommendation["Url"] = url
        out["Remediation"] = {"Recommendation": recommendation}
    if finding.location is not None:
        out["ProductFields"]["eks-lint/location"] = (
            f"{finding.location.file}:{finding.location.line}:{finding.location.column}"
        )
    return out


def _resources(finding: Finding, cluster: dict[str, str], part: str) -> list[dict[str, Any]]:
    """The resource at fault, then (when it is not the cluster itself) its EKS cluster."""
    region = cluster["region"]
    cluster_arn = None
    if cluster.get("name"):
        cluster_arn = f"arn:{part}:eks:{region}:{cluster['account_id']}:cluster/{cluster['name']}"
    target = finding.target
    if isinstance(target, AwsResource):
        kind = RESOURCE_TYPES.get(target.type, "Other")
        resource_id = target.arn or (cluster_arn if kind == "AwsEksCluster" else None)
        resource_id = resource_id or f"{cluster_arn or region}/{target.type}/{target.id}"
    elif isinstance(target, K8sObject):
        kind = "Other"
        resource_id = f"{cluster_arn or region}/{target.kind}/{target.namespace or ''}/{target.name}"
    else:
        kind, resource_id = "Other", f"{cluster_arn or region}/{target.display()}"
    resources = [{"Type": kind, "Id": resource_id, "Partition": part, "Region": region}]
    if cluster_arn and resource_id != cluster_arn:
        resources.append({"Type": "AwsEksCluster", "Id": cluster_arn, "Partition": part, "Region": region})
    return resources


def _cut(text: str, limit: int) -> str:
    text = text.strip() or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"
