"""A Deployment or StatefulSet that runs a single replica.

## What it checks
A Deployment or StatefulSet whose `spec.replicas` is below `min-replicas`
(default 2), or not set (Kubernetes then runs 1), and that no
HorizontalPodAutoscaler in the input targets. `replicas: 0` (deliberately
scaled down) is not reported.

## Why it matters on EKS
Every managed node group update, AMI patch, Karpenter consolidation and Spot
interruption drains nodes. With one replica each drain is an outage of that
service, for as long as the replacement pod takes to pull, start and pass
its readiness probe.

## How to fix
Run at least two replicas (spread across zones), or let an HPA with
`minReplicas: 2` manage the count.

## Example
```yaml
spec:
  replicas: 2
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/application.html
(Run multiple replicas); eksup check K8S002.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS602",
    name="single-replica-workload",
    severity="warning",
    summary="A Deployment or StatefulSet runs one replica and no HPA scales it.",
    kinds=("Deployment", "StatefulSet", "HorizontalPodAutoscaler"),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/application.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    minimum = options["min-replicas"]
    scaled = set()
    for hpa in inventory.of_kind("HorizontalPodAutoscaler"):
        target = hpa.get("spec", "scaleTargetRef")
        if isinstance(target, dict):
            scaled.add((str(target.get("kind")), hpa.namespace or "default", str(target.get("name"))))
    for workload in inventory.of_kind("Deployment", "StatefulSet"):
        if (workload.kind, workload.namespace or "default", workload.name) in scaled:
            continue
        replicas = workload.get("spec", "replicas")
        if replicas is None:
            yield workload.finding(
                f"spec.replicas is not set, so Kubernetes runs 1 replica and every node drain "
                f"is an outage: set replicas to {minimum} or more, or add an HPA",
                ("spec",),
            )
        elif isinstance(replicas, int) and not isinstance(replicas, bool) and 0 < replicas < minimum:
            yield workload.finding(
                f"runs {replicas} replica{'s' if replicas != 1 else ''} and no HPA scales it, so "
                f"a node drain is an outage: set replicas to {minimum} or more, or add an HPA",
                ("spec", "replicas"),
            )
