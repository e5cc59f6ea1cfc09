"""A node group's subnets lack the free addresses it needs to reach its max size and roll its nodes.

## What it checks
For each managed node group and each self-managed Auto Scaling group of the
cluster, the free addresses (`AvailableIpAddressCount`) of its subnets against
what it needs to grow from its desired size to its max size plus the extra
nodes of a rolling update, with a margin (`margin-percent`, default 10):

    needed = (maxSize - desiredSize + surge) x addresses per node x (1 + margin)

- Addresses per node: what a node of its largest instance type holds when it
  runs `pods-per-node` pods (default 0: fully packed, that is max pods minus
  the 2 host-network pods), given its ENIs and IPv4 addresses per ENI (live
  DescribeInstanceTypes, else the VPC CNI's table) and the CNI settings:
  `WARM_ENI_TARGET` (every attached ENI is filled: an m5.large holds 3 ENIs x
  10 = 30), `WARM_IP_TARGET` / `MINIMUM_IP_TARGET`, prefix delegation (/28
  prefixes of 16 plus `WARM_PREFIX_TARGET` spare ones) and custom networking
  (only the primary ENI's address comes from the node subnet; see
  `pod-subnet-ip-headroom` for the rest). The arithmetic is in the message.
- Surge: a managed node group update raises the Auto Scaling group's size by
  the larger of twice its Availability Zones and `maxUnavailable`
  (`maxUnavailablePercentage` of the desired size, rounded up). Self-managed
  groups count no surge.
- Node groups that share subnets are added up: the finding on each names the others.
- CNI settings: the vpc-cni add-on's `configurationValues` `env`, with the
  `kube-system/aws-node` DaemonSet's env on top key by key when the input has
  it (it is what runs), else the CNI defaults. IPv6 clusters and Windows node
  groups are not checked.

The finding is an error when the free addresses do not even cover the
rolling-update surge (the next node group update or AMI roll fails), a
warning otherwise.

## Why it matters on EKS
The VPC CNI gives every pod a VPC address from the node's subnet, and by
default every node holds a spare ENI's worth more. When the subnets run dry,
scale-out fails with `InsufficientFreeAddresses` on the node group, or nodes
come up and their pods stay in `ContainerCreating` ("failed to assign an IP
address to container"), and managed node group updates cannot launch their
replacement nodes.

## How to fix
Give the node group more room: add subnets (or a secondary VPC CIDR, for
example from 100.64.0.0/10, with custom networking), lower `maxSize`, set
`WARM_IP_TARGET` / `MINIMUM_IP_TARGET` so nodes stop hoarding a spare ENI, or
enable prefix delegation on subnets with contiguous free space.

## Example
```sh
aws eks update-nodegroup-config --cluster-name prod --nodegroup-name batch \
  --scaling-config minSize=3,maxSize=20,desiredSize=6
```

Sources: addresses per node, https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md
and docs/prefix-and-ip-target.md; max pods, amazon-eks-ami max-pods-calculator.sh;
surge, https://docs.aws.amazon.com/eks/latest/userguide/managed-node-update-behavior.html
("Scale up phase"); https://docs.aws.amazon.com/eks/latest/best-practices/ip-opt.html.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from eks_lint.eks.capacity import NodeGroup, node_groups
from eks_lint.eks.cluster import subnet_index
from eks_lint.eks.ipam import (
    CniSettings,
    cni_settings,
    free_addresses,
    instance_limits,
    ipv6_cluster,
    node_addresses,
)
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS302",
    name="node-subnet-ip-headroom",
    severity="warning",
    summary="A node group's subnets lack the free addresses to reach its max size plus an update's surge.",
    needs=("subnets",),
    wants=(
        "kubernetes",
        "cluster",
        "nodegroups",
        "auto_scaling_groups",
        "addons",
        "instance_types",
        "launch_template_versions",
    ),
    kinds=("DaemonSet",),
    options={"margin-percent": 10, "pods-per-node": 0},
    source="https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/eni-and-ip-target.md",
)


def per_node(inventory: Inventory, group: NodeGroup, cni: CniSettings, pods: int | None):
    """(addresses in the node subnet, the arithmetic) for the group's hungriest instance type."""
    best = None
    for instance_type in group.instance_types:
        limits = instance_limits(inventory, instance_type)
        if limits is None:
            continue
        held = node_addresses(limits, cni, pods)
        if best is None or held.node_subnet > best[0]:
            best = (held.node_subnet, f"{instance_type}: {held.detail}")
    return best


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cni = cni_settings(inventory)
    if ipv6_cluster(inventory, cni):
        return
    pods = options["pods-per-node"] or None
    margin = options["margin-percent"]
    index = subnet_index(inventory)
    needs = []  # (group, extra nodes, addresses per node, arithmetic)
    for group in node_groups(inventory):
        extra = max(group.maximum - group.desired, 0) + group.surge
        found = per_node(inventory, group, cni, pods)
        if extra == 0 or found is None or not group.subnets or group.windows:
            continue
        if any(free_addresses(index.get(s) or {}) is None for s in group.subnets):
            continue  # a subnet not in the input: its free addresses are unknown
        needs.append((group, extra, found[0], found[1]))
    for component in _sharing(needs):
        subnets = sorted({s for group, *_ in component for s in group.subnets})
        free = sum(free_addresses(index[s]) or 0 for s in subnets)
        total = sum(extra * each for _, extra, each, _ in component)
        required = math.ceil(total * (100 + margin) / 100)
        if free >= required:
            continue
        surge_need = sum(group.surge * each for group, _, each, _ in component)
        blocked = free < surge_need
        where = ", ".join(f"{s} ({index[s].get('AvailabilityZone', '?')})" for s in subnets)
        for group, extra, each, arithmetic in component:
            growth = max(group.maximum - group.desired, 0)
            why = [f"{growth} to grow from {group.desired} to its max size of {group.maximum}"]
            if group.surge:
                why.append(group.surge_text)
            others = [g.display() for g, *_ in component if g is not group]
            if others:
                shared = f"; with {', '.join(others)} on the same subnets {total:,} in all"
            else:
                shared = ""
            yield Finding(
                target=group.target,
                message=(
                    f"{where} {'has' if len(subnets) == 1 else 'have'} {free:,} free addresses; "
                    f"{group.display()} needs {extra * each:,} for {extra} more nodes "
                    f"({', '.join(why)}) x {each:,} addresses ({arithmetic}){shared}, "
                    f"{required:,} with the {margin}% margin"
                    + (", so even the next rolling update fails" if blocked else "")
                    + ": add subnets or a secondary CIDR, lower the max size, or cut what each node "
                    "holds (WARM_IP_TARGET/MINIMUM_IP_TARGET)"
                ),
                path=("subnets",) if group.managed else ("VPCZoneIdentifier",),
                level="error" if blocked else None,
            )


def _sharing(needs: list) -> list[list]:
    """Groups of needs whose node groups share a subnet (connected components)."""
    components: list[list] = []
    for need in needs:
        subnets = set(need[0].subnets)
        touching = [c for c in components if any(subnets & set(n[0].subnets) for n in c)]
        merged = [need]
        for component in touching:
            components.remove(component)
            merged = component + merged
        components.append(merged)
    return components
