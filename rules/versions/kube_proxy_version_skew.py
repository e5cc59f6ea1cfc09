"""kube-proxy is newer than the control plane, or behind it.

## What it checks
The kube-proxy version comes from the `kube-proxy` EKS add-on
(`addonVersion`), else from the image tag of the `kube-system/kube-proxy`
DaemonSet. Against the cluster's Kubernetes version:
- newer than the control plane: error (the skew policy forbids it);
- more minors behind than the skew policy allows (3, or 2 for kube-proxy
  older than 1.25): error;
- behind, and the next control-plane upgrade (`--target-version`, default
  the next minor) would take it past the allowed lag: error, because the
  upgrade must wait for kube-proxy;
- otherwise behind at all: warning, naming the version for the cluster's
  Kubernetes version.

## Why it matters on EKS
EKS does not update kube-proxy when it upgrades the control plane. Outside
the skew policy kube-proxy is untested against the API server and can stop
programming Service rules, which breaks Service traffic on every node.

## How to fix
After each control-plane upgrade, update kube-proxy to the version for the
new Kubernetes version (`aws eks update-addon --addon-name kube-proxy`), and
never run it ahead of the control plane.

## Example
```
aws eks update-addon --cluster-name prod --addon-name kube-proxy --addon-version v1.33.10-eksbuild.2
```

Threshold: kubelet/kube-proxy may trail kube-apiserver by up to three minors
(two below 1.25) and never lead it.
Source: https://kubernetes.io/releases/version-skew-policy/#kube-proxy and
https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import addons
from eks_lint.eks.skew import skew
from eks_lint.eks.upgrade import current_version, target_version
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS203",
    name="kube-proxy-version-skew",
    severity="warning",
    summary="kube-proxy is newer than the control plane (error) or behind it (warning; error when the "
    "next upgrade breaks the skew policy).",
    needs=("cluster",),
    wants=("addons", "addon_versions", "kubernetes"),
    kinds=("DaemonSet",),
    source="https://kubernetes.io/releases/version-skew-policy/#kube-proxy",
)

NAME = "kube-proxy"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    k8s = current_version(inventory)
    found = addons.installed(inventory, NAME)
    if k8s is None or found is None:
        return
    position = skew(k8s, found.version)
    if position is None or position.behind == 0:
        return
    version = f"kube-proxy {found.version} ({found.origin})"
    fit, _ = addons.default(inventory, NAME, k8s)
    update = f"update it to {fit}" if fit else f"update it to the {k8s} build"
    if position.newer:
        yield addons.finding(
            found,
            f"{version} is newer than the control plane ({k8s}), which the skew policy forbids: "
            f"downgrade it to the {k8s} build ({fit or 'v' + k8s + '.x'})",
            "error",
        )
        return
    if not position.within_policy:
        yield addons.finding(
            found,
            f"{version} is {position.behind} minors behind the control plane ({k8s}), more than the "
            f"{position.allowed} the skew policy allows: {update} now",
            "error",
        )
        return
    target = target_version(inventory)
    then = skew(target, found.version) if target else None
    if then is not None and not then.within_policy:
        yield addons.finding(
            found,
            f"{version} is {position.behind} minor{'s' if position.behind > 1 else ''} behind the control "
            f"plane ({k8s}); after the upgrade to {target} it would be {then.behind} behind, more than the "
            f"{then.allowed} the skew policy allows: {update} before upgrading the control plane",
            "error",
        )
        return
    yield addons.finding(
        found,
        f"{version} is {position.behind} minor{'s' if position.behind > 1 else ''} behind the control "
        f"plane ({k8s}): {update}",
        "warning",
    )
