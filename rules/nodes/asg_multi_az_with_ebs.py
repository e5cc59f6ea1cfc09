"""cluster-autoscaler scales a multi-zone Auto Scaling group while StatefulSets use EBS volumes.

## What it checks
Only when the input has a cluster-autoscaler Deployment and at least one
StatefulSet whose `volumeClaimTemplates` use an EBS StorageClass
(provisioner `ebs.csi.aws.com` or `kubernetes.io/aws-ebs`, named or the
default class, with the StorageClass in the input): each Auto Scaling group
of the cluster that the autoscaler manages (by its discovery tags or
`--nodes`) and whose `AvailabilityZones` list more than one zone.

## Why it matters on EKS
An EBS volume lives in one zone, so a StatefulSet pod whose volume is in
`eu-west-1a` can only run on a node in `eu-west-1a`. When it is Pending,
cluster-autoscaler scales up a multi-zone group, and the Auto Scaling group
places the new instance in whichever zone it balances to: often not the
volume's. The pod stays Pending, the autoscaler keeps adding nodes that do
not help, and a drained StatefulSet replica can stay down for good.

## How to fix
Use one node group per zone (same instance types and labels) and run
cluster-autoscaler with `--balance-similar-node-groups=true`, or let
Karpenter provision nodes, which launches in the volume's zone.

## Example
Node groups `stateful-a` (eu-west-1a), `stateful-b` (eu-west-1b),
`stateful-c` (eu-west-1c) instead of one `stateful` group across all three.

Source: https://docs.aws.amazon.com/eks/latest/best-practices/cas.html
(EBS Volumes: node groups scoped to a single AZ, balance-similar-node-groups);
https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import asg_target, autoscaler_containers, autoscaler_manages, cluster_asgs, tag_map
from eks_lint.eks.relations import claim_storage_class, is_ebs
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS522",
    name="asg-multi-az-with-ebs",
    severity="warning",
    summary="cluster-autoscaler scales a multi-zone Auto Scaling group while StatefulSets use EBS volumes.",
    needs=("auto_scaling_groups",),
    wants=("nodegroups", "cluster"),
    kinds=("Deployment", "StatefulSet", "StorageClass"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/cas.html",
)


def _ebs_statefulsets(inventory: Inventory) -> list[K8sObject]:
    classes = list(inventory.of_kind("StorageClass"))
    out = []
    for statefulset in inventory.of_kind("StatefulSet"):
        for template in statefulset.get("spec", "volumeClaimTemplates", default=[]) or []:
            storage_class = claim_storage_class(template, classes) if isinstance(template, dict) else None
            if storage_class is not None and is_ebs(storage_class):
                out.append(statefulset)
                break
    return out


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    autoscalers = [words for _workload, _container, words in autoscaler_containers(inventory)]
    if not autoscalers:
        return
    statefulsets = _ebs_statefulsets(inventory)
    if not statefulsets:
        return
    names = ", ".join(statefulset.display() for statefulset in statefulsets[:3])
    if len(statefulsets) > 3:
        names += f" and {len(statefulsets) - 3} more"
    verb = "uses" if len(statefulsets) == 1 else "use"
    for group, _managed in cluster_asgs(inventory):
        zones = sorted(str(zone) for zone in group.get("AvailabilityZones") or [])
        if len(zones) < 2 or not any(autoscaler_manages(group, words) for words in autoscalers):
            continue
        nodegroup = tag_map(group.get("Tags")).get("eks:nodegroup-name")
        what = (
            f"node group {nodegroup}"
            if nodegroup
            else f"Auto Scaling group {group.get('AutoScalingGroupName')}"
        )
        yield Finding(
            target=asg_target(group),
            message=f"cluster-autoscaler scales {what} across {len(zones)} zones ({', '.join(zones)}) while "
            f"{names} {verb} zonal EBS volumes, so a scale-up can land in the wrong zone and the pod stays "
            "Pending: use one node group per zone with --balance-similar-node-groups=true",
            path=("AvailabilityZones",),
        )
