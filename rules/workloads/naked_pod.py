"""A bare Pod that no controller owns.

## What it checks
An object of kind `Pod` in the input without `metadata.ownerReferences`
(no Deployment, StatefulSet, DaemonSet, Job or other controller recreates
it).

## Why it matters on EKS
Managed node group updates, Karpenter consolidation and expiry, Spot
interruptions and cluster-autoscaler scale-in all drain nodes. A drained
bare Pod is deleted and nothing brings it back; a node failure loses it the
same way. `kubectl drain` refuses such pods without `--force`, so they also
stall manual maintenance.

## How to fix
Run it through a controller: a Deployment for a long-running process, a Job
for a run-to-completion task.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: toolbox}
spec:
  replicas: 1
  selector: {matchLabels: {app: toolbox}}
  template:
    metadata: {labels: {app: toolbox}}
    spec:
      containers:
        - {name: toolbox, image: example.com/toolbox:1.2.0}
```

Sources: https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs;
https://docs.aws.amazon.com/eks/latest/best-practices/application.html (avoid running singleton pods);
hardeneks `avoid_running_singleton_pods`.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS612",
    name="naked-pod",
    severity="warning",
    summary="A bare Pod without a controller is lost for good on the next node drain.",
    kinds=("Pod",),
    source="https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for pod in inventory.of_kind("Pod"):
        if pod.metadata.get("ownerReferences"):
            continue
        yield pod.finding(
            "a bare Pod with no controller is deleted by the next node drain (node group update, Karpenter, "
            "Spot) and never recreated: run it as a Deployment or a Job",
            ("kind",),
        )
