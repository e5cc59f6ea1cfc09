"""On an IPv6 cluster, a managed node group subnet has no IPv6 CIDR or does not assign IPv6 addresses.

## What it checks
Only on clusters with `kubernetesNetworkConfig.ipFamily: ipv6`. For each
subnet of each managed node group (as DescribeSubnets returns it):

- no associated IPv6 CIDR block (`Ipv6CidrBlockAssociationSet`): error;
- an IPv6 CIDR but `AssignIpv6AddressOnCreation` false: error too.

Subnets not in the input are not judged.

## Why it matters on EKS
An IPv6 cluster gives every pod an address from its node's IPv6 prefix. A node
launched without an IPv6 address cannot host pods: EKS marks the node group
with the health issue `Ec2SubnetMissingIpv6Assignment`, and nodes in that
subnet never become usable. The cluster's IP family cannot be changed after
creation, so the subnets must be fixed.

## How to fix
Associate an IPv6 CIDR block with the subnet (from the VPC's /56) and turn on
"Auto-assign IPv6 address" (`aws ec2 modify-subnet-attribute --subnet-id ...
--assign-ipv6-address-on-creation`), or move the node group to dual-stack
subnets that have both.

## Example
```sh
aws ec2 associate-subnet-cidr-block --subnet-id subnet-0a1 --ipv6-cidr-block 2600:1f14:abc:de01::/64
aws ec2 modify-subnet-attribute --subnet-id subnet-0a1 --assign-ipv6-address-on-creation
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html;
https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html;
https://docs.aws.amazon.com/eks/latest/APIReference/API_Issue.html (`Ec2SubnetMissingIpv6Assignment`).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import nodegroup_target, subnet_index
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS837",
    name="ipv6-nodegroup-subnet-not-ipv6",
    severity="error",
    summary="On an IPv6 cluster, a node group subnet has no IPv6 CIDR or does not assign IPv6 on creation.",
    needs=("cluster", "nodegroups", "subnets"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cni-ipv6.html",
)


def _ipv6_blocks(subnet: dict) -> list[str]:
    return [
        str(a.get("Ipv6CidrBlock"))
        for a in subnet.get("Ipv6CidrBlockAssociationSet") or []
        if isinstance(a, dict)
        and a.get("Ipv6CidrBlock")
        and (a.get("Ipv6CidrBlockState") or {}).get("State", "associated") == "associated"
    ]


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    network = (inventory.cluster or {}).get("kubernetesNetworkConfig") or {}
    if str(network.get("ipFamily") or "").lower() != "ipv6":
        return
    index = subnet_index(inventory)
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict):
            continue
        problems = []
        for subnet_id in group.get("subnets") or []:
            subnet = index.get(subnet_id)
            if subnet is None:
                continue
            if not _ipv6_blocks(subnet):
                problems.append(f"{subnet_id} has no IPv6 CIDR block")
            elif subnet.get("AssignIpv6AddressOnCreation") is not True:
                problems.append(f"{subnet_id} does not assign IPv6 addresses on creation")
        if problems:
            yield Finding(
                target=nodegroup_target(group),
                message=f"node group {group.get('nodegroupName')} is in an IPv6 cluster but "
                f"{'; '.join(problems)}: "
                "its nodes there get no IPv6 address and cannot run pods; add an IPv6 /64 to the subnet and "
                "turn on auto-assign IPv6",
                path=("subnets",),
            )
