"""An IPv6 cluster has Windows nodes, which IPv6 clusters do not support.

## What it checks
On a cluster with `kubernetesNetworkConfig.ipFamily: ipv6`: each managed node
group with a `WINDOWS_*` AMI type, and Node objects labelled
`kubernetes.io/os: windows`.

## Why it matters on EKS
EKS supports no Windows pods or services in an IPv6 cluster (the VPC CNI's
IPv6 mode needs prefix delegation, which Windows nodes do not have): the nodes
may launch, but the Windows workloads meant for them cannot get addresses. The
IP family is fixed when the cluster is created.

## How to fix
Run the Windows workloads in an IPv4 cluster; keep the IPv6 cluster for Linux
nodes and Fargate.

## Example
```yaml
# eksctl: a separate IPv4 cluster for the Windows node groups
kubernetesNetworkConfig:
  ipFamily: IPv4
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html ("No
Windows support: Windows Pods and services aren't supported");
https://docs.aws.amazon.com/eks/latest/userguide/deploy-ipv6-cluster.html
("You can't deploy Amazon EC2 Windows nodes in an IPv6 cluster").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import nodegroup_target
from eks_lint.eks.network import OS_LABEL
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS839",
    name="ipv6-cluster-windows-nodes",
    severity="error",
    summary="An IPv6 cluster has Windows nodes; EKS supports no Windows pods in IPv6 clusters.",
    needs=("cluster",),
    wants=("nodegroups", "kubernetes"),
    kinds=("Node",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html",
)

FIX = "Windows pods are not supported in IPv6 clusters; run them in an IPv4 cluster"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    network = (inventory.cluster or {}).get("kubernetesNetworkConfig") or {}
    if str(network.get("ipFamily") or "").lower() != "ipv6":
        return
    for group in inventory.part("nodegroups") or []:
        if isinstance(group, dict) and str(group.get("amiType") or "").startswith("WINDOWS_"):
            yield Finding(
                target=nodegroup_target(group),
                message=f"node group {group.get('nodegroupName')} runs {group.get('amiType')} "
                f"in an IPv6 cluster: {FIX}",
                path=("amiType",),
            )
    for node in inventory.of_kind("Node"):
        if node.labels.get(OS_LABEL) == "windows":
            yield node.finding(f"Windows node {node.name} in an IPv6 cluster: {FIX}", ("metadata", "labels"))
