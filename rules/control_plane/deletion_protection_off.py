"""Deletion protection is off on an EKS cluster.

## What it checks
A cluster whose DescribeCluster answer has `deletionProtection: false`. A
snapshot without the field (collected before EKS reported it) is not judged.
The finding is `info`; it is a `warning` on a cluster the config marks as
production:

```yaml
# .eks-lint.yaml
production-clusters: [prod-*, payments]
```

(cluster names, with `*` and `?` wildcards).

## Why it matters on EKS
With deletion protection on, `DeleteCluster` is refused until protection is
turned off first: a mistaken `aws eks delete-cluster`, `eksctl delete
cluster`, `terraform destroy` or a stack teardown pointed at the wrong account
does not take the cluster, its control plane and everything scheduled on it
away. Whether a cluster deserves it is the team's call, hence `info` unless
the config says the cluster is production.

## How to fix
`aws eks update-cluster-config --name NAME --deletion-protection`
(Terraform: `deletion_protection = true`).

## Example
`cluster prod-eu has deletion protection off`

Source: https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS825",
    name="deletion-protection-off",
    severity="info",
    summary="Deletion protection is off on the cluster (a warning on clusters the config marks production).",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/deletion-protection.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict) or cluster.get("deletionProtection") is not False:
        return
    production = bool(inventory.settings.get("production"))
    which = "production cluster" if production else "cluster"
    yield Finding(
        target=cluster_target(cluster),
        message=f"{which} {cluster.get('name')} has deletion protection off, so one mistaken delete call "
        "removes it: turn it on with aws eks update-cluster-config --deletion-protection",
        path=("deletionProtection",),
        level="warning" if production else None,
    )
