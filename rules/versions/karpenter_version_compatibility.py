"""The Karpenter controller is older than the oldest version that supports the cluster's
Kubernetes version, or the version of the next upgrade.

## What it checks
The controller image of each Deployment running Karpenter
(`public.ecr.aws/karpenter/controller:<version>`), against Karpenter's
compatibility matrix (`eks_lint/data/karpenter_compat.py`):
- older than the minimum for the cluster's version: error;
- older than the minimum for the upgrade target (`--target-version`, else the
  minor after the cluster's): error, to be fixed before the upgrade.
A version the matrix does not list (1.36 when checked) is not judged; an
image without a version tag is skipped.

## Why it matters on EKS
Karpenter launches and removes the nodes. A controller older than the
matrix's minimum for the API server's version is untested against it: it
can stop provisioning (pending pods) or fail to disrupt nodes after the
control-plane upgrade, which EKS cannot roll back.

## How to fix
Upgrade Karpenter (its Helm chart and CRDs) to at least the version named in
the message before upgrading the control plane, following Karpenter's
upgrade guide one minor at a time.

## Example
```
helm upgrade karpenter oci://public.ecr.aws/karpenter/karpenter --version 1.6.0 -n kube-system
```

Threshold: the minimum per Kubernetes version in Karpenter's compatibility matrix.
Source: https://karpenter.sh/docs/upgrading/compatibility/
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.aws_workloads import component_for
from eks_lint.data.karpenter_compat import KARPENTER_MINIMUM
from eks_lint.eks.addons import image_tag
from eks_lint.eks.k8s import containers
from eks_lint.eks.upgrade import current_version, target_version
from eks_lint.eks.versions import parse
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS213",
    name="karpenter-version-compatibility",
    severity="error",
    summary="The Karpenter controller is older than the minimum for the cluster's Kubernetes version "
    "or the upgrade target.",
    needs=("kubernetes",),
    wants=("cluster",),
    kinds=("Deployment",),
    source="https://karpenter.sh/docs/upgrading/compatibility/",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    current, target = current_version(inventory), target_version(inventory)
    for deployment in inventory.of_kind("Deployment"):
        for container, path in containers(deployment, ("containers",)):
            image = str(container.get("image") or "")
            component = component_for(image)
            if component is None or component.name != "Karpenter":
                continue
            version = parse(image_tag(image))
            if version is None:
                continue
            message = _problem(version, current, target)
            if message:
                yield deployment.finding(
                    f"Karpenter {'.'.join(map(str, version))} ({container.get('name')}) {message}",
                    (*path, "image"),
                )


def _problem(version: tuple[int, int, int], current: str | None, target: str | None) -> str | None:
    for k8s, when in ((current, "the cluster's version"), (target, "the upgrade target")):
        minimum = KARPENTER_MINIMUM.get(k8s or "")
        if minimum and version < (parse(minimum) or (0, 0, 0)):
            later = " before upgrading the control plane" if when == "the upgrade target" else ""
            return (
                f"is older than {minimum}, the oldest Karpenter that supports Kubernetes {k8s} "
                f"({when}, Karpenter's compatibility matrix): upgrade Karpenter to {minimum} or later{later}"
            )
    return None
