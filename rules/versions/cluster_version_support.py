"""The cluster's Kubernetes version is in extended support, past it, or near the end of standard support.

## What it checks
The cluster's `version` against its support dates: `endOfStandardSupportDate`
and `endOfExtendedSupportDate` from eks:DescribeClusterVersions when the
snapshot has them, else the eks-lint calendar (`eks_lint/data/eks_versions.py`),
as of `--today`:
- past the end of extended support: error (EKS upgrades the control plane
  on its own, at a time it chooses);
- past the end of standard support: warning (extended support is billed per
  cluster hour; with `upgradePolicy.supportType: STANDARD` EKS auto-upgrades
  instead);
- within `warn-days` (default 90) of the end of standard support: warning;
- older than every version in the calendar: error (EKS neither creates nor
  keeps clusters on it; an old eksctl ClusterConfig may still name one);
- newer than every version DescribeClusterVersions and the calendar know (a
  1.37 cluster checked with 1.36 tables): info, "unknown version", never
  "unsupported"; `eks-lint data refresh` or a snapshot with
  `cluster_versions` gives it dates.

Messages about extended support give its price: $0.60 per cluster-hour
instead of $0.10 in standard support (US East; about $365 more per cluster
for each 30 days).

## Why it matters on EKS
Standard support lasts 14 months from the EKS release of a version, extended
support 12 more; billing at the extended rate ($0.60 per cluster-hour against
$0.10, six times the standard price) starts at 00:00 UTC on the
end-of-standard date. Automatic upgrades move only the control plane: node
groups and add-ons stay behind, and the upgrade cannot be rolled back.

## How to fix
Plan the upgrade before the date in the message (`eks-lint check
--upgrade-plan` lists the steps), one minor at a time.

## Example
```
aws eks update-cluster-version --name prod --kubernetes-version 1.34
```

Threshold: `warn-days` (90) before the end of standard support.
Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html;
price: https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from eks_lint.data.eks_versions import CALENDAR, EXTENDED_SUPPORT_PER_HOUR, STANDARD_SUPPORT_PER_HOUR
from eks_lint.eks.upgrade import current_version, is_unknown, newest_known, support_dates
from eks_lint.eks.versions import add_minors, minor
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS207",
    name="cluster-version-support",
    severity="warning",
    summary="The cluster's Kubernetes version is in (paid) extended support, past it, or leaves "
    "standard support within 90 days.",
    needs=("cluster",),
    wants=("cluster_versions",),
    options={"warn-days": 90},
    source="https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
)


PRICE = (
    f"${EXTENDED_SUPPORT_PER_HOUR} per cluster-hour instead of ${STANDARD_SUPPORT_PER_HOUR} "
    "(AWS extended-support pricing, US East)"
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster or {}
    version = current_version(inventory)
    today = inventory.settings.get("today")
    if version is None or not isinstance(today, date):
        return
    dates = support_dates(inventory, version)
    resource = aws("cluster", str(cluster.get("name") or ""), cluster.get("arn"))
    if dates is None and is_unknown(inventory, version):
        yield Finding(
            target=resource,
            message=f"Kubernetes {version} is an unknown version: newer than {newest_known(inventory)}, the "
            f"newest version eks-lint's data knows, so its support dates are unknown; run 'eks-lint data "
            f"refresh' (or check a snapshot with DescribeClusterVersions) to judge it",
            path=("version",),
            level="info",
        )
        return
    if dates is None:
        oldest = min(CALENDAR, key=lambda v: minor(v) or (0, 0))
        if (minor(version) or (0, 0)) < (minor(oldest) or (0, 0)):
            # Older than every version the calendar knows: even the oldest left
            # extended support long ago (an eksctl example may still name 1.21).
            yield Finding(
                target=resource,
                message=f"Kubernetes {version} is older than {oldest}, whose extended support ended on "
                f"{CALENDAR[oldest][2]} (the eks-lint version calendar): EKS neither creates nor keeps "
                f"clusters on it; use a supported version",
                path=("version",),
                level="error",
            )
        return
    nxt = add_minors(version, 1)
    source = f"(dates from {dates.source})"
    standard, extended = dates.end_of_standard, dates.end_of_extended
    support_type = (cluster.get("upgradePolicy") or {}).get("supportType")
    if today >= extended:
        yield Finding(
            target=resource,
            message=f"Kubernetes {version} left extended support on {extended} {source}: EKS upgrades the "
            f"control plane to {nxt} at a time it chooses, leaving node groups and add-ons behind; "
            f"upgrade to {nxt} now",
            path=("version",),
            level="error",
        )
    elif today >= standard and support_type == "STANDARD":
        yield Finding(
            target=resource,
            message=f"Kubernetes {version} left standard support on {standard} {source} and "
            f"upgradePolicy.supportType is STANDARD, so EKS auto-upgrades the control plane to {nxt}: "
            f"upgrade to {nxt} yourself, node groups and add-ons first",
            path=("version",),
        )
    elif today >= standard:
        yield Finding(
            target=resource,
            message=f"Kubernetes {version} has been in extended support since {standard} {source}, billed "
            f"{PRICE}; it ends on {extended}, in {(extended - today).days} days, and then EKS upgrades the "
            f"control plane itself: upgrade to {nxt}",
            path=("version",),
        )
    elif (standard - today).days <= options["warn-days"]:
        yield Finding(
            target=resource,
            message=f"Kubernetes {version} leaves standard support on {standard}, in "
            f"{(standard - today).days} days {source}: upgrade to {nxt} before then, or extended support is "
            f"billed {PRICE}",
            path=("version",),
        )
