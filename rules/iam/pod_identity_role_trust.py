"""The IAM role of a Pod Identity association does not trust pods.eks.amazonaws.com.

## What it checks
For each Pod Identity association, the trust policy of its role (`roleArn`,
read with `iam:GetRole`) must let the service principal
`pods.eks.amazonaws.com` call `sts:AssumeRole` and `sts:TagSession`
(`sts:AssumeRole` alone when the association sets `disableSessionTags`).
A role that could not be read is not judged. Conditions on keys eks-lint
cannot see offline (`aws:RequestTag/kubernetes-namespace`, `aws:SourceAccount`,
...) count as met, so only a trust policy that can never admit Pod Identity
is reported.

## Why it matters on EKS
The EKS Auth service assumes the role with `AssumeRole`, tagging the session
with the cluster, namespace and service account. A role written for IRSA
(trusting an OIDC provider) or one missing `sts:TagSession` is refused, and
every pod of the service account gets no AWS credentials.

## How to fix
Add a statement to the role's trust policy.

## Example
```json
{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
 "Action": ["sts:AssumeRole", "sts:TagSession"]}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS811",
    name="pod-identity-role-trust",
    severity="error",
    summary="A Pod Identity role does not trust pods.eks.amazonaws.com with AssumeRole and TagSession.",
    needs=("pod_identity_associations", "iam_roles"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
)

SERVICE = "pods.eks.amazonaws.com"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    roles = iam.role_index(inventory.part("iam_roles"))
    reported: set[tuple[str, str]] = set()
    for association in inventory.part("pod_identity_associations") or []:
        if not isinstance(association, dict):
            continue
        arn = association.get("roleArn")
        key = iam.role_key(arn)
        role = roles.get(key) if key else None
        if role is None:
            continue
        actions = iam.pod_identity_trust_actions(association)
        missing = iam.service_actions_missing(role.get("AssumeRolePolicyDocument"), SERVICE, actions)
        if not missing or (key in reported):
            continue
        reported.add(key)
        users = [
            f"{a.get('namespace')}/{a.get('serviceAccount')}"
            for a in inventory.part("pod_identity_associations") or []
            if isinstance(a, dict) and iam.role_key(a.get("roleArn")) == key
        ]
        yield Finding(
            target=iam.role_resource(role, str(arn)),
            message=(
                f"role {role.get('RoleName')}, used by the Pod Identity association of "
                f"{', '.join(users)}, does not let {SERVICE} call {' and '.join(missing)}, so those pods "
                f"get no AWS credentials: allow {SERVICE} {' and '.join(actions)} in its trust policy"
            ),
            path=("AssumeRolePolicyDocument",),
        )
