"""CoreDNS is not compatible with the cluster's Kubernetes version.

## What it checks
The CoreDNS version comes from the `coredns` EKS add-on (`addonVersion`),
else from the image tag of the `coredns` container of the
`kube-system/coredns` Deployment. It is reported when it is not among the
versions eks:DescribeAddonVersions lists for the cluster's Kubernetes
version or, without that data, when its minor is not one the EKS user guide
has listed for that version or the version before (for example v1.11 for
1.29 to 1.32, v1.12 or v1.13 for 1.33 and 1.34): EKS has CoreDNS updated
after the control plane, so the previous version's build is not reported.

## Why it matters on EKS
EKS leaves CoreDNS alone when it upgrades the control plane. A CoreDNS built
for an older Kubernetes misses the API changes and fixes validated for the
new one; cluster DNS is on the path of almost every request.

## How to fix
Update the add-on to the version the message names (the default for the
cluster's version), after checking any custom Corefile.

## Example
```
aws eks update-addon --cluster-name prod --addon-name coredns --addon-version v1.13.2-eksbuild.4
```

Threshold: compatibility as listed by DescribeAddonVersions, else the table
in `eks_lint/data/addon_versions.py`.
Source: https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import addons
from eks_lint.eks.upgrade import current_version
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS204",
    name="coredns-version-skew",
    severity="warning",
    summary="CoreDNS is not compatible with the cluster's Kubernetes version.",
    needs=("cluster",),
    wants=("addons", "addon_versions", "kubernetes"),
    kinds=("Deployment",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html",
)

NAME = "coredns"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    k8s = current_version(inventory)
    found = addons.installed(inventory, NAME)
    if k8s is None or found is None:
        return
    verdict = addons.compatibility(inventory, NAME, found.version, k8s)
    if verdict.compatible is not False:
        return
    fit, _ = addons.default(inventory, NAME, k8s)
    message = (
        f"CoreDNS {found.version} ({found.origin}) is not compatible with Kubernetes {k8s} "
        f"({verdict.source} lists {verdict.span()}): update it to {fit or 'a listed version'}"
    )
    yield addons.finding(found, message)
