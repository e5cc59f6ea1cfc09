"""The target role of a Pod Identity association does not trust the association's role.

## What it checks
For each Pod Identity association with a `targetRoleArn` whose role is in the
input (`iam_roles`: a target in the cluster's own account read with
`iam:GetRole`, or a role a snapshot or Terraform plan states), the target's
trust policy must let the association's role (`roleArn`) call
`sts:AssumeRole`, and `sts:TagSession` unless the association sets
`disableSessionTags`. The role is admitted when a statement's `AWS`
principal is `*`, the role's ARN or its account (`arn:aws:iam::ACCOUNT:root`).
A condition on `sts:ExternalId` is judged against the association's
`externalId`; any other condition key counts as met. A target role in another
account is usually not readable (`iam:GetRole` reads the caller's account
only) and is then not judged.

## Why it matters on EKS
With a target role, EKS Pod Identity assumes the association's role and then,
with those credentials, the target role (role chaining), passing session tags
(or, with session tags disabled, an external ID naming the cluster,
namespace and service account). A target whose trust does not admit the
first role refuses the second step, and the pods get no credentials for the
target account.

## How to fix
In the target role's trust policy, allow the association's role (or its
account, narrowed with `aws:PrincipalARN`) `sts:AssumeRole` and
`sts:TagSession`; the association's role also needs permission to assume the
target.

## Example
```json
{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
 "Action": ["sts:AssumeRole", "sts:TagSession"],
 "Condition": {"ArnEquals": {"aws:PrincipalARN": "arn:aws:iam::111122223333:role/pod-identity"}}}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS813",
    name="pod-identity-target-role-trust",
    severity="error",
    summary="A Pod Identity target role does not trust the association's role with AssumeRole/TagSession.",
    needs=("pod_identity_associations", "iam_roles"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    roles = iam.role_index(inventory.part("iam_roles"))
    for association in items(inventory, "pod_identity_associations"):
        target_arn, role_arn = association.get("targetRoleArn"), association.get("roleArn")
        key = iam.role_key(target_arn)
        target = roles.get(key) if key else None
        if target is None or iam.role_key(role_arn) is None:
            continue
        actions = iam.pod_identity_trust_actions(association)
        context = {"sts:ExternalId": str(association["externalId"])} if association.get("externalId") else {}
        missing = iam.role_actions_missing(
            target.get("AssumeRolePolicyDocument"), str(role_arn), actions, context
        )
        if not missing:
            continue
        who = f"{association.get('namespace')}/{association.get('serviceAccount')}"
        document = target.get("AssumeRolePolicyDocument")
        if context and len(iam.role_actions_missing(document, str(role_arn), actions)) < len(missing):
            # admitted but for the external ID: say which one EKS sends
            missing = [f"{missing[0]} with sts:ExternalId {context['sts:ExternalId']}", *missing[1:]]
        yield Finding(
            target=iam.role_resource(target, str(target_arn)),
            message=(
                f"target role {target.get('RoleName')} of the Pod Identity association of {who} does not let "
                f"{role_arn} call {' and '.join(missing)}, so those pods get no credentials for it: allow "
                f"that role {' and '.join(actions)} in the target's trust policy"
            ),
            path=("AssumeRolePolicyDocument",),
        )
