"""The cluster's version, the version an upgrade goes to, and support dates.

``--target-version`` sets ``inventory.settings["target_version"]``; without it
the rules that need a target use the next minor after the cluster's version.
Support dates come from eks:DescribeClusterVersions (``cluster_versions``)
when the snapshot has them, else from ``eks_lint/data/eks_versions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from eks_lint.data.eks_versions import CALENDAR
from eks_lint.eks.versions import add_minors, minor, minor_text
from eks_lint.engine.inventory import Inventory


def current_version(inventory: Inventory) -> str | None:
    """The control plane's ``major.minor``: the cluster's, else ``--k8s-version``.

    A cluster whose version is not known (an eksctl ClusterConfig without
    ``metadata.version`` gets eksctl's default at creation) has none: the
    version rules skip it rather than judge the newest version in its place.
    """
    cluster = inventory.cluster
    if isinstance(cluster, dict) and cluster:
        version = cluster.get("version")
    else:
        version = inventory.settings.get("k8s_version")
    parsed = minor(version)
    return minor_text(parsed) if parsed else None


def stated_version(inventory: Inventory) -> str | None:
    """The control plane's ``major.minor`` when the input states it: the cluster's, or
    ``--k8s-version`` / the config's ``k8s-version``; None when it is only eks-lint's
    default (the newest EKS version), which a rule must not take as the user's."""
    cluster = inventory.cluster
    if (isinstance(cluster, dict) and cluster) or inventory.settings.get("k8s_version_stated"):
        return current_version(inventory)
    return None


def target_version(inventory: Inventory) -> str | None:
    """``--target-version``, else the next minor after the current version."""
    target = inventory.settings.get("target_version")
    if target:
        parsed = minor(target)
        return minor_text(parsed) if parsed else None
    current = current_version(inventory)
    return add_minors(current, 1) if current else None


@dataclass(frozen=True)
class SupportDates:
    version: str
    end_of_standard: date
    end_of_extended: date
    source: str


def _day(value: object) -> date | None:
    if isinstance(value, datetime):  # boto3's own type, if a caller kept it
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def support_dates(inventory: Inventory, version: str) -> SupportDates | None:
    """End of standard and extended support for ``version``: live first, then the data table."""
    for entry in inventory.part("cluster_versions") or []:
        if not isinstance(entry, dict) or minor(entry.get("clusterVersion")) != minor(version):
            continue
        standard = _day(entry.get("endOfStandardSupportDate"))
        extended = _day(entry.get("endOfExtendedSupportDate"))
        if standard and extended:
            return SupportDates(version, standard, extended, "DescribeClusterVersions")
    row = CALENDAR.get(version)
    if row is None:
        return None
    return SupportDates(version, row[1], row[2], "the eks-lint version calendar")


def apply_target_version(target: str | None, inventory: Inventory) -> None:
    """Validate ``--target-version`` against the cluster and record it in the inventory settings."""
    if not target:
        return
    from eks_lint.engine.errors import EksLintError

    parsed = minor(target)
    if parsed is None:
        raise EksLintError(f"--target-version {target}: not a Kubernetes version like 1.34")
    cluster_version = minor((inventory.cluster or {}).get("version"))
    if cluster_version is not None and parsed <= cluster_version:
        raise EksLintError(
            f"--target-version {target}: not newer than the cluster's version {minor_text(cluster_version)}"
        )
    inventory.settings["target_version"] = minor_text(parsed)
