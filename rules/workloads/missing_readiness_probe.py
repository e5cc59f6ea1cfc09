"""A container behind a Service that has no readiness probe.

## What it checks
A Deployment, StatefulSet, DaemonSet or ReplicaSet whose pods a Service in
the input selects (same namespace, the Service's selector matching the pod
template's labels), and a container of it that declares `ports` but has no
`readinessProbe`. Workers and controllers that no Service routes to are not
reported, nor are Jobs, CronJobs and bare Pods.

## Why it matters on EKS
Without a readiness probe a pod is Ready as soon as its containers start:
kube-proxy and the AWS Load Balancer Controller (IP targets, pod readiness
gates) send it traffic before the application listens. Every rollout, node
drain, Spot interruption and Karpenter consolidation then turns into a burst
of connection errors.

## How to fix
Add a `readinessProbe` that checks the port the Service sends traffic to.

## Example
```yaml
readinessProbe:
  httpGet: {path: /healthz, port: 8080}
  periodSeconds: 5
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/application.html
(Use readiness probes); https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html
(Availability and Pod Lifecycle); eksup check K8S006.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import containers
from eks_lint.eks.relations import service_selects
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS607",
    name="missing-readiness-probe",
    severity="warning",
    summary="A container that a Service routes to has no readiness probe.",
    kinds=("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Service"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/application.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        services = inventory.in_namespace("Service", workload.namespace)
        selecting = [s for s in services if service_selects(s, workload)]
        if not selecting:
            continue
        for container, path in containers(workload, ("containers",)):
            if not container.get("ports") or container.get("readinessProbe"):
                continue
            yield workload.finding(
                f"container {container.get('name', '?')} has no readinessProbe but Service "
                f"{selecting[0].name} routes to it, so it gets traffic before it is ready on every "
                "rollout and node drain: add a readinessProbe on the served port",
                (*path, "name"),
            )
