"""A workload that tolerates every taint, so drains put its pods back on the draining node.

## What it checks
A toleration with `operator: Exists`, no `key`, and no `effect` or
`effect: NoSchedule`, in any workload kind except a DaemonSet. Such a
toleration matches `node.kubernetes.io/unschedulable`, the taint a cordon
sets. Tolerating only `NoExecute` taints without a key (a common way to stay
on a node during short outages) is not reported.

## Why it matters on EKS
During a managed node group update EKS cordons and drains each old node; a
pod that tolerates the cordon is scheduled straight back onto it, the drain
never finishes and the update fails with `PodEvictionFailure`. Karpenter and
cluster-autoscaler drains loop the same way. DaemonSets are exempt: drains
ignore their pods.

## How to fix
Tolerate only the taints the pod needs, each by `key`.

## Example
```yaml
tolerations:
  - key: dedicated
    operator: Equal
    value: batch
    effect: NoSchedule
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
(PodEvictionFailure: a Deployment tolerating all the taints).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec
from eks_lint.eks.relations import as_list, is_owned_pod
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS610",
    name="tolerate-all-taints",
    severity="warning",
    summary="A non-DaemonSet workload tolerates every NoSchedule taint, so node drains never finish.",
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*(k for k in WORKLOAD_KINDS if k != "DaemonSet")):
        found = None if is_owned_pod(workload) else pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        for index, toleration in enumerate(as_list(spec.get("tolerations"))):
            if not isinstance(toleration, dict) or toleration.get("key"):
                continue
            if toleration.get("operator") != "Exists" or toleration.get("effect") not in (
                None,
                "",
                "NoSchedule",
            ):
                continue
            yield workload.finding(
                "a toleration with operator Exists and no key tolerates the cordon taint, so drained "
                "pods land back on the draining node and node group updates fail with "
                "PodEvictionFailure: tolerate only the taints it needs, by key",
                (*path, "tolerations", index),
            )
