"""An instance type in a node group whose max pods is too low for real work.

## What it checks
For each instance type of each managed node group (`instanceTypes`, else its
launch template's `InstanceType`) and self-managed Auto Scaling group
(`MixedInstancesPolicy` overrides, else its launch template's `InstanceType`),
the max pods the VPC CNI allows on it with the cluster's CNI settings, as the
EKS max-pods calculator computes it:

- secondary IPs: `ENIs x (IPv4 addresses per ENI - 1) + 2` (m5.large: 29);
- custom networking: `(ENIs - 1) x (IPv4 addresses per ENI - 1) + 2` (m5.large: 20);
- prefix delegation (Nitro instances): `ENIs x ((IPv4 addresses per ENI - 1) x 16) + 2`;
- then at most 110 (30 vCPUs or fewer) or 250 (more vCPUs).

It reports a type whose max pods is below `min-max-pods` (default 30,
warning), and, as an error, one whose max pods does not exceed the number of
DaemonSets in the input that run on every node of the group (their node
selector, required node affinity and tolerations are matched against the
labels and taints the group is known to give its nodes; a DaemonSet that
cannot be shown to run there is not counted). ENIs and addresses come from
live DescribeInstanceTypes when the snapshot has them, else from the VPC CNI's
table; when the vCPUs are not known the 250 ceiling is assumed (the figure
that cannot raise a false alarm). CNI settings: the vpc-cni add-on's
`configurationValues` with the aws-node DaemonSet's env on top, else the
defaults. IPv6 clusters (pods on IPv6 prefixes) and Windows node groups are
not checked.

## Why it matters on EKS
Pods on the VPC CNI need one VPC address each, and a node has only as many
as its ENIs carry. Below about 30 pods the kubelet refuses pods while CPU and
memory sit idle, the cluster autoscaler adds nodes for pods that would fit,
and DaemonSets (CNI, kube-proxy, log and metrics agents, CSI node plugins)
take a large share of every node; when the DaemonSets alone reach max pods
no workload pod can run on the node at all.

## How to fix
Enable prefix delegation (`ENABLE_PREFIX_DELEGATION=true` on the vpc-cni
add-on, Nitro instances; an m5.large goes from 29 to 110 pods) and roll the
nodes, or use a larger instance type.

## Example
```sh
aws eks update-addon --cluster-name prod --addon-name vpc-cni \
  --configuration-values '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1"}}'
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html
(max pods, m5.large 29 and 20 under custom networking); amazon-eks-ami
templates/al2/runtime/max-pods-calculator.sh (formulas and the 110/250 ceiling);
https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html;
aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.capacity import daemonset_runs_on, node_groups
from eks_lint.eks.ipam import HIGH_CPU_CEILING, cni_settings, instance_limits, ipv6_cluster, max_pods
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS304",
    name="max-pods-too-low",
    severity="warning",
    summary="An instance type's max pods is below 30, or leaves no room beside the node's DaemonSets.",
    needs_any=("nodegroups", "auto_scaling_groups"),
    wants=(
        "kubernetes",
        "addons",
        "instance_types",
        "launch_template_versions",
        "subnets",
        "cluster",
    ),
    kinds=("DaemonSet",),
    options={"min-max-pods": 30},
    source="https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    minimum = options["min-max-pods"]
    cni = cni_settings(inventory)
    if ipv6_cluster(inventory, cni):
        return  # pods get IPv6 addresses from /80 prefixes: max pods is the 110/250 ceiling
    daemonsets = list(inventory.of_kind("DaemonSet"))
    for group in node_groups(inventory):
        if group.windows:
            continue
        for position, instance_type in enumerate(group.instance_types):
            limits = instance_limits(inventory, instance_type)
            if limits is None:
                continue
            result = max_pods(limits, cni, unknown_ceiling=HIGH_CPU_CEILING)
            labels = {**group.labels, "node.kubernetes.io/instance-type": instance_type}
            running = [
                ds for ds in daemonsets if daemonset_runs_on(ds, labels, group.taints, group.absent_labels)
            ]
            listed = group.types_field[-1] in ("instanceTypes", "Overrides")
            path = (*group.types_field, position) if listed else group.types_field
            where = f"{group.display()} {instance_type}"
            if daemonsets and result.value <= len(running):
                yield Finding(
                    target=group.target,
                    message=(
                        f"{where} runs at most {result.value} pods ({result.mode}: {result.formula}) and "
                        f"{len(running)} DaemonSets put a pod on every node, so no workload pod fits: "
                        f"enable prefix delegation or use a larger instance type"
                    ),
                    path=path,
                    level="error",
                )
            elif result.value < minimum:
                yield Finding(
                    target=group.target,
                    message=(
                        f"{where} runs at most {result.value} pods ({result.mode}: {result.formula}), "
                        f"below {minimum}"
                        + (f", {len(running)} of them DaemonSet pods" if running else "")
                        + ": enable prefix delegation (Nitro instances) or use a larger instance type"
                    ),
                    path=path,
                )
