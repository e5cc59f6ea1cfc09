"""The cluster IAM role of an EKS Auto Mode cluster does not let EKS tag its sessions.

## What it checks
On a cluster with Auto Mode compute on (`computeConfig.enabled`), the trust
policy of the cluster role (`cluster.roleArn`, read with `iam:GetRole`) must
let the service principal `eks.amazonaws.com` call both `sts:AssumeRole` and
`sts:TagSession`. A role of another account, or one that could not be read,
is not judged. Conditions on keys eks-lint cannot see offline
(`aws:SourceAccount`, ...) count as met.

## Why it matters on EKS
Auto Mode manages EC2 instances, EBS volumes and load balancers with the
cluster role, and AWS documents its trust policy as allowing `eks.amazonaws.com`
both `sts:AssumeRole` and `sts:TagSession`. A role created for a cluster
without Auto Mode (the classic trust policy allows `sts:AssumeRole` only)
lacks `sts:TagSession`, and Auto Mode cannot work with it.

## How to fix
Add `sts:TagSession` next to `sts:AssumeRole` in the role's trust policy, and
attach the policies Auto Mode needs (`AmazonEKSComputePolicy`,
`AmazonEKSBlockStoragePolicy`, `AmazonEKSLoadBalancingPolicy`,
`AmazonEKSNetworkingPolicy`, `AmazonEKSClusterPolicy`).

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"},
 "Action": ["sts:AssumeRole", "sts:TagSession"]}
```

The managed policies themselves are not checked: `iam:GetRole` does not list
a role's attached policies, and equivalent custom policies are allowed.
Source: https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.automode import compute_enabled
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS800",
    name="auto-mode-cluster-role-trust",
    severity="error",
    summary="The cluster role of an Auto Mode cluster does not trust eks.amazonaws.com with sts:TagSession.",
    needs=("cluster", "iam_roles"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html",
)

ACTIONS = ("sts:AssumeRole", "sts:TagSession")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not compute_enabled(cluster):
        return
    arn = cluster.get("roleArn")
    role = iam.role_index(inventory.part("iam_roles")).get(iam.role_key(arn) or ("", ""))
    if role is None:
        return  # another account's role, or not readable: nothing to judge
    missing = iam.service_actions_missing(role.get("AssumeRolePolicyDocument"), "eks.amazonaws.com", ACTIONS)
    if not missing:
        return
    yield Finding(
        target=iam.role_resource(role, str(arn)),
        message=(
            f"cluster {cluster.get('name')} runs EKS Auto Mode but its cluster role "
            f"{role.get('RoleName')} does not let eks.amazonaws.com call {' and '.join(missing)}: "
            "allow sts:AssumeRole and sts:TagSession in the role's trust policy"
        ),
        path=("AssumeRolePolicyDocument",),
    )
