"""A Deployment or StatefulSet whose single replica is an outage its clients see.

## What it checks
A Deployment or StatefulSet that runs fewer than `min-replicas` (default 2)
pods at its lowest: `spec.replicas` (1 when unset), or the `minReplicas` of
an HorizontalPodAutoscaler (`minReplicaCount` of a KEDA ScaledObject) that
scales it, and where one replica is an outage users see:

- a Service that is not headless selects its pods on a port that is not
  for monitoring (a port named `metrics`, `http-metrics`, `probes`,
  `profiling`, ... is not client traffic); an Ingress, a Gateway route or a
  load balancer reaches pods through such a Service; or
- it is a stateful store that a Service (headless included) reaches: a
  StatefulSet with `volumeClaimTemplates`, or a workload that mounts a
  PersistentVolumeClaim.

A Service that also selects the pods of other workloads (`v1` and `v2`
Deployments of one app) is counted over all of them: it keeps serving while
one pod moves.

Not reported, because one replica is their design: leader-elected
controllers (a container arg `--leader-elect` and the like; more replicas
only stand by), cluster-autoscaler, Argo CD's controllers, operators
(`*-operator` images), single-instance exporters and scrapers
(`*-exporter`, kube-state-metrics, cni-metrics-helper, Prometheus), pause-container
placeholders (overprovisioning), and pods of the `system-node-critical` and
`system-cluster-critical` priority classes (their add-on sets the count).
Workloads scaled to zero (`replicas: 0`, or a ScaledObject with
`minReplicaCount: 0`) and workers no Service routes to are not reported.
The list is in `eks_lint/data/singletons.py`.

## Why it matters on EKS
Every managed node group update, AMI patch, Karpenter consolidation and Spot
interruption drains nodes. With one replica each drain is an outage of that
service for as long as the replacement pod takes to pull, start and pass its
readiness probe; a store is offline until its volume detaches and attaches
on the new node. An HPA with `minReplicas: 1` runs that single pod whenever
load is low, which is when nodes are consolidated.

## How to fix
- Served: run at least two replicas spread across zones, or set the HPA's
  `minReplicas` to 2.
- Stateful store: run it replicated with its own clustering (three members
  for a quorum), or use a managed store (RDS, ElastiCache); two copies of an
  unreplicated store do not help.

## Example
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
spec:
  minReplicas: 2
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/application.html
(Run multiple replicas); eksup check K8S002; HPA floor:
https://kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale/
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.singletons import (
    LEADER_ELECTION_FLAGS,
    SINGLETON_COMMANDS,
    SINGLETON_IMAGE_SUFFIXES,
    SINGLETON_IMAGES,
)
from eks_lint.eks.k8s import containers, pod_spec
from eks_lint.eks.relations import (
    Scalers,
    as_list,
    is_headless,
    is_patch,
    is_system_critical,
    replicas,
    scalers,
    services_selecting,
    traffic_ports,
    workloads,
    workloads_served,
)
from eks_lint.rule import Finding, Inventory, K8sObject, Rule, plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS602",
    name="single-replica-workload",
    severity="warning",
    summary="A served or stateful Deployment or StatefulSet runs one replica at its lowest.",
    kinds=("Deployment", "StatefulSet", "HorizontalPodAutoscaler", "ScaledObject", "Service"),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/application.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    minimum = options["min-replicas"]
    known = scalers(inventory)
    backends: dict[int, int] = {}  # id(Service) -> fewest pods it routes to
    for workload in workloads(inventory, "Deployment", "StatefulSet"):
        count = replicas(workload, known)
        if count.low == 0 or count.low >= minimum:
            continue  # scaled to zero (deliberately idle), or enough replicas
        if is_system_critical(workload) or one_by_design(workload):
            continue
        selecting = services_selecting(inventory, workload)
        served = [s for s in selecting if not is_headless(s) and traffic_ports(s)]
        # A Service that also routes to other workloads' pods (v1 and v2 of one app)
        # keeps serving while this one pod moves.
        served = [s for s in served if _backends(inventory, s, known, backends) < minimum]
        # A store is an outage when something reaches it: any Service, headless included.
        stateful = _has_volume_claims(workload) and bool(selecting)
        if not served and not stateful:
            continue
        target, path, how, fix = _where(workload, count.scaler, count.low, minimum)
        if count.low == 1:
            outage = "so every node drain is an outage for its clients"
        else:
            outage = f"below the {minimum} replicas option min-replicas asks for"
        if served:
            yield target.finding(f"{how} and Service {served[0].name} routes to it, {outage}: {fix}", path)
        else:
            yield target.finding(
                f"{how} and it is a stateful workload, so every node drain takes its data offline until "
                "the pod and its volume move: run it replicated with its own clustering (3 members), or "
                "use a managed store",
                path,
            )


def _where(
    workload: K8sObject, scaler: K8sObject | None, low: int, minimum: int
) -> tuple[K8sObject, tuple[str | int, ...], str, str]:
    """(object, path, fact, fix): a scaler's floor is reported on the scaler's own field."""
    if scaler is not None:
        field = "minReplicaCount" if scaler.kind == "ScaledObject" else "minReplicas"
        path: tuple[str | int, ...] = ("spec", field) if scaler.get("spec", field) is not None else ("spec",)
        how = f"{field} lets {workload.display()} scale down to {plural(low, 'replica')}"
        return scaler, path, how, f"set {field} to {minimum} or more"
    fix = f"set replicas to {minimum} or more, spread across zones"
    if workload.get("spec", "replicas") is None:
        return workload, ("spec",), "spec.replicas is not set, so Kubernetes runs 1 replica", fix
    return workload, ("spec", "replicas"), f"runs {plural(low, 'replica')}", fix


def one_by_design(workload: K8sObject) -> bool:
    """Leader-elected controllers, exporters, placeholders: one active replica is their design."""
    images = []
    for container, _ in containers(workload, ("containers",)):
        words = [str(w) for w in (*as_list(container.get("command")), *as_list(container.get("args")))]
        if any(_enables_leader_election(word) for word in words):
            return True
        if words and words[0].rsplit("/", 1)[-1] in SINGLETON_COMMANDS:
            return True
        images.append(_repository_name(container.get("image")))
    if images and all(image == "pause" for image in images):
        return True
    return any(
        image in SINGLETON_IMAGES or image.endswith(SINGLETON_IMAGE_SUFFIXES) for image in images if image
    )


def _enables_leader_election(word: str) -> bool:
    flag, _, value = word.partition("=")
    return flag in LEADER_ELECTION_FLAGS and value.lower() not in ("false", "0")


def _repository_name(image: Any) -> str:
    """``registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.0`` -> ``cluster-autoscaler``."""
    if not isinstance(image, str):
        return ""
    name = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return name.split(":", 1)[0].lower()


def _backends(inventory: Inventory, service: K8sObject, known: Scalers, cache: dict[int, int]) -> int:
    """The fewest pods the Service routes to, over every workload of its namespace it selects.

    A workload that appears twice in the input (the same manifest in two
    environment folders) is one workload here, not two, counted at its lower
    count so that the answer does not depend on the order of the input.
    """
    if id(service) not in cache:
        lows: dict[tuple[str, str, str], int] = {}
        for w in workloads_served(inventory, service, ("Deployment", "StatefulSet")):
            if is_patch(w):
                continue
            key = (w.kind, w.namespace or "default", w.name)
            low = replicas(w, known).low
            lows[key] = min(lows.get(key, low), low)
        cache[id(service)] = sum(lows.values())
    return cache[id(service)]


def _has_volume_claims(workload: K8sObject) -> bool:
    """A StatefulSet with volumeClaimTemplates, or pods that mount a PersistentVolumeClaim."""
    if as_list(workload.get("spec", "volumeClaimTemplates")):
        return True
    found = pod_spec(workload)
    volumes = as_list(found[0].get("volumes")) if found else []
    return any(isinstance(v, dict) and isinstance(v.get("persistentVolumeClaim"), dict) for v in volumes)
