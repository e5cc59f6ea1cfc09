"""A Deployment, StatefulSet, Job or Pod that runs on the node's network.

## What it checks
`spec.hostNetwork: true` in the pod template of any workload kind except a
DaemonSet. Node agents (the VPC CNI, kube-proxy, CSI node plugins, log and
metrics collectors) run as DaemonSets and legitimately need the host
network; an application rarely does. Pods of the `system-node-critical` and
`system-cluster-critical` priority classes (cluster components such as a CNI's
Deployment or a controller that must run on the host network with a custom
CNI) are not reported either.

## Why it matters on EKS
A host-network pod takes the node's IP and binds its container ports on the
node: two replicas cannot share a node, so scaling and rollouts leave pods
Pending. It uses the node's security groups, bypassing security groups for
pods and Kubernetes NetworkPolicies, and reaches the instance metadata
service even with an IMDSv2 hop limit of 1, and so the node role's
credentials.

## How to fix
Remove `hostNetwork: true` and expose the pod through a Service; if it must
stay, run it as a DaemonSet.

## Example
```yaml
spec:
  hostNetwork: false
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
(Restrict the use of hostNetwork); https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html;
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Restrict access to the instance profile).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec
from eks_lint.eks.relations import is_owned_pod, is_system_critical
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS609",
    name="hostnetwork-pod",
    severity="warning",
    summary="A non-DaemonSet workload uses hostNetwork: node ports, node security groups, node credentials.",
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*(k for k in WORKLOAD_KINDS if k != "DaemonSet")):
        if is_owned_pod(workload) or is_system_critical(workload):
            continue
        found = pod_spec(workload)
        if found is None or found[0].get("hostNetwork") is not True:
            continue
        yield workload.finding(
            "hostNetwork is true: pods take the node's IP and ports (two cannot share a node), use the "
            "node's security groups and reach the node role's credentials: remove it and use a Service",
            (*found[1], "hostNetwork"),
        )
