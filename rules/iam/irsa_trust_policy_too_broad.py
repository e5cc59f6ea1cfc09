"""An IRSA trust policy that lets every service account of a namespace, or of the cluster, in.

## What it checks
Every role in the snapshot (`iam_roles`) with an `Allow` statement for
`sts:AssumeRoleWithWebIdentity` from an EKS OIDC provider
(`oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`), or from `"*"`:

- no `<issuer>:sub` condition at all: any service account of that cluster
  can assume the role (an `:aud` condition does not help: every projected
  token has audience `sts.amazonaws.com`);
- a `:sub` condition whose wildcard (`StringLike` with `*` or `?`) admits
  every service account of a namespace (`system:serviceaccount:apps:*`) or
  of any namespace (`system:serviceaccount:*`).

A wildcard that still pins a name prefix (`system:serviceaccount:apps:api-*`)
is not reported. The test is done with the trust-policy evaluator, so a
wildcard narrowed by a second condition on the same key is not reported
either.

## Why it matters on EKS
Anyone who can create a pod (or a ServiceAccount) in that namespace, or
anywhere in the cluster, gets the role's permissions. Kubernetes RBAC then
decides who can reach your AWS account.

## How to fix
Use `StringEquals` on `<issuer>:sub` with the exact
`system:serviceaccount:NS:NAME` of each service account that needs the role.

## Example
```json
"Condition": {"StringEquals": {
  "oidc.eks.eu-west-1.amazonaws.com/id/5C6A...:sub": "system:serviceaccount:payments:api",
  "oidc.eks.eu-west-1.amazonaws.com/id/5C6A...:aud": "sts.amazonaws.com"}}
```

Threshold: a wildcard or missing `:sub` admitting every service account of a
namespace (warning). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Scope the IAM Role trust policy for IRSA Roles to the service account name);
https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS105",
    name="irsa-trust-policy-too-broad",
    severity="warning",
    summary="An IRSA trust policy admits every service account of a namespace or of the cluster.",
    needs=("iam_roles",),
    wants=("cluster", "kubernetes"),
    kinds=("ServiceAccount",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    identity = iam.cluster_identity(inventory)
    cluster_host = identity[0] if identity else None
    used_in: dict[tuple[str, str], list[str]] = {}
    for user in iam.irsa_users(inventory):
        key = iam.role_key(user.role_arn)
        if key and user.namespace:
            used_in.setdefault(key, []).append(user.namespace)
    for role in inventory.part("iam_roles") or []:
        if not isinstance(role, dict):
            continue
        key = iam.role_key(role.get("Arn"))
        for index, statement in iam.statements(role.get("AssumeRolePolicyDocument")):
            if not iam.is_web_identity_statement(statement):
                continue
            problem = _breadth(statement, cluster_host, used_in.get(key, []) if key else [])
            if problem:
                yield Finding(
                    target=iam.role_resource(role, str(role.get("Arn"))),
                    message=(
                        f"statement {index} of role {role.get('RoleName')}'s trust policy {problem}: "
                        "anyone who can run a pod there gets the role; require StringEquals on :sub with "
                        "the exact system:serviceaccount:NS:NAME"
                    ),
                    path=("AssumeRolePolicyDocument", "Statement", index, "Condition"),
                )


def _breadth(statement: dict, cluster_host: str | None, namespaces: list[str]) -> str | None:
    principals = iam.federated_principals(statement)
    if principals is None:
        hosts = [cluster_host] if cluster_host else []
        anyone = True
    else:
        hosts = [h for h in (iam.provider_host(p) for p in principals) if iam.is_eks_issuer(h)]
        anyone = False
    sub_keys = [t.key.lower() for t in iam.condition_terms(statement) if t.key.lower().endswith(":sub")]
    for host in hosts:
        assert host is not None
        own = f"{host.lower()}:sub"
        who = 'Principal "*"' if anyone else host
        if own not in sub_keys:
            if sub_keys:
                continue  # keyed on another issuer: the statement never applies (a mismatch, not breadth)
            return f"trusts {who} with no :sub condition, so every service account of the cluster is admitted"
        if iam.admits_many(statement, host, None):
            return f"admits every service account of every namespace through {host}"
        for namespace in dict.fromkeys([*iam.namespaces_named(statement), *namespaces]):
            if iam.admits_many(statement, host, namespace):
                return f"admits every service account of namespace {namespace} through {host}"
    return None
