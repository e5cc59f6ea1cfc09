"""Nodes run containerd 1.x and the upgrade goes to a Kubernetes version that needs containerd 2.

## What it checks
`Node` objects whose `status.nodeInfo.containerRuntimeVersion` is
`containerd://1.x`, when the version the upgrade goes to (`--target-version`,
else the minor after the cluster's) is 1.36 or later. Fargate and EKS Auto
Mode nodes are left out: EKS replaces them itself. Nodes are reported per
node group (or Karpenter node pool, or self-managed) and containerd version,
on the first node of each.

## Why it matters on EKS
Kubernetes 1.35 is the last version that supports containerd 1.x; EKS says
to switch to containerd 2.0 or later before upgrading to the next version.
A node whose AMI keeps containerd 1.x cannot take a 1.36 kubelet, and the
control-plane upgrade cannot be rolled back.

## How to fix
Move the nodes to an AMI that ships containerd 2.0 or later (rebuild custom
AMIs on it) before their kubelet goes to 1.36; check with
`kubectl get nodes -o wide` (CONTAINER-RUNTIME column).

## Example
```
kubectl get nodes -o custom-columns=NAME:.metadata.name,RUNTIME:.status.nodeInfo.containerRuntimeVersion
```

Threshold: containerd 2.0 from Kubernetes 1.36 (`eks_lint/data/node_runtime.py`).
Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-35
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.node_runtime import CONTAINERD_2_REQUIRED_FROM
from eks_lint.eks.upgrade import node_owner, target_version
from eks_lint.eks.versions import minor, parse
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS211",
    name="containerd-1-node",
    severity="warning",
    summary="Nodes run containerd 1.x and the target Kubernetes version (1.36 or later) needs containerd 2.",
    needs=("kubernetes",),
    wants=("cluster",),
    kinds=("Node",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-35",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    target = target_version(inventory)
    required = minor(CONTAINERD_2_REQUIRED_FROM)
    if target is None or required is None or (minor(target) or (0, 0)) < required:
        return
    groups: dict[tuple[str, str], list[K8sObject]] = {}
    for node in inventory.of_kind("Node"):
        owner = node_owner(node)
        runtime = str(node.get("status", "nodeInfo", "containerRuntimeVersion") or "")
        version = parse(runtime) if runtime.startswith("containerd://") else None
        if owner is None or version is None or version[0] != 1:
            continue
        groups.setdefault((owner, ".".join(str(p) for p in version)), []).append(node)
    for (owner, version), nodes in sorted(groups.items()):
        names = ", ".join(node.name for node in nodes[:3]) + (", ..." if len(nodes) > 3 else "")
        count = f"{len(nodes)} node{'s' if len(nodes) > 1 else ''}"
        verb = "run" if len(nodes) > 1 else "runs"
        yield nodes[0].finding(
            f"{owner}: {count} ({names}) {verb} containerd {version}; Kubernetes {target} needs "
            f"containerd 2.0 or later ({CONTAINERD_2_REQUIRED_FROM} dropped containerd 1.x): move them to "
            f"an AMI with containerd 2 before their kubelet goes to {CONTAINERD_2_REQUIRED_FROM}",
            ("status", "nodeInfo", "containerRuntimeVersion"),
        )
