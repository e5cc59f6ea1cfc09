"""The cluster's OIDC issuer has no IAM OIDC provider, so no IRSA role can be assumed.

## What it checks
When a ServiceAccount carries `eks.amazonaws.com/role-arn` or an EKS add-on has
a `serviceAccountRoleArn` (so something uses IRSA), the account's IAM OIDC
providers (`oidc_providers`, from `iam:GetOpenIDConnectProvider`) must include
one whose `Url` is the cluster's issuer (`cluster.identity.oidc.issuer`
without `https://`), and its `ClientIDList` must contain the audience the
tokens carry: `sts.amazonaws.com`, or the value of a ServiceAccount's
`eks.amazonaws.com/audience` annotation. Only roles in the cluster's account
are covered: a provider in another account is not in the snapshot. A cluster
where nothing uses IRSA is not reported, nor one whose provider could not be
read (an `iam:GetOpenIDConnectProvider` error other than NoSuchEntity).

A cluster not created yet (an eksctl ClusterConfig) has no issuer: it is
reported only when its input states that no provider will exist (eksctl
`iam.withOIDC: false`, an empty `oidc_providers`), since a provider for an
issuer that does not exist yet cannot exist either.

## Why it matters on EKS
STS checks the web identity token against the IAM OIDC provider of the role's
account. Without the provider (a new or re-created cluster, a provider deleted
with an old cluster that had the same issuer) or without the client ID, every
`AssumeRoleWithWebIdentity` call fails with `InvalidIdentityToken` and the
workloads get no AWS credentials.

## How to fix
Create the provider: `eksctl utils associate-iam-oidc-provider --cluster NAME
--approve`, or `aws iam create-open-id-connect-provider --url ISSUER
--client-id-list sts.amazonaws.com`. Add a missing client ID with
`aws iam add-client-id-to-open-id-connect-provider`.

## Example
Issuer `https://oidc.eks.eu-west-1.amazonaws.com/id/5C6A...` needs
`arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C6A...`
with client ID `sts.amazonaws.com`.

Threshold: any IRSA user and no matching provider (error). Sources:
https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html;
aws/amazon-eks-pod-identity-webhook README (EKS walkthrough, step 1).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS103",
    name="irsa-oidc-provider-missing",
    severity="error",
    summary="IRSA is used but the OIDC issuer has no IAM OIDC provider, or it lacks the client ID.",
    needs=("cluster", "oidc_providers"),
    wants=("kubernetes", "addons"),
    kinds=("ServiceAccount",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    identity = iam.cluster_identity(inventory)
    if identity is None:
        yield from _before_creation(inventory)
        return
    host, account, partition = identity
    users = [u for u in iam.irsa_users(inventory) if (iam.role_key(u.role_arn) or ("", ""))[0] == account]
    if not users:
        return
    expected = iam.oidc_provider_arn(host, account, partition)
    provider = None
    for candidate in inventory.part("oidc_providers") or []:
        if not isinstance(candidate, dict):
            continue
        url = iam.issuer_host(candidate.get("Url")) or iam.provider_host(candidate.get("Arn")) or ""
        if url.lower() == host.lower():
            provider = candidate
            break
    names = _names(users)
    if provider is None and _unreadable(inventory, host):
        return  # listed but GetOpenIDConnectProvider failed: not known to be missing
    if provider is None:
        yield Finding(
            target=iam.cluster_resource(inventory),
            message=(
                f"no IAM OIDC provider for the cluster's issuer {host} in account {account}, so "
                f"{names} cannot assume their roles: create {expected} with client ID "
                f"{iam.DEFAULT_AUDIENCE}"
            ),
            path=("identity", "oidc", "issuer"),
        )
        return
    client_ids = {str(c) for c in provider.get("ClientIDList") or []}
    audiences: dict[str, list[iam.IrsaUser]] = {}
    for user in users:
        audiences.setdefault(user.audience, []).append(user)
    for audience, holders in sorted(audiences.items()):
        if audience in client_ids:
            continue
        listed = (
            f"lists client IDs {', '.join(sorted(client_ids))}, not {audience}"
            if client_ids
            else ("lists no client IDs")
        )
        yield Finding(
            target=iam.cluster_resource(inventory),
            message=(
                f"the IAM OIDC provider {provider.get('Arn') or expected} {listed}, so {_names(holders)} "
                f"cannot assume their roles: add client ID {audience}"
            ),
            path=("identity", "oidc", "issuer"),
        )


def _before_creation(inventory: Inventory) -> Iterator[Finding]:
    """No issuer yet: only a stated "no provider" ([]) strands the IRSA users."""
    if inventory.part("oidc_providers") != [] or not inventory.cluster:
        return
    users = iam.irsa_users(inventory)
    if users:
        yield Finding(
            target=iam.cluster_resource(inventory),
            message=(
                f"no IAM OIDC provider will be created for the cluster's issuer, so {_names(users)} "
                "cannot assume their roles: create it with the cluster (eksctl: iam.withOIDC: true) "
                f"with client ID {iam.DEFAULT_AUDIENCE}"
            ),
            path=("identity", "oidc", "issuer"),
        )


def _unreadable(inventory: Inventory, host: str) -> bool:
    for error in inventory.errors:
        operation = str(error.get("operation") or "")
        if operation == "iam:ListOpenIDConnectProviders":
            return True
        if operation == "iam:GetOpenIDConnectProvider" and error.get("code") != "NoSuchEntity":
            target = str(error.get("target") or "").lower()
            if not target or target.endswith(host.lower()):
                return True
    return False


def _names(users: list[iam.IrsaUser]) -> str:
    labels = [u.label for u in users]
    shown = ", ".join(labels[:3])
    return shown + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
