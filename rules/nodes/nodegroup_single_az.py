"""A managed node group's subnets are all in one Availability Zone, and no sibling group covers another.

## What it checks
A node group whose `subnets` all map (through the `subnets` part,
DescribeSubnets) to a single Availability Zone, unless another node group of
the cluster with the same capacity type and instance types runs in a
different zone: one node group per zone is the recommended layout for
cluster-autoscaler with EBS volumes, and is not reported. A node group with
a subnet missing from the `subnets` part is not judged.

## Why it matters on EKS
All of the group's nodes, and the pods that only fit on them, share the
fate of one zone: a zone outage or an EC2 capacity shortage in that zone
(`InsufficientInstanceCapacity`, `NodeCreationFailure`) takes the whole
group down, and topology spread across zones cannot be satisfied.

## How to fix
Give the node group subnets in at least two (ideally three) zones, or add
one node group per zone with the same instance types and labels (with
cluster-autoscaler, set `--balance-similar-node-groups=true`).

## Example
`aws eks create-nodegroup ... --subnets subnet-a1 subnet-b1 subnet-c1` (one per zone)

Source: https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html
(spread worker nodes and workloads across multiple AZs);
https://docs.aws.amazon.com/eks/latest/best-practices/cas.html (node groups per AZ for EBS).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items, nodegroup_target, subnet_index, subnet_zones
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS502",
    name="nodegroup-single-az",
    severity="warning",
    summary="A managed node group runs in one Availability Zone and no similar group covers another.",
    needs=("nodegroups", "subnets"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html",
)


def _shape(nodegroup: dict) -> tuple:
    return (nodegroup.get("capacityType") or "ON_DEMAND", tuple(sorted(nodegroup.get("instanceTypes") or [])))


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    index = subnet_index(inventory)
    nodegroups = items(inventory, "nodegroups")
    zones = {id(nodegroup): subnet_zones(nodegroup.get("subnets"), index) for nodegroup in nodegroups}
    for nodegroup in nodegroups:
        own = zones[id(nodegroup)]
        if own is None or len(own) != 1:
            continue
        siblings = set()
        for other in nodegroups:
            if other is not nodegroup and _shape(other) == _shape(nodegroup):
                siblings |= zones[id(other)] or set()
        if siblings - own:
            continue
        (zone,) = own
        count = len(nodegroup.get("subnets") or [])
        subnets = f"all {count} subnets" if count > 1 else "the only subnet"
        yield Finding(
            target=nodegroup_target(nodegroup),
            message=f"{subnets} of node group {nodegroup.get('nodegroupName')} "
            f"{'are' if count > 1 else 'is'} in {zone} and no similar node group runs in another "
            "zone, so one zone outage or capacity shortage stops it: add subnets in at least two more zones",
            path=("subnets",),
        )
