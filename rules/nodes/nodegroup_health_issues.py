"""EKS reports health issues on a managed node group.

## What it checks
Each entry of `nodegroup.health.issues[]` (DescribeNodegroup), reported
with its code, message and the resources it names: `NodeCreationFailure`,
`AsgInstanceLaunchFailures`, `InsufficientFreeAddresses`,
`Ec2LaunchTemplateNotFound`, `Ec2LaunchTemplateVersionMismatch`,
`IamNodeRoleNotFound`, `AccessDenied`, `PodEvictionFailure` and the other
codes of the EKS API.

## Why it matters on EKS
A node group with health issues cannot scale or be updated: new nodes fail
to launch or to join, and version or AMI updates fail. Some causes (a
deleted launch template, Auto Scaling group or node role) need the node
group to be recreated.

## How to fix
Follow the issue's message. `Ec2LaunchTemplateVersionMismatch` means the
Auto Scaling group was edited outside EKS; `NodeCreationFailure` usually
means nodes cannot reach the API server or are not mapped in aws-auth /
access entries; `InsufficientFreeAddresses` means the subnets are full.

## Example
`AsgInstanceLaunchFailures: Could not launch Spot Instances ... (i-0abc...)`

Source: https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html
(managed node group errors); codes from the EKS API model (NodegroupIssueCode).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import health_issues, items, nodegroup_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS501",
    name="nodegroup-health-issues",
    severity="error",
    summary="DescribeNodegroup reports health issues: the node group cannot scale or update.",
    needs=("nodegroups",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for nodegroup in items(inventory, "nodegroups"):
        for index, what, message in health_issues(nodegroup):
            yield Finding(
                target=nodegroup_target(nodegroup),
                message=f"EKS reports {what}: {message}; the node group "
                "cannot scale or update until the cause is fixed",
                path=("health", "issues", index),
            )
