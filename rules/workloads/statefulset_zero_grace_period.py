"""A StatefulSet whose pods are killed without any grace period.

## What it checks
`terminationGracePeriodSeconds: 0` in a StatefulSet's pod template.

## Why it matters on EKS
A StatefulSet guarantees at most one pod per identity only if a pod has
stopped before its replacement starts. With a grace period of 0 the pod is
killed at once and may still be running when its successor, with the same
name and volume, starts elsewhere: data corruption. Node drains in managed
node group updates and Karpenter consolidation kill these pods without
letting them flush or hand over.

## How to fix
Remove the field (default 30 s) or set it long enough for a clean shutdown.

## Example
```yaml
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 60
```

Sources: https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/
(a grace period of 0 is unsafe and strongly discouraged for StatefulSet pods);
eksup check K8S007.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import pod_spec
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS611",
    name="statefulset-zero-grace-period",
    severity="warning",
    summary="A StatefulSet sets terminationGracePeriodSeconds: 0, which breaks its at-most-one guarantee.",
    kinds=("StatefulSet",),
    source="https://kubernetes.io/docs/tasks/run-application/force-delete-stateful-set-pod/",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for statefulset in inventory.of_kind("StatefulSet"):
        found = pod_spec(statefulset)
        if found is None:
            continue
        value = found[0].get("terminationGracePeriodSeconds")
        if value == 0 and not isinstance(value, bool):
            yield statefulset.finding(
                "terminationGracePeriodSeconds is 0, so a pod can still run when its replacement with "
                "the same identity and volume starts: remove it or set 30 seconds or more",
                (*found[1], "terminationGracePeriodSeconds"),
            )
