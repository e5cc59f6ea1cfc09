"""Required pod anti-affinity on the zone key: one pod per zone, so extra replicas stay Pending.

## What it checks
A Deployment, StatefulSet or ReplicaSet whose pod template has a
`requiredDuringSchedulingIgnoredDuringExecution` pod anti-affinity term on
`topology.kubernetes.io/zone` (or the legacy zone key) that selects its own
pods, and either:
- can run more replicas (`spec.replicas`, or an HPA's or ScaledObject's maximum) than
  there are zones, or
- is a Deployment with exactly as many replicas as zones whose rolling update
  allows no pod to be unavailable (`maxUnavailable` resolving to 0, as the
  default 25% does below 4 replicas): the surge pod has no zone to go to.

The zone count is the number of distinct Availability Zones of the subnets
in a snapshot (`subnets`); without one, the `zones` option (default 3).

## Why it matters on EKS
Such a term allows at most one of these pods per zone. Replicas beyond the
zone count stay Pending for ever (an HPA scale-out adds no capacity), and a
Deployment that cannot take a pod down before starting a new one never
finishes a rollout: deploys and node group updates hang.

## How to fix
Spread with a topology spread constraint (`maxSkew: 1` on the zone key)
instead of hard anti-affinity, or make the anti-affinity preferred.

## Example
```yaml
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: api}}
```

Threshold: zone count from the snapshot's subnets, else option `zones` (3).
Sources: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity;
https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable
(rounded down); eksup check K8S005; https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from eks_lint.eks.k8s import pod_labels, pod_spec, selector_matches
from eks_lint.eks.relations import replicas, scalers, workloads
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS613",
    name="zone-anti-affinity-caps-replicas",
    severity="warning",
    summary="Required zone anti-affinity allows one pod per zone: replicas or rollouts beyond that hang.",
    wants=("subnets",),
    kinds=("Deployment", "StatefulSet", "ReplicaSet", "HorizontalPodAutoscaler", "ScaledObject"),
    options={"zones": 3},
    source="https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity",
)

ZONE_KEYS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    zones, where = _zone_count(inventory, options["zones"])
    known = scalers(inventory)
    for workload in workloads(inventory, "Deployment", "StatefulSet", "ReplicaSet"):
        found = pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        index = _zone_term(spec, pod_labels(workload))
        if index is None:
            continue
        term_path = (
            *path,
            "affinity",
            "podAntiAffinity",
            "requiredDuringSchedulingIgnoredDuringExecution",
            index,
        )
        peak = replicas(workload, known).high
        if peak > zones:
            yield workload.finding(
                f"required pod anti-affinity on the zone key allows one pod per zone but it runs up to "
                f"{peak} replicas in {zones} zones ({where}), so {peak - zones} stay Pending: use a "
                "topologySpreadConstraint with maxSkew 1 instead",
                term_path,
            )
        elif workload.kind == "Deployment" and peak == zones and _max_unavailable(workload, peak) == 0:
            yield workload.finding(
                f"required pod anti-affinity on the zone key allows one pod per zone, it runs {zones} "
                f"replicas in {zones} zones ({where}) and its rolling update allows 0 unavailable, so the "
                "surge pod has no zone and every rollout hangs: use a maxSkew 1 topologySpreadConstraint",
                term_path,
            )


def _zone_count(inventory: Inventory, default: int) -> tuple[int, str]:
    subnets = inventory.part("subnets")
    if isinstance(subnets, list):
        zones = {
            s.get("AvailabilityZone") for s in subnets if isinstance(s, dict) and s.get("AvailabilityZone")
        }
        if zones:
            return len(zones), "the cluster's subnets"
    return default, "option zones"


def _zone_term(spec: dict[str, Any], labels: dict[str, Any]) -> int | None:
    affinity = spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    terms = anti.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(anti, dict) else None
    for index, term in enumerate(terms if isinstance(terms, list) else []):
        if (
            isinstance(term, dict)
            and term.get("topologyKey") in ZONE_KEYS
            and not term.get("namespaces")
            and not term.get("namespaceSelector")
            and selector_matches(term.get("labelSelector"), labels)
        ):
            return index
    return None


def _max_unavailable(workload: K8sObject, count: int) -> int | None:
    """The Deployment's rolling-update maxUnavailable in pods (rounded down), None for Recreate."""
    strategy = workload.get("spec", "strategy")
    strategy = strategy if isinstance(strategy, dict) else {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return None
    rolling = strategy.get("rollingUpdate") if isinstance(strategy.get("rollingUpdate"), dict) else {}
    value = rolling.get("maxUnavailable", "25%")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        if text.endswith("%"):
            return math.floor(float(text[:-1]) * count / 100)
        return int(text)
    except ValueError:
        return None
