"""Fewer than two Availability Zones of the cluster's subnets have room for the control plane's ENIs.

## What it checks
The subnets in the cluster's `resourcesVpcConfig.subnetIds`, read from
DescribeSubnets: it counts the Availability Zones in which at least one of them
has `min-free-addresses` (default 5) free addresses (`AvailableIpAddressCount`),
and reports the cluster when fewer than `min-zones` (default 2) zones qualify.
A cluster subnet missing from the input is treated as unknown, never as full.
A local cluster on AWS Outposts (`outpostConfig`) lives in the Outpost's one
Availability Zone, so one zone with room is enough there.

## Why it matters on EKS
To update the cluster (a version upgrade, and also a control-plane logging
change), Amazon EKS needs up to five free addresses in the subnets given at
cluster creation: it creates new cluster network interfaces in any of them,
possibly in other subnets than the current ones. Worker nodes and
pods placed in the cluster subnets eat those addresses, and the update then
fails (`IpNotAvailable`). This is an upgrade blocker, so `--target-version`
upgrade checks run it too.

## How to fix
Add subnets with free addresses in the cluster's Availability Zones
(`aws eks update-cluster-config --resources-vpc-config subnetIds=...`; the new
subnets must be in the zones given at creation), or free addresses in the
existing ones. Best practice is small dedicated /28 cluster subnets that no
nodes or pods use.

## Example
```sh
aws eks update-cluster-config --name prod \
  --resources-vpc-config subnetIds=subnet-0cp1a,subnet-0cp1b,subnet-0cp1c
```

Threshold: 5 free addresses, "Amazon EKS requires up to five available IP
addresses from the subnets that you specified when you created your cluster"
(https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html; the same
in https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html,
"Verify basic EKS requirements before upgrading"); at least two zones, because
a cluster needs subnets in at least two Availability Zones
(https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html); one zone
for a local cluster, "an Outposts rack exists in a single availability zone"
(eksctl userdocs/src/usage/outposts.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target, subnet_index
from eks_lint.eks.ipam import free_addresses
from eks_lint.rule import Finding, Inventory, Rule, plural

RULE = Rule(
    code="EKS301",
    name="control-plane-subnet-ip-headroom",
    severity="error",
    summary="Fewer than 2 Availability Zones of the cluster subnets have 5 free addresses for an update.",
    needs=("cluster", "subnets"),
    options={"min-free-addresses": 5, "min-zones": 2},
    source="https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    subnet_ids = [str(s) for s in (cluster.get("resourcesVpcConfig") or {}).get("subnetIds") or []]
    if not subnet_ids:
        return
    minimum, min_zones = options["min-free-addresses"], options["min-zones"]
    if cluster.get("outpostConfig"):
        min_zones = 1  # an Outposts rack is in one zone: the local cluster's subnets are too
    index = subnet_index(inventory)
    good_zones: set[str] = set()
    short: list[str] = []
    unknown = 0
    for subnet_id in subnet_ids:
        subnet = index.get(subnet_id)
        free = free_addresses(subnet) if subnet else None
        if free is None or not subnet.get("AvailabilityZone"):
            unknown += 1
            continue
        zone = str(subnet["AvailabilityZone"])
        if free >= minimum:
            good_zones.add(zone)
        else:
            short.append(f"{subnet_id} ({zone}) {free}")
    if len(good_zones) >= min_zones or len(good_zones) + unknown >= min_zones:
        return
    having = ", ".join(sorted(good_zones)) if good_zones else "none"
    yield Finding(
        target=cluster_target(cluster),
        message=(
            f"only {plural(len(good_zones), 'Availability Zone')} of the cluster subnets ({having}) "
            f"{'has' if len(good_zones) == 1 else 'have'} "
            f"{minimum} or more free addresses, {min_zones} needed, so the next cluster update fails "
            f"with IpNotAvailable (free addresses: {'; '.join(short)}): add cluster subnets with free "
            f"addresses in the cluster's zones or free addresses in these"
        ),
        path=("resourcesVpcConfig", "subnetIds"),
    )
