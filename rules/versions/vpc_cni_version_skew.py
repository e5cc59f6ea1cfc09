"""The VPC CNI (aws-node) is incompatible, too old, or several minors behind.

## What it checks
The VPC CNI version comes from the `vpc-cni` EKS add-on (`addonVersion`), else
from the image tag of the `aws-node` container of the `kube-system/aws-node`
DaemonSet. It is reported when:
- it is not compatible with the cluster's Kubernetes version: not among the
  versions eks:DescribeAddonVersions lists for that version (error); without
  that data nothing is judged incompatible, because AWS recommends the latest
  CNI release for every Kubernetes version (a build newer than the eks-lint
  table is not a problem);
- it is older than the oldest version the VPC CNI project recommends for the
  cluster's Kubernetes version (1.28: v1.13.4, 1.29: v1.14.1, 1.30: v1.16.0,
  1.31: v1.16.4, 1.32 and later: v1.17.1) (warning);
- it is two or more minors behind the newest version for the cluster's
  Kubernetes version: EKS updates the add-on one minor at a time, so the
  message counts the updates owed and names each step (warning).

On the DaemonSet it also reports an init container (`aws-vpc-cni-init`) whose
image tag differs from the `aws-node` container's, and any container image
pulled from an Amazon ECR registry in another region than the cluster's.

## Why it matters on EKS
The CNI gives every pod its IP address. A build not validated for the
Kubernetes minor, or one far behind, misses fixes for IP leaks and ENI
handling; jumping several minors at once is refused by the EKS add-on API
("can only go up or down 1 minor version at a time"), so the debt grows with
every skipped release. Mixed init and main images set up the node with one
version and run another. A cross-region image makes every node launch depend
on another region's registry and pays cross-region transfer.

## How to fix
Update the add-on one minor at a time (`aws eks update-addon --addon-name
vpc-cni --addon-version ...`), or apply the manifest of each minor in turn for
a self-managed CNI; use the registry of the cluster's own region, and the same
tag for both images.

## Example
```
aws eks update-addon --cluster-name prod --addon-name vpc-cni --addon-version v1.19.5-eksbuild.3
```

Thresholds: the floors are the "Recommended Version" table of the
aws/amazon-vpc-cni-k8s README; newest versions come from DescribeAddonVersions,
else the EKS user guide table in `eks_lint/data/addon_versions.py`.
Source: https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import addons
from eks_lint.eks.k8s import containers
from eks_lint.eks.skew import minor_steps
from eks_lint.eks.upgrade import current_version
from eks_lint.eks.versions import minor, minor_text
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS202",
    name="vpc-cni-version-skew",
    severity="warning",
    summary="The VPC CNI is incompatible with the cluster version, below the recommended floor, "
    "or two or more minors behind.",
    needs=("cluster",),
    wants=("addons", "addon_versions", "kubernetes"),
    kinds=("DaemonSet",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html",
)

NAME = "vpc-cni"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    k8s = current_version(inventory)
    found = addons.installed(inventory, NAME)
    if k8s is not None and found is not None:
        message = _version_problem(inventory, found, k8s)
        if message is not None:
            text, level = message
            yield addons.finding(found, text, level)
    daemonset = addons.workload(inventory, NAME)
    if daemonset is not None:
        yield from _daemonset_problems(inventory, daemonset)


def _version_problem(inventory: Inventory, found: addons.Installed, k8s: str) -> tuple[str, str] | None:
    version = found.version
    verdict = addons.compatibility(inventory, NAME, version, k8s)
    newest, newest_source = addons.newest(inventory, NAME, k8s)
    if verdict.compatible is False:
        return (
            f"vpc-cni {version} ({found.origin}) is not compatible with Kubernetes {k8s} "
            f"({verdict.source} lists {verdict.span()}): update it one minor at a time to a listed version",
            "error",
        )
    steps = minor_steps(version, newest) if newest else []
    plan = f"; the updates owed are {' -> '.join(steps)}" if len(steps) > 1 else ""
    floor = addons.oldest_recommended_vpc_cni(k8s)
    if floor is not None and addons.version_key(version) < addons.version_key(floor[0]):
        listed_for = "" if floor[1] == k8s else f" (the floor listed for {floor[1]}, the nearest version)"
        return (
            f"vpc-cni {version} ({found.origin}) is older than {floor[0]}, the oldest version recommended "
            f"for Kubernetes {k8s}{listed_for}: update it one minor at a time to {newest or floor[0]}{plan}",
            "warning",
        )
    if len(steps) >= 2:
        own = minor(version)
        return (
            f"vpc-cni {version} ({found.origin}) is {len(steps)} minors behind {newest}, the newest for "
            f"Kubernetes {k8s} ({newest_source}): EKS updates the add-on one minor at a time, so "
            f"{len(steps)} updates are owed ({minor_text(own) if own else version} -> {' -> '.join(steps)})",
            "warning",
        )
    return None


def _daemonset_problems(inventory: Inventory, daemonset) -> Iterator[Finding]:
    main = addons.main_container(daemonset, NAME)
    main_tag = addons.image_tag(main[0].get("image")) if main else None
    region = addons.cluster_region(inventory)
    for container, path in containers(daemonset, ("initContainers", "containers")):
        image = str(container.get("image") or "")
        name = container.get("name")
        tag = addons.image_tag(image)
        if path[-2] == "initContainers" and main_tag and tag and tag != main_tag:
            yield daemonset.finding(
                f"init container {name} runs {tag} but aws-node runs {main_tag}: the node is set up by one "
                f"CNI version and served by another; use {main_tag} for both",
                (*path, "image"),
            )
        image_region = addons.image_region(image)
        if region and image_region and image_region != region:
            yield daemonset.finding(
                f"container {name} pulls {image} from the {image_region} registry but the cluster is in "
                f"{region}: every node launch depends on another region; use the {region} registry",
                (*path, "image"),
            )
