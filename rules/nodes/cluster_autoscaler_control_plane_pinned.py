"""cluster-autoscaler is pinned to control-plane nodes, which an EKS cluster does not have.

## What it checks
A cluster-autoscaler Deployment (a container whose image is
`cluster-autoscaler`) whose pods must run on a control-plane node: a
`nodeSelector`, or a required node affinity term, on
`node-role.kubernetes.io/control-plane` or `node-role.kubernetes.io/master`.
This is how the upstream "run on control plane" example deploys it on
self-managed clusters.

A toleration of the control-plane taint alone is not reported: it allows
such nodes without requiring them, and the pod runs on worker nodes.

## Why it matters on EKS
AWS runs the EKS control plane in its own VPC; the cluster has no
control-plane nodes, and no worker node carries those labels. The pod stays
Pending for ever, nothing scales the node groups, and new pods stay Pending
too once the nodes are full.

## How to fix
Remove the control-plane `nodeSelector` / affinity; run the autoscaler on
worker nodes (a small system node group or Fargate).

## Example
```yaml
spec:
  template:
    spec:
      priorityClassName: system-cluster-critical
      # no nodeSelector on node-role.kubernetes.io/control-plane
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html
(the control plane runs in an EKS-managed VPC); kubernetes/autoscaler
cloudprovider/aws/examples/cluster-autoscaler-run-on-control-plane.yaml (the
self-managed variant this rule recognises).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import autoscaler_containers
from eks_lint.eks.k8s import pod_spec
from eks_lint.eks.relations import as_dict, as_list
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS524",
    name="cluster-autoscaler-control-plane-pinned",
    severity="error",
    summary="cluster-autoscaler requires a control-plane node, which EKS does not have: it stays Pending.",
    kinds=("Deployment",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html",
)

CONTROL_PLANE_LABELS = ("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    seen: set[int] = set()
    for workload, _container, _words in autoscaler_containers(inventory):
        if id(workload) in seen:
            continue
        seen.add(id(workload))
        found = _pinned(workload)
        if found is not None:
            label, path = found
            yield workload.finding(
                f"cluster-autoscaler must run on a node labelled {label}, but EKS runs the control plane "
                "outside the cluster and no node carries it: the pod stays Pending and nothing scales; "
                "remove the control-plane node selector",
                path,
            )


def _pinned(workload: K8sObject) -> tuple[str, tuple[str | int, ...]] | None:
    found = pod_spec(workload)
    if found is None:
        return None
    spec, base = found
    selector = as_dict(spec.get("nodeSelector"))
    for label in CONTROL_PLANE_LABELS:
        if label in selector:
            return label, (*base, "nodeSelector", label)
    required = as_dict(
        as_dict(as_dict(spec.get("affinity")).get("nodeAffinity")).get(
            "requiredDuringSchedulingIgnoredDuringExecution"
        )
    )
    terms = as_list(required.get("nodeSelectorTerms"))
    # Terms are ORed: the pod is pinned only when every term needs a control-plane label.
    hits = [_term_label(term) for term in terms]
    if terms and all(hits):
        path = (*base, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")
        return str(hits[0]), (*path, "nodeSelectorTerms", 0)
    return None


def _term_label(term: Any) -> str | None:
    for expression in as_list(as_dict(term).get("matchExpressions")):
        expression = as_dict(expression)
        if expression.get("key") in CONTROL_PLANE_LABELS and expression.get("operator") in ("Exists", "In"):
            return str(expression["key"])
    return None
