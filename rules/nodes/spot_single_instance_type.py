"""A Spot managed node group can launch only one instance type.

## What it checks
A node group with `capacityType: SPOT` whose `instanceTypes` has fewer than
`min-instance-types` entries (default 2). When `instanceTypes` is empty,
the instance type comes from the launch template
(`LaunchTemplateData.InstanceType`, one type) and the group is reported if
that version is in the `launch_template_versions` part.

## Why it matters on EKS
Spot capacity is reclaimed and exhausted per instance type and zone. With
one type, one capacity pool running dry interrupts every node of the group
at once and new nodes cannot launch (`AsgInstanceLaunchFailures`), so the
group's pods go Pending. EKS uses the capacity-optimized allocation
strategy across the types you give it; one type gives it nothing to choose.

## How to fix
List several instance types of the same size (vCPU and memory) in
`instanceTypes`, for example `m5.large, m5a.large, m6i.large, m6a.large`.

## Example
`aws eks create-nodegroup ... --capacity-type SPOT --instance-types m5.large m5a.large m6i.large m6a.large`

Source: https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html
(Spot capacity: configure multiple instance types);
https://repost.aws/knowledge-center/eks-spot-instance-best-practices (add multiple
instance types: a type without Spot capacity in any zone leaves the group degraded).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items, nodegroup_target, resolve_version, template_versions
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS504",
    name="spot-single-instance-type",
    severity="warning",
    summary="A Spot managed node group is limited to a single instance type.",
    needs=("nodegroups",),
    wants=("launch_template_versions",),
    options={"min-instance-types": 2},
    source="https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    minimum = options["min-instance-types"]
    for nodegroup in items(inventory, "nodegroups"):
        if nodegroup.get("capacityType") != "SPOT":
            continue
        types = [str(kind) for kind in nodegroup.get("instanceTypes") or []]
        path: tuple = ("instanceTypes",)
        if not types:
            spec = nodegroup.get("launchTemplate")
            if not isinstance(spec, dict):
                continue
            entry = resolve_version(
                template_versions(inventory, spec.get("id"), spec.get("name")), spec.get("version")
            )
            data = entry.get("LaunchTemplateData") if entry else None
            if not isinstance(data, dict) or not data.get("InstanceType"):
                continue
            types = [str(data["InstanceType"])]
            path = ("launchTemplate",)
        if len(types) >= minimum:
            continue
        yield Finding(
            target=nodegroup_target(nodegroup),
            message=f"Spot node group {nodegroup.get('nodegroupName')} can launch only "
            f"{', '.join(types)}, so one Spot capacity pool running dry interrupts all its nodes and "
            "blocks new ones: list at least "
            f"{max(minimum, 2)} instance types of the same size",
            path=path,
        )
