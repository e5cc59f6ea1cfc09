"""EKS version data saved by ``eks-lint data refresh``: read it, write it, fetch it.

The built-in tables in ``eks_lint/data`` go stale the day EKS ships a version;
eks:DescribeClusterVersions and eks:DescribeAddonVersions do not. ``refresh``
reads those two (read-only, through the call table in ``eks_lint.data.aws_calls``)
and saves the answers, unchanged, in the user cache; offline runs load them
before the built-in tables, and the rules read them through the same
``cluster_versions`` and ``addon_versions`` inventory parts a snapshot fills.

boto3 is imported only by ``refresh``.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone

from eks_lint.engine.cache import cache_dir, cache_folder
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

FORMAT = "eks-lint/eks-data@1"
FILE_NAME = "eks-data.json"


class Refreshed(Record):
    """What a refresh saved: when, where from, and the two API answers.

    A ``Record``, not a dataclass: every ``check`` reads it, and ``dataclasses``
    costs milliseconds of start-up (see ``eks_lint.engine.record``)."""

    __slots__ = ("refreshed_at", "region", "cluster_versions", "addon_versions", "path")
    _fields = __slots__

    def __init__(
        self,
        refreshed_at: str,  # ISO 8601, UTC
        region: str,
        cluster_versions: list[dict[str, Any]],
        addon_versions: list[dict[str, Any]],
        path: Path | None = None,
    ) -> None:
        self.refreshed_at = refreshed_at
        self.region = region
        self.cluster_versions = cluster_versions
        self.addon_versions = addon_versions
        self.path = path

    @property
    def refreshed_on(self) -> date | None:
        try:
            return date.fromisoformat(self.refreshed_at[:10])
        except ValueError:
            return None

    def newest_version(self) -> str | None:
        """The newest ``clusterVersion`` DescribeClusterVersions listed, as numbers (1.9 < 1.10)."""
        versions = [str(v.get("clusterVersion")) for v in self.cluster_versions if v.get("clusterVersion")]
        parsed = [(tuple(int(p) for p in v.split(".")[:2]), v) for v in versions if _is_minor(v)]
        return max(parsed)[1] if parsed else None


def _is_minor(text: str) -> bool:
    parts = text.split(".")
    return len(parts) >= 2 and all(p.isdigit() for p in parts[:2])


def data_path(folder: Path | None = None) -> Path:
    return (folder or cache_dir()) / FILE_NAME


def load(folder: Path | None = None) -> Refreshed | None:
    """The saved data, or None when there is none.

    A file that is not what ``refresh`` writes is an input error (exit 2), not
    silently ignored: a run would otherwise fall back to older tables unseen.
    """
    if folder is None:  # every run looks: no pathlib unless the file is there
        try:
            with open(os.path.join(cache_folder(), FILE_NAME), "rb"):
                pass
        except FileNotFoundError:
            return None
        except OSError:
            pass  # reported below, with the path
    path = data_path(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise EksLintError(f"{path}: cannot read refreshed EKS data: {error.strerror or error}") from None
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise EksLintError(f"{path}: not eks-lint refreshed EKS data; run 'eks-lint data refresh' again")
    clusters, addons = data.get("cluster_versions"), data.get("addon_versions")
    if not isinstance(clusters, list) or not isinstance(addons, list):
        raise EksLintError(f"{path}: refreshed EKS data is incomplete; run 'eks-lint data refresh' again")
    return Refreshed(
        str(data.get("refreshed_at") or ""),
        str(data.get("region") or ""),
        [v for v in clusters if isinstance(v, dict)],
        [a for a in addons if isinstance(a, dict)],
        path,
    )


def save(refreshed: Refreshed, folder: Path | None = None) -> Path:
    """Write atomically (a temporary file renamed into place): a reader never sees half a file."""
    path = data_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "format": FORMAT,
        "refreshed_at": refreshed.refreshed_at,
        "region": refreshed.region,
        "cluster_versions": refreshed.cluster_versions,
        "addon_versions": refreshed.addon_versions,
    }
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".eks-data-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(body, out, indent=1, sort_keys=True, default=_json_default)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot save {type(value).__name__}")


def fetch(clients: Any, region: str, now: datetime | None = None) -> Refreshed:
    """Read DescribeClusterVersions (every version, ``includeAll``) and DescribeAddonVersions.

    Either call failing (AccessDenied included) fails the refresh with one line:
    saving half the data would make later runs trust a table that is not there.
    """
    from eks_lint.sources.aws import Reader, Recorder

    recorder = Recorder()
    reader = Reader(clients, recorder)
    cluster_pages = reader.pages("eks:DescribeClusterVersions", region, includeAll=True)
    addon_pages = reader.pages("eks:DescribeAddonVersions", region) if cluster_pages is not None else None
    if cluster_pages is None or addon_pages is None:
        error = recorder.errors[-1]
        raise EksLintError(
            f"data refresh: {error['operation']} failed ({error['code']}): {error['message']}; "
            "nothing was saved"
        )
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Refreshed(
        refreshed_at=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        region=region,
        cluster_versions=[v for page in cluster_pages for v in page.get("clusterVersions", [])],
        addon_versions=[a for page in addon_pages for a in page.get("addons", [])],
    )
