"""Under custom networking, an ENIConfig subnet lacks the free addresses the node groups' pods need.

## What it checks
Only when the VPC CNI runs with custom networking
(`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true`): pods then take their addresses
from the subnet of the node's ENIConfig, not from the node's subnet. For each
ENIConfig subnet, the free addresses (`AvailableIpAddressCount`) against what
the node groups whose nodes use it need to grow from desired to max size plus
the rolling-update surge, with a margin (`margin-percent`, default 10):

- Which ENIConfig a node uses: with `ENI_CONFIG_LABEL_DEF` set to
  `topology.kubernetes.io/zone` (the documented zone-based set-up) the
  ENIConfig named after the node's zone; otherwise the node group's label
  with that key (default `k8s.amazonaws.com/eniConfig`). A node group whose
  ENIConfig cannot be told this way is not counted.
- Nodes per zone: the Auto Scaling group balances its zones, so a node group
  adds `ceil(extra nodes / its zones)` nodes in each zone.
- Addresses per node in the ENIConfig subnet: the pod ENIs (all but the
  primary) and their addresses for a fully packed node (or `pods-per-node`
  pods), as in `node-subnet-ip-headroom`: an m5.large holds 2 ENIs x 10 = 20.
- Surge: as in `node-subnet-ip-headroom` (twice the zones or `maxUnavailable`
  for managed node groups, none for self-managed groups).

The finding is an error when the free addresses do not cover the surge alone.

## Why it matters on EKS
A node in a zone whose pod subnet is full still joins the cluster, but none
of its pods gets an address: they stay in `ContainerCreating` with "failed to
assign an IP address to container", while the Auto Scaling group sees a
healthy node and keeps it.

## How to fix
Give the ENIConfig a larger subnet (custom networking is usually paired with a
secondary CIDR such as 100.64.0.0/16 for exactly this), add a subnet in that
zone and point the ENIConfig at it, or lower the node groups' max size.

## Example
```yaml
apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: eu-west-1a
spec:
  subnet: subnet-0pods1a        # a /19 from the 100.64.0.0/16 secondary CIDR
  securityGroups: [sg-0nodes]
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html;
https://docs.aws.amazon.com/eks/latest/best-practices/custom-networking.html;
CNI README (`AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG`, `ENI_CONFIG_LABEL_DEF`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from eks_lint.eks.capacity import node_groups
from eks_lint.eks.cluster import subnet_index
from eks_lint.eks.ipam import (
    ZONE_LABELS,
    cni_settings,
    free_addresses,
    instance_limits,
    ipv6_cluster,
    node_addresses,
)
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS303",
    name="pod-subnet-ip-headroom",
    severity="warning",
    summary="Under custom networking, an ENIConfig subnet lacks free addresses for its node groups' pods.",
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
    kinds=("ENIConfig", "DaemonSet"),
    options={"margin-percent": 10, "pods-per-node": 0},
    source="https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cni = cni_settings(inventory)
    if not cni.custom_networking or ipv6_cluster(inventory, cni):
        return
    configs: dict[str, K8sObject] = {}
    for config in inventory.of_kind("ENIConfig"):
        configs.setdefault(config.name, config)
    if not configs:
        return
    index = subnet_index(inventory)
    pods = options["pods-per-node"] or None
    margin = options["margin-percent"]
    # pod subnet -> [(ENIConfig, description of the need, addresses, surge addresses)]
    wanted: dict[str, list[tuple[K8sObject, str, int, int]]] = {}
    for group in node_groups(inventory):
        each, arithmetic = 0, ""
        for instance_type in group.instance_types:
            limits = instance_limits(inventory, instance_type)
            if limits is not None:
                held = node_addresses(limits, cni, pods)
                if held.pod_subnet > each:
                    each, arithmetic = held.pod_subnet, f"{instance_type}: {held.detail}"
        growth = max(group.maximum - group.desired, 0)
        if not each or growth + group.surge == 0 or group.windows:
            continue
        zones = sorted(
            {index[s]["AvailabilityZone"] for s in group.subnets if index.get(s, {}).get("AvailabilityZone")}
        )
        if not zones:
            continue
        for zone in zones:
            if cni.eni_config_label in ZONE_LABELS:
                name = zone
            elif cni.eni_config_label in group.labels:
                name = group.labels[cni.eni_config_label]
            else:
                continue  # the ENIConfig is chosen per node (annotation or label set elsewhere)
            config = configs.get(name)
            subnet_id = str(config.get("spec", "subnet") or "") if config else ""
            if not subnet_id:
                continue  # no ENIConfig: custom-networking set-up problem, not headroom
            nodes = math.ceil((growth + group.surge) / len(zones))
            surge_nodes = math.ceil(group.surge / len(zones))
            text = f"{group.display()} {nodes} nodes in {zone} x {each:,} ({arithmetic})"
            wanted.setdefault(subnet_id, []).append((config, text, nodes * each, surge_nodes * each))
    for subnet_id, entries in wanted.items():
        subnet = index.get(subnet_id)
        free = free_addresses(subnet) if subnet else None
        if free is None:
            continue
        total = sum(entry[2] for entry in entries)
        required = math.ceil(total * (100 + margin) / 100)
        if free >= required:
            continue
        blocked = free < sum(entry[3] for entry in entries)
        yield _finding(entries[0][0], subnet_id, subnet, free, total, required, margin, entries, blocked)


def _finding(config, subnet_id, subnet, free, total, required, margin, entries, blocked) -> Finding:
    message = (
        f"pod subnet {subnet_id} ({subnet.get('AvailabilityZone', '?')}) has {free:,} free addresses; "
        f"custom networking needs {total:,} there for max size plus rolling-update surge "
        f"({'; '.join(entry[1] for entry in entries)}), {required:,} with the {margin}% margin"
        + (", so even the next rolling update leaves pods without addresses" if blocked else "")
        + ": point the ENIConfig at a larger subnet (a secondary CIDR) or lower the max sizes"
    )
    finding = config.finding(message, ("spec", "subnet"))
    if blocked:
        finding.level = "error"
    return finding
