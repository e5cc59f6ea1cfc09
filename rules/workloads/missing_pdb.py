"""A replicated Deployment or StatefulSet that no PodDisruptionBudget protects.

## What it checks
A Deployment or StatefulSet that can run 2 or more replicas (`spec.replicas`,
or the `maxReplicas` of an HPA or KEDA ScaledObject that scales it) and whose pods no
PodDisruptionBudget in the input selects (same namespace, selector matching
the pod template's labels). A budget with neither `minAvailable` nor
`maxUnavailable` counts as none.

Not checked: single-replica workloads (see `single-replica-workload`),
pods of the `system-node-critical` and `system-cluster-critical` priority
classes (cluster components whose budgets their add-on sets),
DaemonSets (drains skip their pods), Jobs and CronJobs (run to completion),
bare Pods, kustomize patches (no pod template, or no container image).
Lint a workload together with its PodDisruptionBudget (pass the whole
folder), or the rule cannot see the budget.

## Why it matters on EKS
Managed node group updates, Karpenter consolidation and drift, and
cluster-autoscaler scale-in all drain nodes through the eviction API. Without
a budget nothing stops every replica from being evicted at once when they
share a node or when several nodes drain together: a planned AMI update
becomes an outage.

## How to fix
Add a `policy/v1` PodDisruptionBudget selecting the pods, with
`maxUnavailable: 1` (or a `minAvailable` below the replica count).

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: api}}
```

Threshold: 2 replicas (option `min-replicas`). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html
(Configure PodDisruptionBudgets and topologySpreadConstraints); eksup check K8S004.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.relations import is_system_critical, pdbs_selecting, replicas, scalers, workloads
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS604",
    name="missing-pdb",
    severity="warning",
    summary="A Deployment or StatefulSet with 2+ replicas has no PodDisruptionBudget.",
    kinds=("Deployment", "StatefulSet", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ScaledObject"),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    known = scalers(inventory)
    for workload in workloads(inventory, "Deployment", "StatefulSet"):
        if is_system_critical(workload):
            continue
        peak = replicas(workload, known).high
        if peak < options["min-replicas"]:
            continue
        # Budgets of its namespace that select its pods (an index, not a scan).
        budgets = [pdb for pdb in pdbs_selecting(inventory, workload) if isinstance(pdb.get("spec"), dict)]
        if any(_sets_a_limit(pdb) for pdb in budgets):
            continue
        hollow = [pdb for pdb in budgets if not _sets_a_limit(pdb)]
        if hollow:
            fact = (
                f"PodDisruptionBudget {hollow[0].name} selects its pods but sets neither minAvailable "
                "nor maxUnavailable"
            )
        else:
            fact = "no PodDisruptionBudget selects its pods"
        yield workload.finding(
            f"runs up to {peak} replicas and {fact}, so a node drain or node group update can evict "
            "them all at once: add a policy/v1 PodDisruptionBudget with maxUnavailable: 1",
            ("metadata", "name"),
        )


def _sets_a_limit(pdb: K8sObject) -> bool:
    """The budget sets minAvailable or maxUnavailable (without either it protects nothing)."""
    return "minAvailable" in pdb.get("spec") or "maxUnavailable" in pdb.get("spec")
