"""The cluster's public API endpoint accepts connections from the whole internet.

## What it checks
`cluster.resourcesVpcConfig.endpointPublicAccess` is true and
`publicAccessCidrs` contains `0.0.0.0/0` (which is also what EKS stores when
no CIDR is given: the Terraform and eksctl inputs state it then). A cluster
whose `publicAccessCidrs` is not stated at all, as in a Terraform plan that
sets it from a value known only after apply, is not judged: its CIDRs are
unknown, not open.

## Why it matters on EKS
With the public endpoint open to 0.0.0.0/0, anyone on the internet can reach
the Kubernetes API server: only IAM authentication and RBAC stand between
it and a leaked credential or an API server vulnerability.

## How to fix
Turn on private endpoint access and either turn public access off or limit
`publicAccessCidrs` to the CIDRs of your offices, VPN and CI runners (keep
the private endpoint on, or the nodes' NAT addresses in the list, so nodes
can still join).

## Example
```
aws eks update-cluster-config --name prod \
  --resources-vpc-config endpointPrivateAccess=true,publicAccessCidrs=203.0.113.0/24
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html;
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Make the EKS cluster endpoint private).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS401",
    name="public-endpoint-open",
    severity="warning",
    summary="The public API server endpoint is reachable from 0.0.0.0/0.",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
)

OPEN = ("0.0.0.0/0", "::/0")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    config = cluster.get("resourcesVpcConfig")
    if not isinstance(config, dict) or config.get("endpointPublicAccess") is not True:
        return
    cidrs = config.get("publicAccessCidrs")
    if cidrs is None:
        return  # unknown (a value known only after apply), not open
    cidrs = cidrs or ["0.0.0.0/0"]
    open_cidrs = [cidr for cidr in cidrs if cidr in OPEN]
    if not open_cidrs:
        return
    private = "on" if config.get("endpointPrivateAccess") else "off"
    yield Finding(
        target=cluster_target(cluster),
        message=f"the public API endpoint accepts {', '.join(open_cidrs)} (private endpoint {private}): "
        "limit publicAccessCidrs to your own CIDRs or turn public access off",
        path=("resourcesVpcConfig", "publicAccessCidrs"),
    )
