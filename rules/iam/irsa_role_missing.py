"""A service account (or add-on, or Pod Identity association) points at an IAM role that does not exist.

## What it checks
The role named by a ServiceAccount's `eks.amazonaws.com/role-arn`, an EKS
add-on's `serviceAccountRoleArn` or a Pod Identity association's `roleArn`,
for which the collector's `iam:GetRole` call answered `NoSuchEntity` (an
entry `{"operation": "iam:GetRole", "target": "<role ARN>", "code":
"NoSuchEntity"}` in the snapshot's `errors`; a bare role name as the target
matches that name in any account). A role that could not be read
for another reason (AccessDenied, a role in another account) is not
reported: eks-lint does not know that it is missing.

## Why it matters on EKS
The pod identity webhook injects the role ARN whether or not the role
exists; the SDK's `AssumeRoleWithWebIdentity` call then fails, and depending
on the SDK the application either errors out or silently falls back to the
node's instance role. Typical causes: a typo in the ARN, a role deleted with
an old stack, a role created in another account.

## How to fix
Create the role (with a trust policy for this cluster's OIDC provider and
service account), or point the annotation at the right one and restart the
pods.

## Example
`ServiceAccount payments/api: role arn:aws:iam::111122223333:role/payments-api does not exist`

Threshold: `iam:GetRole` answered NoSuchEntity (error). Sources:
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html (NoSuchEntity);
aws/amazon-eks-pod-identity-webhook README.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS106",
    name="irsa-role-missing",
    severity="error",
    summary="The IAM role a service account, add-on or Pod Identity association names does not exist.",
    needs=("iam_roles",),
    wants=("kubernetes", "addons", "pod_identity_associations"),
    kinds=("ServiceAccount",),
    source="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    missing = _missing_roles(inventory)
    if not missing:
        return
    present = iam.role_index(inventory.part("iam_roles"))
    for user in iam.irsa_users(inventory):
        key = iam.role_key(user.role_arn)
        if not _is_missing(key, missing) or key in present:
            continue
        message = f"role {user.role_arn} does not exist (iam:GetRole: NoSuchEntity), so {user.label} "
        message += "gets no AWS credentials: create the role or fix the ARN"
        if user.obj is not None:
            yield user.obj.finding(message, ("metadata", "annotations", iam.ROLE_ANNOTATION))
        else:
            addon = user.addon or {}
            yield Finding(
                target=aws("addon", str(addon.get("addonName")), addon.get("addonArn")),
                message=message,
                path=("serviceAccountRoleArn",),
            )
    for association in inventory.part("pod_identity_associations") or []:
        if not isinstance(association, dict):
            continue
        key = iam.role_key(association.get("roleArn"))
        if not _is_missing(key, missing) or key in present:
            continue
        who = f"{association.get('namespace')}/{association.get('serviceAccount')}"
        yield Finding(
            target=aws(
                "pod-identity-association",
                str(association.get("associationId") or who),
                association.get("associationArn"),
            ),
            message=(
                f"role {association.get('roleArn')} does not exist (iam:GetRole: NoSuchEntity), so the Pod "
                f"Identity association for {who} gives its pods no credentials: create the role or "
                "update the association"
            ),
            path=("roleArn",),
        )


def _missing_roles(inventory: Inventory) -> set[tuple[str, str]]:
    found = set()
    for error in inventory.errors:
        if error.get("operation") != "iam:GetRole" or error.get("code") != "NoSuchEntity":
            continue
        target = str(error.get("target") or "")
        key = iam.role_key(target)
        if key:
            found.add(key)
        elif target and ":" not in target:
            found.add(("*", target.rsplit("/", 1)[-1]))  # a bare role name: any account
    return found


def _is_missing(key: tuple[str, str] | None, missing: set[tuple[str, str]]) -> bool:
    return key is not None and (key in missing or ("*", key[1]) in missing)
