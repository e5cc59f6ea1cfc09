"""A cluster configured for hybrid nodes has an authentication mode or IP family hybrid nodes do not support.

## What it checks
A cluster whose `remoteNetworkConfig` lists remote node networks (so it is
meant to take EKS Hybrid Nodes) and whose:

- `accessConfig.authenticationMode` is `CONFIG_MAP`: hybrid nodes need `API`
  or `API_AND_CONFIG_MAP` (they join through an access entry of type
  `HYBRID_LINUX`);
- `kubernetesNetworkConfig.ipFamily` is `ipv6`: hybrid nodes need an IPv4 cluster.

Both are checked wherever the input says them: a snapshot, an eksctl config
or a Terraform plan (where this is worth most: before the cluster exists).

## Why it matters on EKS
EKS rejects the remote network configuration on such a cluster, or the hybrid
nodes cannot register: `nodeadm init` runs, and the node never joins. The IP
family cannot be changed after a cluster is created, so an IPv6 cluster can
never run hybrid nodes.

## How to fix
Switch the authentication mode to `API_AND_CONFIG_MAP` (or `API`) and create
the hybrid nodes' access entry; for an IPv6 cluster, create a new IPv4 cluster
for the hybrid nodes.

## Example
```yaml
# eksctl
accessConfig:
  authenticationMode: API_AND_CONFIG_MAP
remoteNetworkConfig:
  remoteNodeNetworks:
    - cidrs: ["10.80.0.0/16"]
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cluster-update.html
(prerequisites: IPv4 address family; API or API_AND_CONFIG_MAP authentication mode);
https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cluster-create.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target
from eks_lint.eks.network import remote_networks
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS832",
    name="hybrid-nodes-cluster-unsupported",
    severity="error",
    summary="A hybrid-nodes cluster uses the CONFIG_MAP authentication mode or the IPv6 IP family.",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cluster-update.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster or {}
    nodes, _pods = remote_networks(cluster)
    if not nodes:
        return
    mode = (cluster.get("accessConfig") or {}).get("authenticationMode")
    if mode == "CONFIG_MAP":
        yield Finding(
            target=cluster_target(cluster),
            message="remoteNetworkConfig is set for hybrid nodes but the authentication mode is CONFIG_MAP: "
            "hybrid nodes join through access entries, so they cannot register; switch to API_AND_CONFIG_MAP",
            path=("accessConfig", "authenticationMode"),
        )
    family = str((cluster.get("kubernetesNetworkConfig") or {}).get("ipFamily") or "").lower()
    if family == "ipv6":
        yield Finding(
            target=cluster_target(cluster),
            message="remoteNetworkConfig is set for hybrid nodes but the cluster's IP family is ipv6: hybrid "
            "nodes need an IPv4 cluster and the family cannot change; run them in an IPv4 cluster",
            path=("kubernetesNetworkConfig", "ipFamily"),
        )
