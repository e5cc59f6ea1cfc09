"""NetworkPolicy objects exist but nothing in the cluster enforces them.

## What it checks
When the input holds NetworkPolicy objects, whether anything enforces them:

- No other policy engine runs: no DaemonSet in the input runs Calico
  (`calico/node`), Cilium, Antrea, Weave Net (`weave-npc`) or kube-router.
- On a cluster with nodes of its own (not Auto Mode): the `kube-system/aws-node`
  DaemonSet is in the input and its network policy agent
  (`aws-network-policy-agent`, `aws-eks-nodeagent` in the EKS add-on) does not
  run with `--enable-network-policy=true` (or is missing: VPC CNI before 1.14),
  and the vpc-cni add-on's configuration values do not say
  `enableNetworkPolicy: "true"`.
- On EKS Auto Mode (`computeConfig.enabled`): the `kube-system/amazon-vpc-cni`
  ConfigMap is in the input and does not set `enable-network-policy-controller: "true"`.
  NodeClasses are not read: their `networkPolicy` is `DefaultAllow` or
  `DefaultDeny` (what pods no policy selects get), neither of which turns
  enforcement off.

When the input cannot tell (manifests without the aws-node DaemonSet, an Auto
Mode cluster whose ConfigMap was not read) the rule says nothing: it reports
only what it saw switched off. One finding per cluster, on the switch to turn.
An engine that runs on some nodes only (Cilium on hybrid nodes beside the VPC
CNI on cloud nodes) counts as enforcing: the rule cannot tell which pods it
covers, so it stays silent rather than guess.

## Why it matters on EKS
The API server accepts NetworkPolicy objects whatever the CNI does; the VPC
CNI ships with its policy agent off, so a default-deny policy installs, looks
right in review and lets every packet through. The isolation the policies
describe (tenants, databases, the metadata service) does not exist.

## How to fix
Managed add-on: set `{"enableNetworkPolicy": "true"}` in the vpc-cni add-on's
configuration values (VPC CNI 1.14 or later). Self-managed VPC CNI: set
`enable-network-policy-controller: "true"` in the `amazon-vpc-cni` ConfigMap and
`--enable-network-policy=true` in the agent's args. Auto Mode: apply the
ConfigMap with `enable-network-policy-controller: "true"`. Or run another policy
engine (Calico, Cilium) and keep it in the input.

## Example
```yaml
# vpc-cni add-on configuration values
enableNetworkPolicy: "true"
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html;
https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html;
https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html (NodeClass `networkPolicy`);
https://docs.aws.amazon.com/eks/latest/userguide/alternate-cni-plugins.html (Calico, Cilium).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.network import (
    addon_enables_network_policy,
    auto_mode,
    aws_node,
    configmap_flag,
    network_policy_agent,
    policy_engines,
    vpc_cni_configmap,
)
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS830",
    name="network-policy-not-enforced",
    severity="warning",
    summary="NetworkPolicy objects exist but the VPC CNI's enforcement is off and no other engine runs.",
    kinds=("NetworkPolicy", "DaemonSet", "ConfigMap"),
    wants=("cluster", "addons"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    policies = list(inventory.of_kind("NetworkPolicy"))
    if not policies or next(policy_engines(inventory), None) is not None:
        return
    names = ", ".join(p.display() for p in policies[:3]) + (
        f" and {len(policies) - 3} more" if len(policies) > 3 else ""
    )
    count = f"{len(policies)} NetworkPolicy object{'s' if len(policies) != 1 else ''} ({names})"
    if auto_mode(inventory):
        configmap = vpc_cni_configmap(inventory)
        if configmap is None or configmap_flag(configmap, "enable-network-policy-controller"):
            return
        data = configmap.get("data")
        path = (
            ("data", "enable-network-policy-controller")
            if isinstance(data, dict) and ("enable-network-policy-controller" in data)
            else ("data",)
        )
        yield configmap.finding(
            f"{count} are not enforced: on this Auto Mode cluster the amazon-vpc-cni ConfigMap does not set "
            'enable-network-policy-controller: "true" and no other policy engine runs; set it',
            path,
        )
        return
    daemonset = aws_node(inventory)
    if daemonset is None or addon_enables_network_policy(inventory):
        return
    enforced, path = network_policy_agent(daemonset)
    if enforced:
        return
    yield daemonset.finding(
        f"{count} are not enforced: the VPC CNI's network policy agent does not run with "
        "--enable-network-policy=true and no other policy engine (Calico, Cilium, Antrea) runs; set "
        'enableNetworkPolicy: "true" in the vpc-cni add-on configuration values',
        path,
    )
