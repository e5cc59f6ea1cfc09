"""``eks-lint data show|refresh``, and which version data a ``check`` run uses.

A run uses, in order: the cluster's own DescribeClusterVersions and
DescribeAddonVersions answers (a snapshot or a live read), the answers
``eks-lint data refresh`` saved in the user cache, then the built-in tables.
When neither live nor refreshed data can have told it about a newer
Kubernetes release, every ``check`` says so on stderr: a linter that goes
quiet because its calendar stopped in June is worse than one that says so.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from eks_lint.data import eks_versions
from eks_lint.eks.versions import minor
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

REFRESHED = "eks-lint data refresh"


class DataStatus(Record):
    """The version data a run uses: the built-in tables, and what a refresh saved."""

    __slots__ = ("refreshed",)
    _fields = __slots__

    def __init__(self, refreshed: Any = None) -> None:
        self.refreshed = refreshed  # eks_lint.sources.eks_data.Refreshed, or None

    @property
    def newest(self) -> str:
        """The newest Kubernetes version known: the tables', or a refresh's if newer."""
        table = eks_versions.newest()
        saved = self.refreshed.newest_version() if self.refreshed is not None else None
        if saved and (minor(saved) or (0, 0)) > (minor(table) or (0, 0)):
            return saved
        return table

    def newest_release(self) -> tuple[str, date]:
        """The newest version known and its EKS release date (a refresh's, if newer)."""
        version = eks_versions.newest()
        released = eks_versions.CALENDAR[version][0]
        refreshed = self.refreshed
        saved = refreshed.newest_version() if refreshed is not None else None
        if saved and (minor(saved) or (0, 0)) > (minor(version) or (0, 0)):
            entry = next(v for v in refreshed.cluster_versions if v.get("clusterVersion") == saved)
            day = _day(entry.get("releaseDate"))
            if day is not None:
                return saved, day
        return version, released

    def stale_after(self) -> date:
        """The day after which this data must be missing a newer EKS release.

        The newest release it knows plus the cadence (``eks_versions.RELEASE_CADENCE_DAYS``);
        a refresh counts as a look at the newest release on its own date.
        """
        reference = self.newest_release()[1]
        if self.refreshed is not None and self.refreshed.refreshed_on is not None:
            reference = max(reference, self.refreshed.refreshed_on)
        return reference + timedelta(days=eks_versions.RELEASE_CADENCE_DAYS)

    def stale_line(self, today: date) -> str | None:
        """One stderr line when the data must be missing a release as of ``today``, else None."""
        if today <= self.stale_after():
            return None
        newest, released = self.newest_release()
        if self.refreshed is not None:
            seen = f"the EKS data refreshed on {self.refreshed.refreshed_on}"
        else:
            seen = f"the built-in EKS version tables (checked {eks_versions.CHECKED}, newest {newest})"
        return (
            f"eks-lint: {seen} must be missing a newer Kubernetes release: EKS ships one about every "
            f"4 months and {newest} came out on {released}; run 'eks-lint data refresh' "
            "(read-only: eks:DescribeClusterVersions, eks:DescribeAddonVersions)"
        )

    def as_json(self) -> dict[str, Any]:
        """What the JSON report records about the data the run used."""
        refreshed = self.refreshed
        return {
            "tables_checked": eks_versions.CHECKED,
            "tables_newest": eks_versions.newest(),
            "refreshed_at": refreshed.refreshed_at if refreshed is not None else None,
            "refreshed_region": refreshed.region if refreshed is not None else None,
            "newest": self.newest,
        }


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None


def clock_today() -> date:
    """Today, for the staleness check when ``--today`` is not given: ``EKS_LINT_TODAY``
    (YYYY-MM-DD) where set, so a pinned CI job or a test gets the same output every day."""
    import os

    pinned = os.environ.get("EKS_LINT_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise EksLintError(f"EKS_LINT_TODAY={pinned}: not a date like 2026-11-24") from None
    return date.today()


def data_status() -> DataStatus:
    from eks_lint.sources.eks_data import load

    return DataStatus(load())


def warn_if_stale(status: DataStatus, today: date) -> None:
    line = status.stale_line(today)
    if line:
        print(line, file=sys.stderr)


def fill_from_refreshed(inventory: Inventory, status: DataStatus) -> None:
    """Give a run without DescribeClusterVersions / DescribeAddonVersions the refreshed answers.

    Live data in the snapshot stays: only a missing part is filled, and each
    entry is marked so messages name where its dates came from.
    """
    refreshed = status.refreshed
    if refreshed is None:
        return
    mark = {"_source": f"{REFRESHED} on {refreshed.refreshed_on}"}
    if inventory.part("cluster_versions") is None:
        inventory.parts["cluster_versions"] = [{**v, **mark} for v in refreshed.cluster_versions]
    if inventory.part("addon_versions") is None:
        inventory.parts["addon_versions"] = [{**a, **mark} for a in refreshed.addon_versions]


def run_data(args: argparse.Namespace) -> int:
    if args.data_command == "refresh":
        return _refresh(args)
    return _show(args)


def _show(args: argparse.Namespace) -> int:
    status = data_status()
    today = args.today or clock_today()
    refreshed = status.refreshed
    lines = [
        f"built-in tables: checked {eks_versions.CHECKED}, review by {eks_versions.REVIEW_BY}, "
        f"newest Kubernetes version {eks_versions.newest()}",
    ]
    if refreshed is None:
        lines.append("refreshed data: none (run 'eks-lint data refresh')")
    else:
        lines.append(
            f"refreshed data: {refreshed.refreshed_at} from {refreshed.region} ({refreshed.path}), "
            f"{len(refreshed.cluster_versions)} cluster versions, {len(refreshed.addon_versions)} add-ons, "
            f"newest Kubernetes version {refreshed.newest_version() or 'none'}"
        )
    lines.append(
        f"a run uses: live data from the cluster first, then "
        f"{'the refreshed data, then ' if refreshed is not None else ''}the built-in tables; "
        f"default --k8s-version {status.newest}"
    )
    print("\n".join(lines))
    warn_if_stale(status, today)
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from eks_lint.sources.aws import ClientFactory, make_session
    from eks_lint.sources.eks_data import fetch, save

    session = make_session(args.profile, args.region)
    refreshed = fetch(ClientFactory(session, workers=2), session.region_name)
    path = save(refreshed)
    print(
        f"saved {len(refreshed.cluster_versions)} cluster versions and {len(refreshed.addon_versions)} "
        f"add-ons from {refreshed.region} to {path} (newest Kubernetes version "
        f"{refreshed.newest_version() or 'none'})"
    )
    return 0
