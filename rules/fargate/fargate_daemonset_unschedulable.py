"""A DaemonSet's pods end up waiting for Fargate, where DaemonSets never run.

## What it checks
When the cluster has Fargate profiles, each DaemonSet that
- has a pod template matching a Fargate profile selector (the DaemonSet's
  namespace and pod labels; `*` and `?` wildcards as EKS allows): EKS hands
  every one of its pods to the Fargate scheduler; or
- tolerates the taint EKS puts on Fargate nodes
  (`eks.amazonaws.com/compute-type=fargate:NoSchedule`, tolerated by a
  toleration with that key or with `operator: Exists` and no key) and does
  not keep off Fargate nodes with a node selector or required node
  affinity (`eks.amazonaws.com/compute-type NotIn [fargate]`, or a label
  Fargate nodes do not carry): the DaemonSet controller then creates one pod
  per Fargate node.

## Why it matters on EKS
Fargate runs one pod per micro-VM and supports no DaemonSets. The pods
created for it stay Pending forever: they clutter every `kubectl get pods`,
trip "pods not ready" alerts, block `helm --wait` and rollouts, and the
agent they carry (logging, monitoring, security) silently covers none of
the Fargate pods.

## How to fix
Keep the DaemonSet off Fargate with required node affinity
`eks.amazonaws.com/compute-type NotIn [fargate]` (and out of the namespaces
and labels that Fargate profiles select); run the agent's job on Fargate
as a sidecar or through Fargate's built-in log router.

## Example
```yaml
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
        - matchExpressions:
            - {key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate]}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate.html
("DaemonSets aren't supported on Fargate"); https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html
(selectors and wildcards).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eks_lint.eks.cluster import items
from eks_lint.eks.fargate import COMPUTE_TYPE, profile_for
from eks_lint.eks.k8s import as_list, pod_labels, pod_spec
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS531",
    name="fargate-daemonset-unschedulable",
    severity="warning",
    summary="A DaemonSet creates pods for Fargate, which never runs DaemonSets; they stay Pending.",
    needs=("fargate_profiles",),
    kinds=("DaemonSet",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
)

#: Labels a Fargate node carries; a node selector on any other key keeps pods off Fargate.
FARGATE_NODE_LABELS = (
    COMPUTE_TYPE,
    "eks.amazonaws.com/fargate-profile",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
)


def _tolerates_fargate(spec: dict[str, Any]) -> bool:
    for toleration in spec.get("tolerations") or []:
        if not isinstance(toleration, dict):
            continue
        key = toleration.get("key")
        if not key and toleration.get("operator") == "Exists":
            return True
        if key == COMPUTE_TYPE and (
            toleration.get("operator") == "Exists" or toleration.get("value") == "fargate"
        ):
            return True
    return False


def _expression_excludes(expression: Any) -> bool:
    if not isinstance(expression, dict):
        return False
    key, operator = expression.get("key"), expression.get("operator")
    values = [str(value) for value in expression.get("values") or []]
    if key == COMPUTE_TYPE:
        return (
            (operator == "NotIn" and "fargate" in values)
            or (operator == "In" and "fargate" not in values)
            or operator == "DoesNotExist"
        )
    return key not in FARGATE_NODE_LABELS and operator in ("In", "Exists")


def _kept_off_fargate(spec: dict[str, Any]) -> bool:
    selector = spec.get("nodeSelector") or {}
    if isinstance(selector, dict):
        for key, value in selector.items():
            if key not in FARGATE_NODE_LABELS or (key == COMPUTE_TYPE and value != "fargate"):
                return True
    affinity = spec.get("affinity") if isinstance(spec.get("affinity"), dict) else {}
    node_affinity = affinity.get("nodeAffinity") if isinstance(affinity.get("nodeAffinity"), dict) else {}
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    terms = required.get("nodeSelectorTerms") if isinstance(required, dict) else None
    if not terms:
        return False
    return all(
        isinstance(term, dict) and any(_expression_excludes(e) for e in as_list(term.get("matchExpressions")))
        for term in terms
    )


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    if not items(inventory, "fargate_profiles"):
        return
    for daemonset in inventory.of_kind("DaemonSet"):
        found = pod_spec(daemonset)
        if found is None:
            continue
        spec, path = found
        profiles = inventory.parts.get("fargate_profiles")
        profile = profile_for(daemonset.namespace or "default", pod_labels(daemonset), profiles)
        if profile is not None:
            yield daemonset.finding(
                f"its pods match Fargate profile {profile.get('fargateProfileName')}, "
                "and Fargate runs no DaemonSets, so every pod stays Pending: change its namespace or labels, "
                "or narrow the profile's selector",
                (*path[:-1], "metadata", "labels"),
            )
        elif _tolerates_fargate(spec) and not _kept_off_fargate(spec):
            yield daemonset.finding(
                "it tolerates the Fargate node taint and has no node affinity keeping it off Fargate, so it "
                "creates a Pending pod for every Fargate pod: add required node affinity "
                f"{COMPUTE_TYPE} NotIn [fargate]",
                (*path, "tolerations"),
            )
