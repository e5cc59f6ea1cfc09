"""A Karpenter NodePool with no limits.

## What it checks
A NodePool (`karpenter.sh/v1` or `v1beta1`) with no `spec.limits` or an
empty one. A limit on any resource (`cpu`, `memory`, `nvidia.com/gpu`, ...)
bounds the pool: Karpenter stops launching once one is reached.

The built-in NodePools of EKS Auto Mode (`general-purpose`, `system`, named
in the cluster's `computeConfig.nodePools`) are not reported when the cluster
is in the input: AWS does not let users modify them.

## Why it matters on EKS
Without limits Karpenter launches nodes for every pending pod it can fit:
a runaway HPA, a crash-looping Job or a bad replica count turns into
hundreds of instances, a large bill, exhausted subnet IP addresses and EC2
quota errors for everything else in the account.

## How to fix
Set `spec.limits.cpu` (and `memory`) to the most the pool should ever run.

## Example
```yaml
spec:
  limits:
    cpu: "1000"
    memory: 1000Gi
```

Sources: https://karpenter.sh/docs/concepts/nodepools/#speclimits;
https://docs.aws.amazon.com/eks/latest/best-practices/karpenter.html
(Configure limits for each NodePool / use limits to bound spend).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.automode import builtin_nodepool
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS541",
    name="karpenter-nodepool-no-limits",
    severity="warning",
    summary="A Karpenter NodePool sets no limits, so it can scale without bound.",
    kinds=("NodePool",),
    wants=("cluster",),
    source="https://karpenter.sh/docs/concepts/nodepools/#speclimits",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for pool in inventory.of_kind("NodePool"):
        if pool.group != "karpenter.sh" or builtin_nodepool(pool, inventory.cluster):
            continue
        limits = pool.get("spec", "limits")
        if isinstance(limits, dict) and any(value not in (None, "") for value in limits.values()):
            continue
        yield pool.finding(
            "sets no spec.limits, so Karpenter launches nodes without bound when pods pile "
            "up (cost, subnet IPs, EC2 quotas): set spec.limits.cpu and memory",
            ("spec", "limits") if isinstance(limits, dict) else ("spec",),
        )
