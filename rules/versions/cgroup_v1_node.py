"""Nodes run Amazon Linux 2 (cgroup v1) and the upgrade goes to a version whose kubelet refuses cgroup v1.

## What it checks
`Node` objects whose `status.nodeInfo.osImage` is Amazon Linux 2 (which runs
cgroup v1; AL2023 and Bottlerocket run cgroup v2), when the version the
upgrade goes to (`--target-version`, else the minor after the cluster's) is
1.35 or later. Fargate (EKS runs it) and EKS Auto Mode nodes are left out,
and so are nodes of managed node groups with an AL2 `amiType`
(`al2-ami-end-of-life` reports those groups). Nodes are reported per node
group (or Karpenter node pool, or self-managed), on the first node of each.

## Why it matters on EKS
From Kubernetes 1.35 the kubelet refuses to start by default on nodes using
cgroup v1. A self-managed or custom-AMI node still on Amazon Linux 2 cannot
run a 1.35 kubelet; setting `failCgroupV1: false` only postpones the move.

## How to fix
Replace the nodes with AL2023 or Bottlerocket nodes (both cgroup v2) before
upgrading their kubelet to 1.35; AL2023 boots with `nodeadm`, so port custom
user data first.

## Example
```
kubectl get nodes -o custom-columns=NAME:.metadata.name,OS:.status.nodeInfo.osImage
```

Threshold: cgroup v1 fails from Kubernetes 1.35 (`eks_lint/data/node_runtime.py`).
Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-35;
https://docs.aws.amazon.com/linux/al2023/ug/cgroupv2.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.ami_types import AL2_AMI_TYPES
from eks_lint.data.node_runtime import CGROUP_V1_FAILS_FROM, runs_cgroup_v1
from eks_lint.eks.upgrade import NODEGROUP_LABEL, node_owner, target_version
from eks_lint.eks.versions import minor
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS212",
    name="cgroup-v1-node",
    severity="error",
    summary="Nodes run Amazon Linux 2 (cgroup v1) and the target Kubernetes version (1.35 or later) "
    "refuses to start the kubelet on cgroup v1.",
    needs=("kubernetes",),
    wants=("cluster", "nodegroups"),
    kinds=("Node",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-35",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    target = target_version(inventory)
    fails = minor(CGROUP_V1_FAILS_FROM)
    if target is None or fails is None or (minor(target) or (0, 0)) < fails:
        return
    al2_groups = {
        g.get("nodegroupName")
        for g in inventory.part("nodegroups") or []
        if isinstance(g, dict) and g.get("amiType") in AL2_AMI_TYPES
    }
    groups: dict[str, list[K8sObject]] = {}
    for node in inventory.of_kind("Node"):
        owner = node_owner(node)
        if owner is None or node.labels.get(NODEGROUP_LABEL) in al2_groups:
            continue
        if runs_cgroup_v1(node.get("status", "nodeInfo", "osImage")):
            groups.setdefault(owner, []).append(node)
    for owner, nodes in sorted(groups.items()):
        names = ", ".join(node.name for node in nodes[:3]) + (", ..." if len(nodes) > 3 else "")
        count = f"{len(nodes)} node{'s' if len(nodes) > 1 else ''}"
        yield nodes[0].finding(
            f"{owner}: {count} ({names}) {'run' if len(nodes) > 1 else 'runs'} Amazon Linux 2, which uses "
            f"cgroup v1; from Kubernetes "
            f"{CGROUP_V1_FAILS_FROM} the kubelet refuses to start on cgroup v1 (upgrade target {target}): "
            "replace them with AL2023 or Bottlerocket nodes before their kubelet goes to "
            f"{CGROUP_V1_FAILS_FROM}",
            ("status", "nodeInfo", "osImage"),
        )
