"""The IAM role of an EKS Capability does not trust capabilities.eks.amazonaws.com.

## What it checks
For each EKS Capability (`capabilities`, DescribeCapability), the trust
policy of its capability role (`roleArn`, read with `iam:GetRole`) must let
the service principal `capabilities.eks.amazonaws.com` call `sts:AssumeRole`
and `sts:TagSession`. A role that could not be read is not judged;
conditions on keys eks-lint cannot see offline (`aws:SourceAccount`, ...)
count as met.

## Why it matters on EKS
A capability (managed Argo CD, ACK, kro) runs in AWS's account and acts on
the cluster and on AWS only through its capability role. AWS documents the
trust policy every capability role must include; without it the capability
cannot assume the role, and it stops syncing, reconciling or expanding (it
reports `AccessDenied`, see `capability-unhealthy`).

## How to fix
Put the documented statement in the role's trust policy.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "capabilities.eks.amazonaws.com"},
 "Action": ["sts:AssumeRole", "sts:TagSession"]}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html
("Trust policy for capability roles").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS822",
    name="capability-role-trust",
    severity="error",
    summary="A capability role does not trust capabilities.eks.amazonaws.com with AssumeRole and TagSession.",
    needs=("capabilities", "iam_roles"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/capability-role.html",
)

SERVICE = "capabilities.eks.amazonaws.com"
ACTIONS = ("sts:AssumeRole", "sts:TagSession")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    roles = iam.role_index(inventory.part("iam_roles"))
    users: dict[tuple[str, str], list[str]] = {}
    for capability in items(inventory, "capabilities"):
        key = iam.role_key(capability.get("roleArn"))
        if key is not None:
            users.setdefault(key, []).append(str(capability.get("capabilityName")))
    for key, names in users.items():
        role = roles.get(key)
        if role is None:
            continue
        missing = iam.service_actions_missing(role.get("AssumeRolePolicyDocument"), SERVICE, ACTIONS)
        if not missing:
            continue
        yield Finding(
            target=iam.role_resource(role, str(role.get("Arn"))),
            message=(
                f"role {role.get('RoleName')}, the capability role of {', '.join(names)}, does not let "
                f"{SERVICE} call {' and '.join(missing)}, so the capability cannot act: allow {SERVICE} "
                "sts:AssumeRole and sts:TagSession in its trust policy"
            ),
            path=("AssumeRolePolicyDocument",),
        )
