"""An IRSA role whose trust policy does not let its service account in.

## What it checks
For every ServiceAccount annotated with `eks.amazonaws.com/role-arn` (and
every EKS add-on with a `serviceAccountRoleArn`) whose role is in the
snapshot (`iam_roles`, `iam:GetRole`), the role's `AssumeRolePolicyDocument`
must have an `Allow` statement with:

- `Principal.Federated` = this cluster's OIDC provider in the role's account
  (`arn:aws:iam::<account>:oidc-provider/<issuer without https://>`);
- an `Action` that matches `sts:AssumeRoleWithWebIdentity` (`sts:*` counts);
- conditions that admit `<issuer>:sub` = `system:serviceaccount:NS:NAME`
  (`StringEquals`, or `StringLike` with `*` and `?`) and, when there is an
  `<issuer>:aud` condition, the token's audience (`sts.amazonaws.com`, or the
  ServiceAccount's `eks.amazonaws.com/audience`).

The message names the part that fails: a provider or condition keys of
another (or a re-created) cluster's issuer, a `sub` for another service
account, a wrong action, a wrong audience. Conditions on keys that cannot be
known offline (`aws:SourceIp`, ...) are taken as satisfied. Roles that
`iam:GetRole` could not read are skipped. An add-on whose service account is
not in the eks-lint table is checked for everything but `sub`.

## Why it matters on EKS
STS evaluates the trust policy on every credential refresh; if it does not
admit the token, `AssumeRoleWithWebIdentity` fails with AccessDenied and the
pod has no AWS credentials. Roles copied from another cluster, or kept across
a blue/green cluster replacement, still name the old issuer ID and stop
working silently.

## How to fix
Edit the role's trust policy (`aws iam update-assume-role-policy`) so one
statement names this cluster's provider, the web-identity action and this
service account, as below; for a blue/green cluster move, add a statement
for the new issuer before moving the workloads.

## Example
```json
{"Effect": "Allow",
 "Principal": {"Federated":
   "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C6A..."},
 "Action": "sts:AssumeRoleWithWebIdentity",
 "Condition": {"StringEquals": {
   "oidc.eks.eu-west-1.amazonaws.com/id/5C6A...:sub": "system:serviceaccount:payments:api",
   "oidc.eks.eu-west-1.amazonaws.com/id/5C6A...:aud": "sts.amazonaws.com"}}}
```

Threshold: no statement admits the service account (error). Sources:
https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html;
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(blue/green note on IRSA trust policies); IAM condition semantics:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS104",
    name="irsa-trust-policy-mismatch",
    severity="error",
    summary="An IRSA role's trust policy does not admit the service account that uses it.",
    needs=("cluster", "iam_roles"),
    wants=("kubernetes", "addons"),
    kinds=("ServiceAccount",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    identity = iam.cluster_identity(inventory)
    if identity is None:
        return
    host, _, partition = identity
    roles = iam.role_index(inventory.part("iam_roles"))
    for user in iam.irsa_users(inventory):
        key = iam.role_key(user.role_arn)
        role = roles.get(key) if key else None
        if role is None:
            continue  # unreadable or missing: irsa-role-missing's business
        provider = iam.oidc_provider_arn(host, key[0], iam.parse_arn(user.role_arn).partition or partition)
        document = role.get("AssumeRolePolicyDocument")
        sub = user.sub
        if sub is None:
            verdict = _without_sub(document, provider, user.audience)
        else:
            verdict = iam.check_web_identity(document, provider, sub, user.audience)
        if verdict.admitted:
            continue
        who = sub or f"add-on {user.addon.get('addonName') if user.addon else ''}"
        message = (
            f"role {role.get('RoleName')} does not let {who} in: {verdict.reason}; "
            f"AssumeRoleWithWebIdentity fails: {_fix(verdict.part, provider, host, sub, user.audience)}"
        )
        if user.obj is not None:
            yield user.obj.finding(message, ("metadata", "annotations", iam.ROLE_ANNOTATION))
        else:
            yield Finding(
                target=iam.role_resource(role, user.role_arn),
                message=f"add-on {user.addon.get('addonName')}: " + message,
                path=("AssumeRolePolicyDocument",),
            )


def _without_sub(document: object, provider: str, audience: str) -> iam.TrustVerdict:
    """For an add-on whose service account is unknown: principal, action and aud only."""
    host = iam.provider_host(provider) or ""
    for index, statement in iam.statements(document):
        if not iam.is_web_identity_statement(statement):
            continue
        principals = iam.federated_principals(statement)
        if principals is not None and not any(p.lower() == provider.lower() for p in principals):
            continue
        context = {f"{host.lower()}:aud": audience}
        aud = [t for t in iam.condition_terms(statement) if t.key.lower() == f"{host.lower()}:aud"]
        if all(iam.term_holds(t, context) is not False for t in aud):
            return iam.TrustVerdict(True, "", index, "")
    verdict = iam.check_web_identity(document, provider, "system:serviceaccount:-:-", audience)
    if verdict.part in ("principal", "action", "none"):
        return verdict
    return iam.TrustVerdict(False, f"no statement for {provider} admits audience {audience}", None, "aud")


def _fix(part: str, provider: str, host: str, sub: str | None, audience: str) -> str:
    if part == "principal":
        return f"set Principal.Federated to {provider} and key the conditions on {host}"
    if part == "action":
        return f"allow {iam.WEB_IDENTITY_ACTION}"
    if part == "aud":
        return f"require {host}:aud = {audience}"
    if part == "sub" and sub:
        return f"add {sub} to the {host}:sub condition"
    return f"add a statement for {provider} with {iam.WEB_IDENTITY_ACTION} and {host}:sub = {sub}"
