"""Installed add-on versions and their compatibility with a Kubernetes version.

The installed version comes from the EKS add-on (eks:DescribeAddon) when there
is one, else from the image tag of the self-managed workload (the aws-node and
kube-proxy DaemonSets, the coredns Deployment). Compatibility comes from
eks:DescribeAddonVersions (the snapshot's ``addon_versions``) when it covers
the Kubernetes version asked about, else from the data table in
``eks_lint/data/addon_versions.py``; the answer says which one it used.
"""

from __future__ import annotations

import re

from eks_lint.data import addon_versions as table
from eks_lint.eks.k8s import containers
from eks_lint.eks.skew import skew
from eks_lint.eks.versions import add_minors, minor, minor_text, parse
from eks_lint.engine.inventory import Inventory, aws
from eks_lint.engine.model import AwsResource, Finding, K8sObject
from eks_lint.engine.record import FrozenRecord

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

LIVE = "DescribeAddonVersions"
TABLE = "the eks-lint data table"

#: add-on name -> (kind, namespace, name, main container) of its self-managed workload.
WORKLOADS: dict[str, tuple[str, str, str, str]] = {
    "vpc-cni": ("DaemonSet", "kube-system", "aws-node", "aws-node"),
    "kube-proxy": ("DaemonSet", "kube-system", "kube-proxy", "kube-proxy"),
    "coredns": ("Deployment", "kube-system", "coredns", "coredns"),
}

_BUILD = re.compile(r"eksbuild\.(\d+)")
_ECR_REGION = re.compile(r"^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/")


def version_key(text: str | None) -> tuple[int, int, int, int]:
    """Sort key for ``v1.19.0-eksbuild.1``: numbers first, then the eksbuild number."""
    parsed = parse(text) or (0, 0, 0)
    build = _BUILD.search(text or "")
    return (*parsed, int(build.group(1)) if build else 0)


def image_tag(image: str | None) -> str | None:
    """The tag of an image reference (``repo/name:v1.19.0-eksbuild.1`` -> ``v1.19.0-eksbuild.1``)."""
    if not image:
        return None
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def image_region(image: str | None) -> str | None:
    """The region of an Amazon ECR registry in an image reference, or None for other registries."""
    match = _ECR_REGION.match(image or "")
    return match.group(1) if match else None


def cluster_region(inventory: Inventory) -> str | None:
    """The cluster's region, from its ARN (``arn:aws:eks:eu-west-1:...``)."""
    arn = str((inventory.cluster or {}).get("arn") or "")
    parts = arn.split(":")
    return parts[3] if len(parts) > 4 and parts[3] else None


def find_addon(inventory: Inventory, name: str) -> dict[str, Any] | None:
    for addon in inventory.part("addons") or []:
        if isinstance(addon, dict) and addon.get("addonName") == name:
            return addon
    return None


def addon_resource(addon: dict[str, Any]) -> AwsResource:
    return aws("addon", str(addon.get("addonName")), addon.get("addonArn"))


class Installed(FrozenRecord):
    """One add-on's running version and where it was read (a record, not a
    dataclass: see ``eks_lint.engine.record``)."""

    __slots__ = ("name", "version", "addon", "workload", "path")
    _fields = __slots__

    def __init__(
        self,
        name: str,
        version: str,
        addon: dict[str, Any] | None = None,
        workload: K8sObject | None = None,
        path: tuple[str | int, ...] = (),
    ) -> None:
        self.name = name
        self.version = version
        self.addon = addon
        self.workload = workload
        self.path = path

    @property
    def origin(self) -> str:
        if self.addon is not None:
            return f"the {self.name} add-on"
        assert self.workload is not None
        return f"the {self.workload.kind} {self.workload.namespace}/{self.workload.name} image"


def workload(inventory: Inventory, name: str) -> K8sObject | None:
    spec = WORKLOADS.get(name)
    return inventory.find(spec[0], spec[1], spec[2]) if spec else None


def main_container(obj: K8sObject, name: str) -> tuple[dict[str, Any], tuple[str | int, ...]] | None:
    """The add-on's main container (by name, else the first container) and its path."""
    wanted = WORKLOADS[name][3]
    found = list(containers(obj, ("containers",)))
    for container, path in found:
        if container.get("name") == wanted:
            return container, path
    return found[0] if found else None


def installed(inventory: Inventory, name: str) -> Installed | None:
    """The running version: the EKS add-on's, else the self-managed workload's image tag."""
    addon = find_addon(inventory, name)
    if addon is not None and parse(addon.get("addonVersion")):
        return Installed(name, str(addon["addonVersion"]), addon=addon)
    obj = workload(inventory, name)
    if obj is None:
        return None
    found = main_container(obj, name)
    if found is None:
        return None
    container, path = found
    tag = image_tag(container.get("image"))
    if not parse(tag):
        return None
    return Installed(name, str(tag), workload=obj, path=(*path, "image"))


def live_versions(inventory: Inventory, name: str, k8s: str) -> list[dict[str, Any]] | None:
    """DescribeAddonVersions entries compatible with ``k8s``; None when it does not cover ``k8s``."""
    covered = False
    found = []
    for info in inventory.part("addon_versions") or []:
        if not isinstance(info, dict) or info.get("addonName") != name:
            continue
        for entry in info.get("addonVersions") or []:
            compat = [c for c in entry.get("compatibilities") or [] if c.get("clusterVersion") == k8s]
            if compat:
                covered = True
                found.append({**entry, "_default": any(c.get("defaultVersion") for c in compat)})
    return found if covered else None


class Verdict(FrozenRecord):
    """Whether a version is compatible with a Kubernetes version, and what said so.

    ``compatible`` is None when neither DescribeAddonVersions nor the table knows.
    """

    __slots__ = ("compatible", "source", "versions")
    _fields = __slots__

    def __init__(self, compatible: bool | None, source: str, versions: tuple[str, ...] = ()) -> None:
        self.compatible = compatible
        self.source = source
        self.versions = versions  # the compatible versions, newest last

    def span(self) -> str:
        """``v1.18.1-eksbuild.3 to v1.20.1-eksbuild.3`` for messages."""
        if not self.versions:
            return "none"
        if len(self.versions) == 1:
            return self.versions[0]
        return f"{self.versions[0]} to {self.versions[-1]}"


def compatibility(inventory: Inventory, name: str, version: str, k8s: str) -> Verdict:
    """Is add-on ``name`` at ``version`` compatible with Kubernetes ``k8s``?

    kube-proxy is judged by the skew policy (not newer than the control plane,
    at most three minors older), since EKS builds one kube-proxy per minor and
    an older one keeps working within the policy.
    """
    if name == "kube-proxy":
        position = skew(k8s, version)
        if position is None:
            return Verdict(None, "the Kubernetes version skew policy")
        return Verdict(position.within_policy, "the Kubernetes version skew policy")
    live = live_versions(inventory, name, k8s)
    if live is not None:
        versions = tuple(sorted((str(e.get("addonVersion")) for e in live), key=version_key))
        return Verdict(version in versions, LIVE, versions)
    return _table_compatibility(name, version, k8s)


def _table_compatibility(name: str, version: str, k8s: str) -> Verdict:
    own = minor(version)
    if own is None:
        return Verdict(None, TABLE)
    if name == "coredns":
        listed = table.COREDNS_MINORS.get(k8s)
        if not listed:
            return Verdict(None, TABLE)
        # EKS updates CoreDNS after the control plane, so the previous version's CoreDNS keeps
        # working on this one: accept the minors listed for this version and the one before.
        before = table.COREDNS_MINORS.get(add_minors(k8s, -1), ())
        minors = sorted(set(listed) | set(before), key=lambda m: minor(m) or (0, 0))
        return Verdict(minor_text(own) in minors, TABLE, tuple(f"v{m}.x" for m in minors))
    # vpc-cni: AWS recommends its latest release for every Kubernetes version, so the table
    # has no upper bound to judge by; only DescribeAddonVersions can say "not compatible".
    return Verdict(None, TABLE)


def _table_newest(name: str, k8s: str) -> str | None:
    rows = table.LATEST.get(name, {})
    wanted = minor(k8s)
    if k8s in rows or name != "vpc-cni" or not rows or wanted is None:
        return rows.get(k8s)
    # The page lists one newest CNI release for every version it covers; a version newer
    # than its rows gets that release too (older ones were dropped from the page instead).
    newest_row = max(rows, key=lambda v: minor(v) or (0, 0))
    return rows[newest_row] if wanted > (minor(newest_row) or (0, 0)) else None


def newest(inventory: Inventory, name: str, k8s: str) -> tuple[str | None, str]:
    """The newest version of add-on ``name`` for Kubernetes ``k8s``, and the source."""
    live = live_versions(inventory, name, k8s)
    if live:
        return max((str(e.get("addonVersion")) for e in live), key=version_key), LIVE
    return _table_newest(name, k8s), TABLE


def default(inventory: Inventory, name: str, k8s: str) -> tuple[str | None, str]:
    """The version EKS installs by default for ``k8s`` (DescribeAddonVersions), else the newest known."""
    live = live_versions(inventory, name, k8s)
    if live:
        defaults = [str(e.get("addonVersion")) for e in live if e.get("_default")]
        if defaults:
            return max(defaults, key=version_key), LIVE
    return newest(inventory, name, k8s)


def compatible_with_both(inventory: Inventory, name: str, current: str, target: str) -> str | None:
    """The newest version compatible with both Kubernetes versions (DescribeAddonVersions only)."""
    now = live_versions(inventory, name, current)
    then = live_versions(inventory, name, target)
    if not now or not then:
        return None
    both = {str(e.get("addonVersion")) for e in now} & {str(e.get("addonVersion")) for e in then}
    return max(both, key=version_key) if both else None


def oldest_recommended_vpc_cni(k8s: str) -> tuple[str, str] | None:
    """(floor version, the Kubernetes version whose floor it is): the nearest listed at or below ``k8s``."""
    wanted = minor(k8s)
    if wanted is None:
        return None
    listed = [(minor(v), v) for v in table.VPC_CNI_OLDEST_RECOMMENDED]
    below = [(m, v) for m, v in listed if m is not None and m <= wanted]
    if not below:
        return None
    _, version = max(below)
    return table.VPC_CNI_OLDEST_RECOMMENDED[version], version


def finding(found: Installed, message: str, level: str | None = None) -> Finding:
    """A finding on the add-on (at ``addonVersion``) or on the workload's image line."""
    if found.addon is not None:
        return Finding(
            target=addon_resource(found.addon), message=message, path=("addonVersion",), level=level
        )
    assert found.workload is not None
    result = found.workload.finding(message, found.path)
    result.level = level
    return result
