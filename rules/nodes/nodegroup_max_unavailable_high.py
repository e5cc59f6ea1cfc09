"""A managed node group update may take down more than half of its nodes at once.

## What it checks
`nodegroup.updateConfig.maxUnavailable` (a node count) or
`maxUnavailablePercentage` (of the desired size, rounded down, at least one
node) against `scalingConfig.desiredSize`: reported
when more than one node and more than `max-percent` (default 50) percent of
the desired nodes may be unavailable at the same time during an update.
The EKS default (`maxUnavailable: 1`) is never reported.

## Why it matters on EKS
During a version or launch template update EKS cordons and drains up to
`maxUnavailable` nodes in parallel. Taking most of a group down at once
leaves too little capacity for the evicted pods to reschedule onto, turns a
rolling update into an outage for workloads without enough spare room, and
makes PodDisruptionBudgets the only brake (with `force`, not even that).

## How to fix
Lower `maxUnavailable` (or `maxUnavailablePercentage`) to a share of the
group that the remaining nodes can absorb, for example 1 node or 10-33%.

## Example
`aws eks update-nodegroup-config --cluster-name prod --nodegroup-name web --update-config maxUnavailable=1`

Source: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
(update config, upgrade phase);
https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from eks_lint.eks.cluster import items, nodegroup_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS505",
    name="nodegroup-max-unavailable-high",
    severity="warning",
    summary="A node group update may drain more than half its nodes at once (maxUnavailable).",
    needs=("nodegroups",),
    options={"max-percent": 50},
    source="https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    limit = options["max-percent"]
    for nodegroup in items(inventory, "nodegroups"):
        config = nodegroup.get("updateConfig")
        scaling = nodegroup.get("scalingConfig")
        if not isinstance(config, dict) or not isinstance(scaling, dict):
            continue
        desired = scaling.get("desiredSize")
        if not isinstance(desired, int) or desired <= 0:
            continue
        count, percent = config.get("maxUnavailable"), config.get("maxUnavailablePercentage")
        if isinstance(count, int):
            nodes, setting, path = min(count, desired), f"maxUnavailable {count}", "maxUnavailable"
        elif isinstance(percent, int):
            nodes = min(desired, max(1, math.floor(desired * percent / 100)))
            setting, path = f"maxUnavailablePercentage {percent}", "maxUnavailablePercentage"
        else:
            continue
        share = nodes * 100 / desired
        if nodes <= 1 or share <= limit:
            continue
        yield Finding(
            target=nodegroup_target(nodegroup),
            message=f"{setting} lets an update of node group {nodegroup.get('nodegroupName')} drain {nodes} "
            f"of its {desired} nodes ({share:.0f}%) at once: lower it to at most {limit}% of the group",
            path=("updateConfig", path),
        )
