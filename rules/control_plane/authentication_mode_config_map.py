"""The cluster authenticates IAM principals through the aws-auth ConfigMap only.

## What it checks
`cluster.accessConfig.authenticationMode` is `CONFIG_MAP`: access entries
(the EKS API for cluster access) are off, and the `kube-system/aws-auth`
ConfigMap is the only thing that maps IAM roles and users to Kubernetes
identities. Clusters with no `accessConfig` (older API responses) are not
reported.

## Why it matters on EKS
The aws-auth ConfigMap is deprecated in favour of access entries. It is a
single YAML string edited by hand or by tools: one bad edit (a YAML error,
a path in a role ARN, a deleted node role) locks users out or stops nodes
from joining, and fixing it then needs the cluster creator's credentials.
Access entries are validated by the EKS API, managed with IAM permissions
and visible in CloudTrail.

## How to fix
Switch to `API_AND_CONFIG_MAP` (existing aws-auth entries keep working),
recreate the mappings as access entries, then switch to `API`. The switch
only goes one way: CONFIG_MAP -> API_AND_CONFIG_MAP -> API. Access entries
need a minimum platform version (1.30 eks.2, 1.28 eks.6, 1.27 eks.10, 1.26
eks.11, 1.25 eks.12, 1.24 eks.15, 1.23 eks.17).

## Example
```
aws eks update-cluster-config --name prod --access-config authenticationMode=API_AND_CONFIG_MAP
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html;
https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (the
ConfigMap is deprecated); https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html.
Minimum platform versions are kept in eks_lint/data/eks_platform.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eks_lint.data.eks_platform import ACCESS_ENTRIES_MIN_PLATFORM
from eks_lint.eks.cluster import cluster_target
from eks_lint.eks.versions import minor, minor_text
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS404",
    name="authentication-mode-config-map",
    severity="warning",
    summary="Cluster access is managed only through the deprecated aws-auth ConfigMap.",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    access = cluster.get("accessConfig")
    if not isinstance(access, dict) or access.get("authenticationMode") != "CONFIG_MAP":
        return
    message = (
        "authenticationMode is CONFIG_MAP, so one bad edit of the aws-auth ConfigMap can lock everyone "
        "out: switch to API_AND_CONFIG_MAP and move the mappings to access entries"
    )
    version = minor(cluster.get("version"))
    needed = ACCESS_ENTRIES_MIN_PLATFORM.get(minor_text(version)) if version else None
    platform = re.fullmatch(r"eks\.(\d+)", str(cluster.get("platformVersion") or ""))
    if needed is not None and platform is not None and int(platform.group(1)) < needed:
        message += (
            f" (platform {cluster['platformVersion']} is below eks.{needed}, the first that supports "
            "access entries on this version: upgrade the cluster first)"
        )
    yield Finding(
        target=cluster_target(cluster), message=message, path=("accessConfig", "authenticationMode")
    )
