"""A replicated Deployment or StatefulSet with nothing spreading its pods across zones.

## What it checks
A Deployment or StatefulSet that can run 2 or more replicas (`spec.replicas`,
or the `maxReplicas` of an HPA or KEDA ScaledObject that scales it) whose pod template has neither
a `topologySpreadConstraints` entry nor a pod anti-affinity term (required or
preferred) on the zone key `topology.kubernetes.io/zone` (or the legacy
`failure-domain.beta.kubernetes.io/zone`) whose `labelSelector` selects the
workload's own pods. Spreading by hostname alone does not count: it keeps
replicas on different nodes, not in different zones; nor does a zone term
whose selector names other pods (or none).

Not checked: single-replica workloads, kustomize patches, DaemonSets (one pod per node already),
pods of the `system-node-critical` and `system-cluster-critical` priority
classes (cluster components such as CSI controllers, whose spreading the
add-on's configuration values set),
Jobs and CronJobs, workloads pinned to zones on purpose with a
`nodeSelector` or a required node affinity on the zone key.

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

from eks_lint.eks.k8s import pod_labels, pod_spec, selector_matches
from eks_lint.eks.relations import as_list, is_system_critical, replicas, scalers, workloads
from eks_lint.rule import Finding, Inventory, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS605",
    name="no-zone-spread",
    severity="warning",
    summary="A Deployment or StatefulSet with 2+ replicas does not spread its pods across zones.",
    kinds=("Deployment", "StatefulSet", "HorizontalPodAutoscaler", "ScaledObject"),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html",
)

ZONE_KEYS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    known = scalers(inventory)
    for workload in workloads(inventory, "Deployment", "StatefulSet"):
        if is_system_critical(workload):
            continue
        peak = replicas(workload, known).high
        found = pod_spec(workload)
        if peak < options["min-replicas"] or found is None:
            continue
        spec, path = found
        if _spreads_by_zone(spec, pod_labels(workload)) or _pinned_to_zone(spec):
            continue
        yield workload.finding(
            f"runs up to {peak} replicas and no topology spread constraint or pod anti-affinity on "
            "topology.kubernetes.io/zone selects its pods, so all of them can land in one Availability "
            "Zone: add a topology spread constraint on topology.kubernetes.io/zone",
            path,
        )


def _spreads_by_zone(spec: dict[str, Any], labels: dict[str, Any]) -> bool:
    """A zone constraint or anti-affinity term whose label selector counts the workload's own pods."""
    for constraint in as_list(spec.get("topologySpreadConstraints")):
        if _own_zone_term(constraint, labels):
            return True
    affinity = spec.get("affinity")
    anti = affinity.get("podAntiAffinity") if isinstance(affinity, dict) else None
    if not isinstance(anti, dict):
        return False
    terms = list(as_list(anti.get("requiredDuringSchedulingIgnoredDuringExecution")))
    for weighted in as_list(anti.get("preferredDuringSchedulingIgnoredDuringExecution")):
        terms.append(weighted.get("podAffinityTerm") if isinstance(weighted, dict) else None)
    return any(_own_zone_term(term, labels) for term in terms)


def _own_zone_term(term: Any, labels: dict[str, Any]) -> bool:
    return (
        isinstance(term, dict)
        and term.get("topologyKey") in ZONE_KEYS
        and selector_matches(term.get("labelSelector"), labels)
    )


def _pinned_to_zone(spec: dict[str, Any]) -> bool:
    """A nodeSelector, or a required node affinity, on the zone key."""
    selector = spec.get("nodeSelector")
    if isinstance(selector, dict) and any(key in selector for key in ZONE_KEYS):
        return True
    affinity = spec.get("affinity")
    node = affinity.get("nodeAffinity") if isinstance(affinity, dict) else None
    required = node.get("requiredDuringSchedulingIgnoredDuringExecution") if isinstance(node, dict) else None
    terms = required.get("nodeSelectorTerms") if isinstance(required, dict) else None
    if not isinstance(terms, list) or not terms:
        return False
    # every alternative term must pin the zone, or the scheduler can pick one that does not
    return all(
        isinstance(term, dict)
        and any(
            isinstance(expression, dict) and expression.get("key") in ZONE_KEYS
            for expression in as_list(term.get("matchExpressions"))
        )
        for term in terms
    )
