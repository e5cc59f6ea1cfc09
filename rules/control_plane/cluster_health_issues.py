"""EKS reports health issues on the cluster.

## What it checks
Each entry of `cluster.health.issues[]` (DescribeCluster), reported with its
code, message and the resources it names. Codes include `IamRoleNotFound`,
`AccessDenied`, `VpcNotFound`, `Ec2SubnetNotFound`,
`Ec2SecurityGroupNotFound`, `InsufficientFreeAddresses`, `KmsKeyDisabled`,
`KmsKeyNotFound`, `KmsKeyMarkedForDeletion`, `KmsGrantRevoked` and
`StsRegionalEndpointDisabled`.

## Why it matters on EKS
A health issue means EKS cannot manage the control plane as it should: it
cannot create the ENIs it needs for an update, reach the cluster role, or
use the secrets encryption key. Cluster version updates fail until the issue
is fixed, and some (a deleted VPC or KMS key) cannot be recovered at all.

## How to fix
Follow the issue's message: restore the cluster IAM role or its trust
policy, free addresses in the cluster subnets, re-enable the KMS key, and so
on. The issue clears by itself once EKS sees the cause fixed.

## Example
`KmsKeyDisabled: The KMS key ... is disabled` -> `aws kms enable-key --key-id ...`

Source: https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html
(cluster health status); issue codes from the EKS API model (ClusterIssueCode).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target, health_issues
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS405",
    name="cluster-health-issues",
    severity="error",
    summary="DescribeCluster reports health issues that block control plane management and updates.",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    for index, what, message in health_issues(cluster):
        yield Finding(
            target=cluster_target(cluster),
            message=f"EKS reports {what}: {message}; fix the cause "
            "before the next cluster update, which fails while the issue stands",
            path=("health", "issues", index),
        )
