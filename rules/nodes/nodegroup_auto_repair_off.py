"""Node auto repair is off on a managed node group.

## What it checks
A managed node group whose `nodeRepairConfig.enabled` is not `true` (EKS
turns node auto repair off by default). A node group without
`nodeRepairConfig` at all (a snapshot from before EKS reported it, or an
input that does not say) is not judged. Advice (`info`): repair replaces or
reboots nodes, which a team may prefer to do itself.

## Why it matters on EKS
With auto repair on, EKS watches node health (the node monitoring agent's
conditions such as `KernelReady`, `NetworkingReady`, `StorageReady`, and
`Ready`) and replaces or reboots a node that stays unhealthy. Without it a
node whose container runtime, kernel or network failed stays in the group:
its pods are stuck until someone notices and drains it by hand.

## How to fix
`aws eks update-nodegroup-config --cluster-name NAME --nodegroup-name NG --node-repair-config enabled=true`
(eksctl: `nodeRepairConfig: {enabled: true}`; Terraform: `node_repair_config { enabled = true }`),
and install the node monitoring agent add-on (`eks-node-monitoring-agent`) for
the health conditions beyond `Ready`.

## Example
`node group workers has node auto repair off`

Sources: https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html;
https://docs.aws.amazon.com/eks/latest/APIReference/API_NodeRepairConfig.html
("Node auto repair is disabled by default").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items, nodegroup_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS826",
    name="nodegroup-auto-repair-off",
    severity="info",
    summary="Node auto repair is off on a managed node group.",
    needs=("nodegroups",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/node-repair.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for nodegroup in items(inventory, "nodegroups"):
        config = nodegroup.get("nodeRepairConfig")
        if not isinstance(config, dict) or config.get("enabled") is True:
            continue
        yield Finding(
            target=nodegroup_target(nodegroup),
            message=f"node group {nodegroup.get('nodegroupName')} has node auto repair off, so a node whose "
            "runtime, kernel or network fails stays in the group until drained by hand: set "
            "nodeRepairConfig enabled=true",
            path=("nodeRepairConfig", "enabled") if "enabled" in config else ("nodeRepairConfig",),
        )
