"""A hybrid nodes remote node or pod network is not private, or overlaps the VPC or the service CIDR.

## What it checks
Each CIDR of the cluster's `remoteNetworkConfig` (`remoteNodeNetworks` and
`remotePodNetworks`):

- it must be an IPv4 CIDR inside RFC 1918 space (10/8, 172.16/12,
  192.168/16); the EKS API reference says "publicly-routable addresses aren't
  supported". RFC 6598 shared space (100.64.0.0/10) is not reported: the API
  reference names only RFC 1918, but that space is not publicly routable
  either, and the rule reports only what is certainly wrong;
- it must not overlap the cluster VPC's CIDR blocks (`vpcs`, from
  DescribeVpcs, when the input has them) or the service CIDR
  (`kubernetesNetworkConfig.serviceIpv4Cidr`);
- a remote node network and a remote pod network must not overlap each other.

## Why it matters on EKS
EKS routes traffic for these CIDRs from the control plane's ENIs in the VPC
back over the VPN or Direct Connect. A block that overlaps the VPC or the
service range makes that traffic go to the wrong place: kubelet logs, exec and
webhooks on hybrid nodes time out, or a Service IP shadows an on-premises
host. These are the EKS API's own requirements: a configuration that breaks
them is refused when applied, or, when it gets through, misroutes as above.

## How to fix
Pick on-premises node and pod CIDRs from private space that neither the VPC,
its peers nor the service CIDR use, configure the CNI's pod CIDR to match, and
update the cluster's remote network configuration.

## Example
```json
"remoteNetworkConfig": {
  "remoteNodeNetworks": [{"cidrs": ["10.80.0.0/16"]}],
  "remotePodNetworks": [{"cidrs": ["10.85.0.0/16"]}]
}
```

Sources: https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteNodeNetwork.html and
https://docs.aws.amazon.com/eks/latest/APIReference/API_RemotePodNetwork.html (requirements);
https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-networking.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target
from eks_lint.eks.ipam import ipv4_network, is_private_ipv4, overlapping
from eks_lint.eks.network import remote_networks
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS833",
    name="hybrid-remote-network-invalid",
    severity="error",
    summary="A hybrid nodes remote network is not private, or overlaps the VPC, the service CIDR or another.",
    needs=("cluster",),
    wants=("vpcs",),
    source="https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteNodeNetwork.html",
)


def _vpc_blocks(inventory: Inventory) -> dict[str, object]:
    blocks: dict[str, object] = {}
    for vpc in inventory.part("vpcs") or []:
        if not isinstance(vpc, dict):
            continue
        for association in vpc.get("CidrBlockAssociationSet") or []:
            if not isinstance(association, dict):
                continue
            state = (association.get("CidrBlockState") or {}).get("State", "associated")
            if state in ("associated", "associating") and association.get("CidrBlock"):
                blocks[f"VPC {vpc.get('VpcId')} CIDR {association['CidrBlock']}"] = ipv4_network(
                    association["CidrBlock"]
                )
    return blocks


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster or {}
    nodes, pods = remote_networks(cluster)
    if not nodes and not pods:
        return
    reserved = _vpc_blocks(inventory)
    service = (cluster.get("kubernetesNetworkConfig") or {}).get("serviceIpv4Cidr")
    if service:
        reserved[f"the service CIDR {service}"] = ipv4_network(service)
    node_networks = {f"remote node network {c}": ipv4_network(c) for c in nodes}
    for kind, cidrs, key in (("node", nodes, "remoteNodeNetworks"), ("pod", pods, "remotePodNetworks")):
        for cidr in cidrs:
            network = ipv4_network(cidr)
            problems = []
            if network is None:
                problems.append("it is not an IPv4 CIDR")
            else:
                if not is_private_ipv4(network):
                    problems.append("it is not a private range (RFC 1918)")
                clashes = overlapping(network, reserved)
                if kind == "pod":
                    clashes += overlapping(network, node_networks)
                if clashes:
                    problems.append(f"it overlaps {', '.join(clashes)}")
            if problems:
                yield Finding(
                    target=cluster_target(cluster),
                    message=f"remote {kind} network {cidr}: {'; '.join(problems)}: the control plane cannot "
                    "route to hybrid nodes' addresses there; use a private range nothing else in the VPC or "
                    "cluster uses",
                    path=("remoteNetworkConfig", key),
                )
