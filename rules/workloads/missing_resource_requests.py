"""A container with no CPU or memory request.

## What it checks
Each container (not init or ephemeral containers) of a Deployment,
StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or bare Pod that sets
neither `resources.requests.cpu` nor `resources.limits.cpu`, or neither
`resources.requests.memory` nor `resources.limits.memory` (Kubernetes uses
the limit as the request when only the limit is set). A LimitRange in the
input for the same namespace with a `defaultRequest` (or `default`) for that
resource counts as a request.

Pods of the built-in `system-node-critical` and `system-cluster-critical`
priority classes are not reported: they are cluster components whose
requests their vendor sets (EKS ships `aws-node` and `kube-proxy` with a CPU
request only) and the kubelet does not evict them under node pressure.
Nor are kustomize patches (a workload document with no pod template, or
whose containers name no image): the base they merge into holds the requests.

## Why it matters on EKS
The scheduler, cluster-autoscaler and Karpenter size and pack nodes from
requests, and Fargate sizes each pod's VM from them (smallest size 0.25 vCPU,
0.5 GB). A pod without requests is packed onto a node as if it needed
nothing, starves its neighbours, and is the first evicted under memory
pressure (BestEffort QoS).

## How to fix
Set CPU and memory requests from observed usage (and a memory limit).

## Example
```yaml
resources:
  requests: {cpu: 250m, memory: 256Mi}
  limits: {memory: 256Mi}
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/application.html
(Configure and size resource requests and limits);
https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html;
https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/;
critical pods: https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, containers
from eks_lint.eks.relations import as_list, is_owned_pod, is_system_critical, workloads
from eks_lint.rule import Finding, Inventory, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS606",
    name="missing-resource-requests",
    severity="warning",
    summary="A container sets no CPU or no memory request, so nodes are packed blind.",
    kinds=(*WORKLOAD_KINDS, "LimitRange"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/application.html",
)

RESOURCES = ("cpu", "memory")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    defaults = _limit_range_defaults(inventory)
    for workload in workloads(inventory, *WORKLOAD_KINDS):
        if is_owned_pod(workload):
            continue
        if is_system_critical(workload):
            continue
        namespace_defaults = defaults.get(workload.namespace or "default", set())
        for container, path in containers(workload, ("containers",)):
            resources = container.get("resources") if isinstance(container.get("resources"), dict) else {}
            missing = [
                name
                for name in RESOURCES
                if name not in namespace_defaults
                and not _has(resources, "requests", name)
                and not _has(resources, "limits", name)
            ]
            if not missing:
                continue
            if len(missing) == 2:
                message = (
                    f"container {container.get('name', '?')} requests no cpu and no memory, so the "
                    "scheduler, autoscalers and Fargate size it as needing nothing and the kubelet "
                    "evicts it early under memory pressure: set resources.requests.cpu and memory"
                )
            else:
                message = (
                    f"container {container.get('name', '?')} requests no {missing[0]}, so the scheduler "
                    f"and autoscalers count it as needing no {missing[0]} and overpack its nodes: set "
                    f"resources.requests.{missing[0]}"
                )
            yield workload.finding(
                message,
                (*path, "resources") if "resources" in container else (*path, "name"),
            )


def _has(resources: dict[str, Any], section: str, name: str) -> bool:
    values = resources.get(section)
    return isinstance(values, dict) and values.get(name) not in (None, "")


def _limit_range_defaults(inventory: Inventory) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for limit_range in inventory.of_kind("LimitRange"):
        for limit in as_list(limit_range.get("spec", "limits")):
            if not isinstance(limit, dict) or limit.get("type", "Container") != "Container":
                continue
            for section in ("defaultRequest", "default"):
                values = limit.get(section)
                if isinstance(values, dict):
                    out.setdefault(limit_range.namespace or "default", set()).update(
                        name for name in RESOURCES if values.get(name)
                    )
    return out
