"""A PodDisruptionBudget that allows no voluntary disruption at all.

## What it checks
A PodDisruptionBudget whose budget can never be met by evicting a pod:
`maxUnavailable: 0` or `"0%"`, `minAvailable: "100%"`, or a `minAvailable`
(a number, or a percentage rounded up as the disruption controller does)
that is at least the total replicas of the workloads it selects in the input
(Deployments, StatefulSets, ReplicaSets in the same namespace whose pod
labels match its selector).

Replicas are counted at their lowest: `spec.replicas` (1 when unset), or the
`minReplicas` of an HPA (`minReplicaCount` of a KEDA ScaledObject) that
scales the workload. A budget whose workloads are all scaled to zero
(`replicas: 0`) is not reported: there is no pod to evict.

## Why it matters on EKS
Node drains wait for evictions that the budget refuses forever. Managed node
group updates give up after 15 minutes per node with `PodEvictionFailure`,
Karpenter cannot consolidate or expire the node, and cluster-autoscaler
cannot scale it in: version upgrades and AMI patching stall.

## How to fix
Run at least one more replica than `minAvailable` (or use
`maxUnavailable: 1`), so one pod can always move.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  maxUnavailable: 1          # not 0, and not minAvailable equal to replicas
  selector: {matchLabels: {app: api}}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
(PodEvictionFailure after 15 minutes); rounding: Kubernetes disruption
controller, https://kubernetes.io/docs/tasks/run-application/configure-pdb/#rounding-logic-when-specifying-percentages
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from eks_lint.eks.relations import is_patch, scalers, workloads_selected
from eks_lint.eks.relations import replicas as replica_count
from eks_lint.rule import Finding, Inventory, Rule, plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS601",
    name="pdb-blocks-drain",
    severity="error",
    summary="A PodDisruptionBudget allows zero voluntary disruptions, so node drains hang.",
    kinds=(
        "PodDisruptionBudget",
        "Deployment",
        "StatefulSet",
        "ReplicaSet",
        "HorizontalPodAutoscaler",
        "ScaledObject",
    ),
    source="https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html",
)

REPLICATED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    known = scalers(inventory)
    for pdb in inventory.of_kind("PodDisruptionBudget"):
        spec = pdb.get("spec")
        if not isinstance(spec, dict):
            continue
        selector = spec.get("selector")
        candidates = workloads_selected(inventory, selector, pdb.namespace, REPLICATED_KINDS)
        selected = [w for w in candidates if not is_patch(w)]
        counts = {w: replica_count(w, known) for w in selected}
        matched = [w for w in selected if counts[w].runs_pods]
        if selected and not matched:
            continue  # every workload it selects is scaled to zero: no pod to evict
        replicas = sum(counts[w].low_running for w in matched)
        if any(counts[w].scaler is not None for w in matched):
            scaled_by = ", ".join(counts[w].scaler.display() for w in matched if counts[w].scaler)
            names_suffix = f" at its lowest (the floor of {scaled_by})"
        else:
            names_suffix = ""
        names = ", ".join(w.display() for w in matched)
        if "maxUnavailable" in spec:
            value = spec["maxUnavailable"]
            allowed = _scaled(value, replicas) if replicas else _scaled(value, 100)
            if allowed == 0:
                yield pdb.finding(
                    f"maxUnavailable is {value!r}, so no pod may ever be evicted and node drains "
                    "hang (managed node group updates fail with PodEvictionFailure): set "
                    "maxUnavailable to 1 or more",
                    ("spec", "maxUnavailable"),
                )
        elif "minAvailable" in spec:
            value = spec["minAvailable"]
            if _is_percent(value) and _percent(value) >= 100:
                yield pdb.finding(
                    f"minAvailable is {value!r}, so no pod may ever be evicted and node drains "
                    "hang: use maxUnavailable: 1 or a lower minAvailable",
                    ("spec", "minAvailable"),
                )
            elif matched:
                required = _scaled(value, replicas)
                if required is not None and required >= replicas:
                    yield pdb.finding(
                        f"minAvailable {value!r} needs {plural(required, 'pod')} available but {names} "
                        f"run{'s' if len(matched) == 1 else ''} {plural(replicas, 'replica')}"
                        f"{names_suffix}, "
                        "so no pod may be evicted and node "
                        f"drains hang: run at least {required + 1} replicas or use maxUnavailable: 1",
                        ("spec", "minAvailable"),
                    )


def _is_percent(value: Any) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")


def _percent(value: str) -> float:
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return -1.0


def _scaled(value: Any, total: int) -> int | None:
    """An int-or-percent scaled against ``total``, rounded up like the disruption controller."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if _is_percent(value):
        percent = _percent(value)
        return None if percent < 0 else math.ceil(percent * total / 100)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
