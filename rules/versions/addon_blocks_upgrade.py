"""An installed add-on is not compatible with the Kubernetes version of the next upgrade.

## What it checks
Every EKS add-on in the cluster (and a self-managed VPC CNI or CoreDNS found
as the `aws-node` DaemonSet or `coredns` Deployment) against the target
version: `--target-version`, else the minor after the cluster's version.
It is reported when eks:DescribeAddonVersions lists compatible versions for
the target and the installed version is not among them, or, without that
data for the target, when the eks-lint table says so (a CoreDNS minor listed
neither for the target nor for the version before it; the table gives the VPC
CNI no upper bound, since AWS recommends its latest release for every
Kubernetes version). Add-ons the data
does not cover are not reported. kube-proxy is left to `kube-proxy-version-skew`:
it is updated after the control plane and keeps working within the skew
policy.

## Why it matters on EKS
EKS never updates add-ons during a control-plane upgrade, and upgrades
cannot be rolled back: an add-on incompatible with the new version breaks
(storage, networking or credentials for every pod that relies on it) as soon
as the control plane moves.

## How to fix
Before upgrading the control plane, update the add-on to a version
compatible with both the current and the target version (the message names
one when DescribeAddonVersions covers both), one minor at a time.

## Example
```
eks-lint check --snapshot prod.json --target-version 1.34 --select addon-blocks-upgrade
aws eks update-addon --cluster-name prod --addon-name aws-ebs-csi-driver --addon-version v1.44.0-eksbuild.1
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html (step 2:
update add-ons before the control plane) and
https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import addons
from eks_lint.eks.upgrade import current_version, target_version
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS205",
    name="addon-blocks-upgrade",
    severity="error",
    summary="An installed add-on is not compatible with the target Kubernetes version and must be "
    "updated before the control plane.",
    needs=("cluster",),
    wants=("addons", "addon_versions", "kubernetes"),
    kinds=("DaemonSet", "Deployment"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    current = current_version(inventory)
    target = target_version(inventory)
    if current is None or target is None or target == current:
        return
    names = [str(a.get("addonName")) for a in inventory.part("addons") or [] if isinstance(a, dict)]
    names += [name for name in ("vpc-cni", "coredns") if name not in names]
    for name in names:
        if name == "kube-proxy":
            continue
        found = addons.installed(inventory, name)
        if found is None:
            continue
        verdict = addons.compatibility(inventory, name, found.version, target)
        if verdict.compatible is not False:
            continue
        both = addons.compatible_with_both(inventory, name, current, target)
        fit = (
            f"update it to {both} (compatible with {current} and {target})"
            if both
            else (f"update it to a version compatible with {target}")
        )
        # Only the VPC CNI add-on refuses updates of more than one minor at a time.
        pace = ", one minor at a time," if name == "vpc-cni" else ""
        yield addons.finding(
            found,
            f"{name} {found.version} ({found.origin}) is not compatible with Kubernetes {target} "
            f"({verdict.source} lists {verdict.span()}): {fit}{pace} before upgrading the control plane",
        )
