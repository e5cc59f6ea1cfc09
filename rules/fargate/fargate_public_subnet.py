"""A Fargate profile uses a subnet that looks public.

## What it checks
Each subnet of a Fargate profile (`fargateProfile.subnets`) that the
`subnets` part (DescribeSubnets) shows as public: `MapPublicIpOnLaunch:
true`, or the tag `kubernetes.io/role/elb: 1` that marks subnets for
internet-facing load balancers. Route tables are not in the snapshot, so a
subnet made public only by a route to an internet gateway is not seen; a
subnet missing from the `subnets` part is not judged.

## Why it matters on EKS
Fargate pods never get a public IP address, so in a public subnet (whose
only way out is the internet gateway) they cannot reach ECR, STS or the
API server: image pulls fail and pods stay Pending. EKS only supports
private subnets for Fargate profiles; a subnet that became public after the
profile was created breaks every new pod.

## How to fix
Create a new Fargate profile with private subnets (routing out through a
NAT gateway, or with VPC endpoints) and delete the old one: a profile's
subnets cannot be changed.

## Example
Profile `apps` with subnets `subnet-priv-a`, `subnet-priv-b` (no
MapPublicIpOnLaunch, default route to a NAT gateway).

Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html
(only private subnets are supported); https://docs.aws.amazon.com/eks/latest/userguide/fargate.html;
https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html (kubernetes.io/role/elb).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import fargate_target, items, subnet_index, tag_map
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS530",
    name="fargate-public-subnet",
    severity="warning",
    summary="A Fargate profile uses a public subnet, where Fargate pods cannot reach ECR or the API server.",
    needs=("fargate_profiles", "subnets"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html",
)


def _public_because(subnet: dict) -> str | None:
    if subnet.get("MapPublicIpOnLaunch") is True:
        return "MapPublicIpOnLaunch is true"
    if tag_map(subnet.get("Tags")).get("kubernetes.io/role/elb") == "1":
        return "it is tagged kubernetes.io/role/elb=1 for internet-facing load balancers"
    return None


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    index = subnet_index(inventory)
    for profile in items(inventory, "fargate_profiles"):
        for position, subnet_id in enumerate(profile.get("subnets") or []):
            subnet = index.get(str(subnet_id))
            reason = _public_because(subnet) if subnet else None
            if reason is None:
                continue
            yield Finding(
                target=fargate_target(profile),
                message=f"Fargate profile {profile.get('fargateProfileName')} uses {subnet_id}, which is "
                f"public ({reason}); Fargate pods get no public IP there and cannot pull images: "
                "recreate the profile with private subnets",
                path=("subnets", position),
            )
