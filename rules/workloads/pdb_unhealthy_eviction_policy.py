"""A PodDisruptionBudget that lets crash-looping pods block node drains.

## What it checks
A PodDisruptionBudget with `minAvailable` or `maxUnavailable` and no
`unhealthyPodEvictionPolicy`. An explicit `IfHealthyBudget` is a choice and
is not reported.

## Why it matters on EKS
Without the field Kubernetes applies `IfHealthyBudget`: a pod that runs but
is not Ready (CrashLoopBackOff, a failing readiness probe) may be evicted
only while the application has its desired number of healthy pods. When the
application is already broken, which is when those pods exist, the budget is
short and every eviction of them is refused: `kubectl drain`, Karpenter and
cluster-autoscaler wait on pods that will never become healthy, and a
managed node group update fails with `PodEvictionFailure` after 15 minutes
per node. `AlwaysAllow` lets unhealthy pods go while healthy ones stay
protected.

Severity info: the default keeps a broken application from losing the few
pods it still starts, which some stateful workloads rely on (the Kubernetes
authors call `AlwaysAllow` "usually a better choice", not always).
The field is GA since Kubernetes 1.31 and on by default since 1.27.

## How to fix
Set `unhealthyPodEvictionPolicy: AlwaysAllow`, or `IfHealthyBudget` to keep
the default on purpose.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector: {matchLabels: {app: api}}
```

Sources: https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy;
https://kubernetes.io/blog/2023/01/06/unhealthy-pod-eviction-policy-for-pdbs/;
KEP-3017 (beta 1.27, stable 1.31); PodEvictionFailure:
https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS614",
    name="pdb-unhealthy-eviction-policy",
    severity="info",
    summary="A PodDisruptionBudget without unhealthyPodEvictionPolicy lets crash-looping pods block drains.",
    kinds=("PodDisruptionBudget",),
    source="https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for pdb in inventory.of_kind("PodDisruptionBudget"):
        spec = pdb.get("spec")
        if not isinstance(spec, dict) or not ("minAvailable" in spec or "maxUnavailable" in spec):
            continue
        if spec.get("unhealthyPodEvictionPolicy"):
            continue
        yield pdb.finding(
            "sets no unhealthyPodEvictionPolicy, so pods that run but are not Ready (CrashLoopBackOff) "
            "cannot be evicted while the budget is short and node drains wait on them (managed node "
            "group updates fail with PodEvictionFailure): set unhealthyPodEvictionPolicy: AlwaysAllow",
            ("spec",),
        )
