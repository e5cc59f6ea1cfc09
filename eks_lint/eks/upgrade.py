"""The cluster's version, the version an upgrade goes to, and support dates.

``--target-version`` sets ``inventory.settings["target_version"]``; without it
the rules that need a target use the next minor after the cluster's version.
Support dates come from eks:DescribeClusterVersions (``cluster_versions``)
when the snapshot has them (or ``eks-lint data refresh`` saved them), else from
``eks_lint/data/eks_versions.py``. A version neither knows is unknown: newer
than the newest known, it is neither unsupported nor the newest.
"""

from __future__ import annotations

from datetime import date, datetime

from eks_lint.data.eks_versions import CALENDAR, newest
from eks_lint.eks.versions import add_minors, minor, minor_text
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject
from eks_lint.engine.record import FrozenRecord


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


class SupportDates(FrozenRecord):
    __slots__ = ("version", "end_of_standard", "end_of_extended", "source")
    _fields = __slots__

    def __init__(self, version: str, end_of_standard: date, end_of_extended: date, source: str) -> None:
        self.version = version
        self.end_of_standard = end_of_standard
        self.end_of_extended = end_of_extended
        self.source = source


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
            return SupportDates(
                version, standard, extended, str(entry.get("_source") or "DescribeClusterVersions")
            )
    row = CALENDAR.get(version)
    if row is None:
        return None
    return SupportDates(version, row[1], row[2], "the eks-lint version calendar")


NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup"
NODEPOOL_LABEL = "karpenter.sh/nodepool"
COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type"


def node_owner(node: K8sObject) -> str | None:
    """Who replaces a node on upgrade, for messages: its node group, Karpenter node pool, or
    "self-managed"; None for Fargate and EKS Auto Mode nodes, which EKS replaces itself."""
    labels = node.labels
    if labels.get(COMPUTE_TYPE_LABEL) in ("fargate", "auto") or node.name.startswith("fargate-"):
        return None
    if labels.get(NODEGROUP_LABEL):
        return f"node group {labels[NODEGROUP_LABEL]}"
    if labels.get(NODEPOOL_LABEL):
        return f"Karpenter node pool {labels[NODEPOOL_LABEL]}"
    return "self-managed"


def newest_known(inventory: Inventory) -> str:
    """The newest Kubernetes minor DescribeClusterVersions (live or refreshed) or the calendar knows."""
    known = [newest()]
    for entry in inventory.part("cluster_versions") or []:
        if isinstance(entry, dict) and minor(entry.get("clusterVersion")):
            known.append(str(entry["clusterVersion"]))
    return max(known, key=lambda version: minor(version) or (0, 0))


def is_unknown(inventory: Inventory, version: str) -> bool:
    """``version`` is newer than every version the data knows (a 1.37 cluster on 1.36 tables)."""
    return (minor(version) or (0, 0)) > (minor(newest_known(inventory)) or (0, 0))


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
