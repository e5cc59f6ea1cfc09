"""Hybrid nodes are in the cluster but no CNI that runs on them is.

## What it checks
Nodes labelled `eks.amazonaws.com/compute-type: hybrid` (EKS puts the label on
every hybrid node), when the input holds DaemonSets (so it shows what runs on
the nodes) but none of them runs a CNI other than the VPC CNI: Cilium (the
CNI AWS supports on hybrid nodes), Calico, or another recognised one (Antrea,
Weave Net, kube-router, Flannel). The finding is an error when at least one
hybrid node reports `Ready: False`, a warning otherwise (a Ready node has a
CNI the input does not show).

## Why it matters on EKS
The VPC CNI does not run on hybrid nodes (its DaemonSet has anti-affinity for
the hybrid label): without another CNI, hybrid nodes stay `NotReady` and no
pod is scheduled there. Nothing in EKS installs one for you.

## How to fix
Install Cilium (AWS's supported build, from its Helm chart in Amazon ECR
Public) with node affinity for `eks.amazonaws.com/compute-type: hybrid`, its
cluster-pool IPAM set to the remote pod network.

## Example
```sh
helm install cilium oci://public.ecr.aws/eks/cilium/cilium --version 1.17.6 \
  --namespace kube-system --values cilium-values.yaml
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html
(a CNI must be installed for hybrid nodes to become ready; the VPC CNI is not
compatible with hybrid nodes).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.network import cni_daemonsets, hybrid_nodes, node_ready
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS834",
    name="hybrid-nodes-without-cni",
    severity="warning",
    summary="Hybrid nodes are in the cluster but no DaemonSet runs a CNI for them (Cilium, Calico).",
    kinds=("Node", "DaemonSet"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    nodes = hybrid_nodes(inventory)
    if not nodes or not inventory.has_kind("DaemonSet") or next(cni_daemonsets(inventory), None):
        return
    not_ready = [node.name for node in nodes if node_ready(node) is False]
    state = f", {len(not_ready)} of them NotReady" if not_ready else ""
    finding = nodes[0].finding(
        f"{len(nodes)} hybrid node{'s' if len(nodes) != 1 else ''} ({', '.join(n.name for n in nodes[:3])}"
        f"{state}) and no DaemonSet runs a CNI for them: the VPC CNI does not run on hybrid nodes; "
        "install Cilium with affinity for eks.amazonaws.com/compute-type: hybrid",
        ("metadata", "labels"),
    )
    if not_ready:
        finding.level = "error"
    yield finding
