"""An EKS cluster insight is in ERROR or WARNING.

## What it checks
Each entry of the `insights` part (DescribeInsight) whose
`insightStatus.status` is `ERROR` or `WARNING`, passed through with its
name, category, reason and EKS's own recommendation. Insights in `PASSING`
or `UNKNOWN` are not reported.

## Why it matters on EKS
Cluster insights are EKS's own checks, in every category the API defines
(`eks_lint/data/eks_platform.py`), none filtered out. `UPGRADE_READINESS`
insights report what it saw in the last 30 days that will break on the next
Kubernetes version (deprecated API calls, incompatible add-ons, kubelet
skew); `MISCONFIGURATION` insights report setups EKS knows to fail;
`ROLLBACK_READINESS` insights report what would stop a rollback to the
previous version. An `ERROR`
insight usually blocks or breaks the next upgrade, and is reported as an
error; a `WARNING` insight as a warning.

## How to fix
Do what the insight's recommendation says, then wait for the insight to
refresh (EKS re-evaluates them about once a day; `aws eks list-insights`).

## Example
`Deprecated APIs removed in Kubernetes v1.32 (UPGRADE_READINESS, ERROR):
Update manifests and API clients to use newer Kubernetes APIs...`

Source: https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html;
https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html
(Use EKS Upgrade Insights).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS406",
    name="eks-insight-failing",
    severity="warning",
    summary="An EKS cluster insight (any category: upgrade or rollback readiness, misconfiguration) "
    "is in ERROR or WARNING.",
    needs=("insights",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html",
)

FAILING = ("ERROR", "WARNING")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for insight in items(inventory, "insights"):
        status = insight.get("insightStatus")
        state = status.get("status") if isinstance(status, dict) else None
        if state not in FAILING:
            continue
        reason = str(status.get("reason") or "").strip().rstrip(".")
        recommendation = str(insight.get("recommendation") or "").strip().rstrip(".")
        recommendation = recommendation[:1].lower() + recommendation[1:]
        name = insight.get("name") or insight.get("id") or "?"
        message = f"insight {name!r} ({insight.get('category', '?')}) is {state}"
        if reason:
            message += f": {reason}"
        message += f"; {recommendation}" if recommendation else "; follow the insight's recommendation"
        yield Finding(
            target=aws("insight", str(insight.get("id") or insight.get("name") or "?")),
            message=message,
            path=("insightStatus", "status"),
            level="error" if state == "ERROR" else None,
        )
