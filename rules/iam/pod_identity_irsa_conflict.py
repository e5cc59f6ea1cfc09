"""A service account has a Pod Identity association and also the IRSA role annotation.

## What it checks
Each Pod Identity association whose ServiceAccount (same namespace and name)
is in the input with a non-empty `eks.amazonaws.com/role-arn` annotation.

## Why it matters on EKS
EKS injects both sets of variables into the pods: the IRSA web identity token
(`AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE`) and the Pod Identity endpoint
(`AWS_CONTAINER_CREDENTIALS_FULL_URI`). The AWS SDKs' default credential chain
tries the web identity provider before the container provider, so the pods
run with the IRSA role and the association does nothing: a permission granted
through the association (or removed from the IRSA role during a migration)
behaves differently from what the team expects.

## How to fix
Finish the migration: remove the `eks.amazonaws.com/role-arn` annotation (and
restart the pods) to use Pod Identity, or delete the association to stay on
IRSA.

## Example
`kubectl annotate serviceaccount -n payments api eks.amazonaws.com/role-arn-`

Sources: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
(credential provider chain: web identity before the container provider);
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-configure-pods.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS810",
    name="pod-identity-irsa-conflict",
    severity="warning",
    summary="A ServiceAccount has both a Pod Identity association and an IRSA role annotation.",
    needs=("pod_identity_associations",),
    kinds=("ServiceAccount",),
    source="https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for association in inventory.part("pod_identity_associations") or []:
        if not isinstance(association, dict):
            continue
        namespace, name = association.get("namespace"), association.get("serviceAccount")
        if not namespace or not name:
            continue
        account = inventory.find("ServiceAccount", str(namespace), str(name))
        if account is None:
            continue
        irsa_role = str(account.annotations.get(iam.ROLE_ANNOTATION) or "").strip()
        if not irsa_role:
            continue
        yield account.finding(
            f"ServiceAccount {namespace}/{name} has a Pod Identity association (role "
            f"{association.get('roleArn')}) and the IRSA annotation (role {irsa_role}); the SDKs take "
            "the web identity token first, so its pods run as the IRSA role and the association is "
            "unused: remove the annotation or the association",
            ("metadata", "annotations", iam.ROLE_ANNOTATION),
        )
