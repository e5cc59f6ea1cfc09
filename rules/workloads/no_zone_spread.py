"""A replicated Deployment or StatefulSet with nothing spreading its pods across zones.

## What it checks
A Deployment or StatefulSet that can run 2 or more replicas (`spec.replicas`,
or the `maxReplicas` of an HPA that scales it) whose pod template has neither
a `topologySpreadConstraints` entry nor a pod anti-affinity term (required or
preferred) on the zone key `topology.kubernetes.io/zone` (or the legacy
`failure-domain.beta.kubernetes.io/zone`). Spreading by hostname alone does
not count: it keeps replicas on different nodes, not in different zones.

Not checked: single-replica workloads, DaemonSets (one pod per node already),
Jobs and CronJobs, workloads pinned to one zone on purpose with a
`nodeSelector` on the zone key.

## Why it matters on EKS
The scheduler's built-in spreading is only a soft score (`maxSkew: 5` per
zone), and Karpenter and cluster-autoscaler launch nodes for pending pods
without regard to it: all replicas can end up in one Availability Zone, and
one AZ impairment takes the whole service down.

## How to fix
Add a topology spread constraint on `topology.kubernetes.io/zone`
(`whenUnsatisfiable: ScheduleAnyway` if strict spreading could block scaling).

## Example
```yaml
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector: {matchLabels: {app: api}}
```

Threshold: 2 replicas (option `min-replicas`). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html
(Spread worker nodes and workloads across multiple AZs); default spreading:
https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#internal-default-constraints;
eksup check K8S005.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eks_lint.inventory import Inventory
from eks_lint.k8s import pod_spec
from eks_lint.relations import hpa_bounds, peak_replicas
from eks_lint.rule import Finding, Rule

RULE = Rule(
    code="EKS605",
    name="no-zone-spread",
    severity="warning",
    summary="A Deployment or StatefulSet with 2+ replicas does not spread its pods across zones.",
    kinds=("Deployment", "StatefulSet", "HorizontalPodAutoscaler"),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html",
)

ZONE_KEYS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    hpas = hpa_bounds(inventory)
    for workload in inventory.of_kind("Deployment", "StatefulSet"):
        replicas = peak_replicas(workload, hpas)
        found = pod_spec(workload)
        if replicas < options["min-replicas"] or found is None:
            continue
        spec, path = found
        if _spreads_by_zone(spec) or _pinned_to_zone(spec):
            continue
        yield workload.finding(
            f"runs up to {replicas} replicas with no topologySpreadConstraints or pod anti-affinity "
            "on topology.kubernetes.io/zone, so all of them can land in one Availability Zone: add "
            "a topology spread constraint on topology.kubernetes.io/zone",
            path,
        )


def _spreads_by_zone(spec: dict[str, Any]) -> bool:
    for constraint in spec.get("topologySpreadConstraints") or []:
        if isinstance(constraint, dict) and constraint.get("topologyKey") in ZONE_KEYS:
            return True
    anti = (
        (spec.get("affinity") or {}).get("podAntiAffinity")
        if isinstance(spec.get("affinity"), dict)
        else None
    )
    if not isinstance(anti, dict):
        return False
    for term in anti.get("requiredDuringSchedulingIgnoredDuringExecution") or []:
        if isinstance(term, dict) and term.get("topologyKey") in ZONE_KEYS:
            return True
    for weighted in anti.get("preferredDuringSchedulingIgnoredDuringExecution") or []:
        term = weighted.get("podAffinityTerm") if isinstance(weighted, dict) else None
        if isinstance(term, dict) and term.get("topologyKey") in ZONE_KEYS:
            return True
    return False


def _pinned_to_zone(spec: dict[str, Any]) -> bool:
    selector = spec.get("nodeSelector")
    return isinstance(selector, dict) and any(key in selector for key in ZONE_KEYS)
