"""A container behind a Service that has no readiness probe.

## What it checks
A container without a `readinessProbe` that a Service in the input sends
traffic to: the Service is in the same namespace, its selector matches the
pod template's labels, and one of its ports targets a port the container
declares (`targetPort` by number or by name; unset, the Service `port`).

Not reported: containers no Service port targets (a sidecar, a worker, a
controller), Service ports kept for monitoring (a port whose name holds
`metrics`, `prometheus`, `probes`, `health`, `profiling`, ...: Prometheus
scrapes the pod directly, no client traffic goes through them, whether the
Service is headless or not), a `targetPort` number no container declares
(eks-lint cannot tell which container listens on it), Jobs, CronJobs and
bare Pods, and kustomize patches.

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
from eks_lint.eks.relations import routes_to_container, services_selecting, workloads
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
    for workload in workloads(inventory, "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        selecting = services_selecting(inventory, workload)
        if not selecting:
            continue
        for container, path in containers(workload, ("containers",)):
            if container.get("readinessProbe"):
                continue
            routing = [s for s in selecting if routes_to_container(s, container)]
            if not routing:
                continue
            yield workload.finding(
                f"container {container.get('name', '?')} has no readinessProbe but Service "
                f"{routing[0].name} routes to it, so it gets traffic before it is ready on every "
                "rollout and node drain: add a readinessProbe on the served port",
                (*path, "name"),
            )
