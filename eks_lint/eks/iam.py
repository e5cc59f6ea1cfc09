"""IAM helpers shared by the identity rules: ARNs, OIDC providers, trust policies.

The trust-policy evaluator answers one question the IRSA rules all ask:
"does this role let service account NS/NAME of this cluster in through
``sts:AssumeRoleWithWebIdentity``, and if not, which part is wrong?". It
follows the IAM policy language where it matters for web identity:

- only ``Effect: Allow`` statements grant; ``Principal`` may be ``"*"`` or a
  mapping whose ``Federated`` is a string or a list; ``Action``/``NotAction``
  are strings or lists with ``*``/``?`` wildcards, case-insensitive;
- condition operators ``StringEquals``, ``StringNotEquals``,
  ``StringEqualsIgnoreCase``, ``StringNotEqualsIgnoreCase``, ``StringLike``,
  ``StringNotLike`` (each with an optional ``ForAnyValue:``/``ForAllValues:``
  prefix and ``IfExists`` suffix) and ``Null``; several operators, and several
  keys under one operator, must all hold; several values for one key are
  alternatives;
- context key names are case-insensitive, values are case-sensitive except
  for the ``IgnoreCase`` operators;
- a key absent from the request fails a positive operator and satisfies a
  negated one (``IfExists`` and ``Null`` test presence).

Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
("Context key names are not case-sensitive") and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
(absent keys, negated operators, ``StringLike`` wildcards).

What the web-identity request carries: ``<issuer>:sub`` =
``system:serviceaccount:NS:NAME``, ``<issuer>:aud`` = the token audience
(``sts.amazonaws.com`` unless the service account sets
``eks.amazonaws.com/audience``), where ``<issuer>`` is the issuer URL without
``https://``. Keys of another OIDC issuer are absent from the request. Any
other key (``aws:SourceIp``, ...) cannot be known offline and is taken as
satisfied, so the evaluator errs towards "admitted" and the rules never raise
a false alarm on a condition they cannot see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from eks_lint.eks.k8s import is_placeholder

WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
DEFAULT_AUDIENCE = "sts.amazonaws.com"
ROLE_ANNOTATION = "eks.amazonaws.com/role-arn"
AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience"

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[^:]*):(?P<region>[^:]*):(?P<account>[^:]*):(?P<resource>.+)$"
)


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    @property
    def resource_name(self) -> str:
        """``app`` for ``role/team/app``: the last path segment."""
        return self.resource.rsplit("/", 1)[-1]


def parse_arn(text: Any) -> Arn | None:
    if not isinstance(text, str):
        return None
    match = _ARN.match(text.strip())
    if not match:
        return None
    return Arn(**match.groupdict())


def role_key(arn: Any) -> tuple[str, str] | None:
    """(account, role name) of a role ARN: role names are unique per account, whatever the path."""
    parsed = parse_arn(arn)
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("role/"):
        return None
    return parsed.account, parsed.resource_name


def issuer_host(issuer: Any) -> str:
    """``oidc.eks.eu-west-1.amazonaws.com/id/ABC`` from the issuer URL (or an IAM provider ``Url``)."""
    text = str(issuer or "").strip()
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    return text.rstrip("/")


def oidc_provider_arn(issuer: Any, account: str, partition: str = "aws") -> str:
    """The IAM OIDC provider ARN for an issuer in an account:
    ``arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC``."""
    return f"arn:{partition}:iam::{account}:oidc-provider/{issuer_host(issuer)}"


def provider_host(provider_arn: Any) -> str | None:
    """The issuer host/path an OIDC provider ARN names, or None for other ARNs."""
    parsed = parse_arn(provider_arn)
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("oidc-provider/"):
        return None
    return parsed.resource[len("oidc-provider/") :]


def is_eks_issuer(host: str | None) -> bool:
    return bool(host) and str(host).lower().startswith("oidc.eks.")


def subject(namespace: str, name: str) -> str:
    return f"system:serviceaccount:{namespace}:{name}"


def policy_document(document: Any) -> dict[str, Any] | None:
    """A policy as a dict: boto3 gives a dict; the raw API gives URL-encoded JSON text."""
    if isinstance(document, dict):
        return document
    if not isinstance(document, str):
        return None
    for text in (document, unquote(document)):
        try:
            parsed = json.loads(text)
        except ValueError:
            continue
        return parsed if isinstance(parsed, dict) else None
    return None


def statements(document: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, statement) pairs; a single statement object counts as index 0."""
    policy = policy_document(document)
    if policy is None:
        return []
    found = policy.get("Statement")
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list):
        return []
    return [(index, item) for index, item in enumerate(found) if isinstance(item, dict)]


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM ``StringLike`` matching: ``*`` any run of characters (also none), ``?`` exactly one."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(regex, value, flags) is not None


def action_allowed(statement: dict[str, Any], action: str = WEB_IDENTITY_ACTION) -> bool:
    """Action names are case-insensitive and take ``*``/``?`` wildcards; ``NotAction`` inverts."""
    if "NotAction" in statement:
        return not any(glob_match(str(p), action, True) for p in as_list(statement["NotAction"]))
    return any(glob_match(str(p), action, True) for p in as_list(statement.get("Action")))


def federated_principals(statement: dict[str, Any]) -> list[str] | None:
    """The statement's federated principals; None means ``Principal: "*"`` (anyone)."""
    return _principals(statement, "Federated")


def _principals(statement: dict[str, Any], kind: str) -> list[str] | None:
    """The statement's principals of one kind (``Federated``, ``Service``); None
    means anyone (``Principal: "*"`` or ``{"AWS": "*"}``)."""
    principal = statement.get("Principal")
    if principal == "*":
        return None
    if isinstance(principal, dict):
        if principal.get("AWS") == "*":
            return None
        return [str(p) for p in as_list(principal.get(kind))]
    return []


def is_web_identity_statement(statement: dict[str, Any]) -> bool:
    """An Allow statement for an OIDC provider (or anyone) that grants AssumeRoleWithWebIdentity."""
    if statement.get("Effect") != "Allow" or "NotPrincipal" in statement:
        return False
    principals = federated_principals(statement)
    if principals is not None and not any(provider_host(p) for p in principals):
        return False
    return action_allowed(statement)


def service_principals(statement: dict[str, Any]) -> list[str] | None:
    """The statement's ``Service`` principals, lower-cased; None means ``Principal: "*"`` (anyone)."""
    found = _principals(statement, "Service")
    return None if found is None else [principal.lower() for principal in found]


def pod_identity_trust_actions(association: Any) -> tuple[str, ...]:
    """What a Pod Identity association's role (and its target role) must be trusted
    for: ``sts:AssumeRole`` and ``sts:TagSession``, or ``sts:AssumeRole`` alone when
    the association sets ``disableSessionTags``."""
    if isinstance(association, dict) and association.get("disableSessionTags"):
        return ("sts:AssumeRole",)
    return ("sts:AssumeRole", "sts:TagSession")


def service_actions_missing(document: Any, service: str, actions: tuple[str, ...]) -> list[str]:
    """The ``actions`` the trust policy does not let the AWS ``service`` principal call.

    An action counts as allowed when an ``Allow`` statement names the service
    (or anyone) and the action (wildcards and ``NotAction`` as IAM reads them),
    and no unconditional ``Deny`` for that principal and action exists. A
    condition on a key that cannot be known offline (``aws:SourceAccount``,
    ``aws:RequestTag/...``) counts as holding, so a policy is never reported
    for a condition eks-lint cannot see.
    """
    service = service.lower()

    def names_service(statement: dict[str, Any]) -> bool:
        principals = service_principals(statement)
        return principals is None or service in principals

    return _actions_missing(document, names_service, actions, {})


def role_actions_missing(
    document: Any, role_arn: str, actions: tuple[str, ...], context: dict[str, str] | None = None
) -> list[str]:
    """The ``actions`` the trust policy does not let the IAM role ``role_arn`` call.

    The role is admitted when a statement's ``AWS`` principal is ``*``, the role's
    ARN, or its account (``arn:aws:iam::ACCOUNT:root`` or the bare account ID).
    ``context`` holds request keys that are known (``sts:ExternalId``); any other
    condition key counts as met, as in ``service_actions_missing``.
    """
    arn = parse_arn(role_arn)
    if arn is None:
        return []
    account_forms = {f"arn:{arn.partition}:iam::{arn.account}:root", arn.account}

    def names_role(statement: dict[str, Any]) -> bool:
        principal = statement.get("Principal")
        if principal == "*":
            return True
        if not isinstance(principal, dict):
            return False
        for value in as_list(principal.get("AWS")):
            text = str(value).strip()
            if text == "*" or text == role_arn or text in account_forms:
                return True
        return False

    known = {key.lower(): value for key, value in (context or {}).items()}
    return _actions_missing(document, names_role, actions, known)


def _actions_missing(
    document: Any, names_principal: Any, actions: tuple[str, ...], context: dict[str, str]
) -> list[str]:
    """Actions no ``Allow`` statement for the principal grants (conditions judged on
    ``context``), or that an unconditional ``Deny`` for it refuses."""
    found = statements(document)

    def applies(statement: dict[str, Any]) -> bool:
        return "NotPrincipal" not in statement and bool(names_principal(statement))

    missing = []
    for action in actions:
        allowed = any(
            statement.get("Effect") == "Allow"
            and applies(statement)
            and action_allowed(statement, action)
            and conditions_hold(statement, context)
            for _, statement in found
        )
        denied = any(
            statement.get("Effect") == "Deny"
            and applies(statement)
            and action_allowed(statement, action)
            and not statement.get("Condition")
            for _, statement in found
        )
        if not allowed or denied:
            missing.append(action)
    return missing


# -- conditions --------------------------------------------------------------

_STRING_OPERATORS = {
    "stringequals": (False, False, False),  # (negated, like, ignore case)
    "stringnotequals": (True, False, False),
    "stringequalsignorecase": (False, False, True),
    "stringnotequalsignorecase": (True, False, True),
    "stringlike": (False, True, False),
    "stringnotlike": (True, True, False),
}

#: Keys an OIDC token can carry; a key ending like this for another issuer is absent.
_TOKEN_KEY_SUFFIXES = (":sub", ":aud", ":amr", ":oaud", ":azp", ":email", ":id")


@dataclass(frozen=True)
class ConditionTerm:
    """One ``operator: {key: values}`` entry, for messages."""

    operator: str
    key: str
    values: tuple[str, ...]


def condition_terms(statement: dict[str, Any]) -> Iterator[ConditionTerm]:
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return
    for operator, block in condition.items():
        if not isinstance(block, dict):
            continue
        for key, values in block.items():
            yield ConditionTerm(str(operator), str(key), tuple(str(v) for v in as_list(values)))


def _lookup(context: dict[str, str], key: str) -> tuple[bool, str | None]:
    """(known, value): known False means the key cannot be judged offline."""
    lowered = key.lower()
    if lowered in context:
        return True, context[lowered]
    prefix, _, _ = lowered.rpartition(":")
    if "/" in prefix and lowered.endswith(_TOKEN_KEY_SUFFIXES):
        return True, None  # a claim of some OIDC issuer: absent unless in the context
    return False, None


def term_holds(term: ConditionTerm, context: dict[str, str]) -> bool | None:
    """True/False when the term can be evaluated on the context, None when it cannot."""
    operator = term.operator.lower()
    for prefix in ("foranyvalue:", "forallvalues:"):
        if operator.startswith(prefix):
            operator = operator[len(prefix) :]
    if_exists = operator.endswith("ifexists")
    if if_exists:
        operator = operator[: -len("ifexists")]
    known, value = _lookup(context, term.key)
    if not known:
        return None
    if operator == "null":
        wants_absent = any(v.lower() == "true" for v in term.values)
        return (value is None) == wants_absent
    if operator not in _STRING_OPERATORS:
        return None
    negated, like, ignore_case = _STRING_OPERATORS[operator]
    if value is None:
        return True if (if_exists or negated) else False
    if like:
        matched = any(glob_match(v, value, ignore_case) for v in term.values)
    elif ignore_case:
        matched = any(v.lower() == value.lower() for v in term.values)
    else:
        matched = value in term.values
    return not matched if negated else matched


def conditions_hold(statement: dict[str, Any], context: dict[str, str]) -> bool:
    """All terms hold; a term that cannot be judged offline counts as holding."""
    return all(term_holds(term, context) is not False for term in condition_terms(statement))


def web_identity_context(host: str, sub: str, audience: str = DEFAULT_AUDIENCE) -> dict[str, str]:
    host = host.lower()
    return {f"{host}:sub": sub, f"{host}:aud": audience}


# -- the verdict -------------------------------------------------------------


@dataclass(frozen=True)
class TrustVerdict:
    """Whether a trust policy admits one service account, and if not, why (for the message)."""

    admitted: bool
    reason: str = ""
    statement: int | None = None
    #: Which part failed: "principal", "action", "sub", "aud", "conditions" or "none".
    part: str = ""


def check_web_identity(
    document: Any, provider_arn: str, sub: str, audience: str = DEFAULT_AUDIENCE
) -> TrustVerdict:
    """Does the trust policy let ``sub`` in through ``provider_arn`` with ``audience``?

    When no statement admits it, the reason comes from the statement that got
    furthest (principal, then action, then ``:sub``, then ``:aud``), so the
    message names the part to fix.
    """
    host = provider_host(provider_arn) or ""
    context = web_identity_context(host, sub, audience)
    found = statements(document)
    if not found:
        return TrustVerdict(False, "the trust policy has no statements", None, "none")
    best: tuple[int, TrustVerdict] | None = None

    def keep(rank: int, verdict: TrustVerdict) -> None:
        nonlocal best
        if best is None or rank > best[0]:
            best = (rank, verdict)

    for index, statement in found:
        if statement.get("Effect") != "Allow":
            continue
        principals = federated_principals(statement)
        if principals is not None and not any(p.lower() == provider_arn.lower() for p in principals):
            others = [p for p in principals if provider_host(p)]
            if others:
                keep(1, TrustVerdict(False, _other_provider(others[0], provider_arn), index, "principal"))
            continue
        if not action_allowed(statement):
            actions = ", ".join(str(a) for a in as_list(statement.get("Action"))) or "no Action"
            keep(
                2,
                TrustVerdict(
                    False, f"statement {index} allows {actions}, not {WEB_IDENTITY_ACTION}", index, "action"
                ),
            )
            continue
        failed = [t for t in condition_terms(statement) if term_holds(t, context) is False]
        if not failed:
            return TrustVerdict(True, "", index, "")
        sub_terms = [t for t in failed if t.key.lower() == f"{host.lower()}:sub"]
        aud_terms = [t for t in failed if t.key.lower() == f"{host.lower()}:aud"]
        foreign = [t for t in failed if t not in sub_terms and t not in aud_terms]
        if foreign and all(t.key.lower().endswith(":sub") or t.key.lower().endswith(":aud") for t in foreign):
            other_host = foreign[0].key.rpartition(":")[0]
            keep(
                3,
                TrustVerdict(
                    False,
                    f"statement {index} has conditions on {other_host}, another cluster's OIDC issuer, "
                    f"not on {host}",
                    index,
                    "principal",
                ),
            )
        elif sub_terms:
            term = sub_terms[0]
            keep(
                4,
                TrustVerdict(
                    False,
                    f"statement {index} admits {term.key.rpartition(':')[2]} "
                    f"{_values(term)} with {term.operator}, not {sub}",
                    index,
                    "sub",
                ),
            )
        elif aud_terms:
            term = aud_terms[0]
            keep(
                5,
                TrustVerdict(
                    False,
                    f"statement {index} requires aud {_values(term)}, but the token's audience is {audience}",
                    index,
                    "aud",
                ),
            )
        else:
            term = failed[0]
            keep(
                3,
                TrustVerdict(
                    False,
                    f"statement {index} condition {term.operator} {term.key} fails",
                    index,
                    "conditions",
                ),
            )
    if best is None:
        return TrustVerdict(
            False,
            f"no statement allows {WEB_IDENTITY_ACTION} for a federated OIDC provider",
            None,
            "principal",
        )
    return best[1]


def _values(term: ConditionTerm) -> str:
    return " or ".join(repr(v) for v in term.values) if term.values else "nothing"


def _other_provider(found: str, expected: str) -> str:
    found_host, expected_host = provider_host(found) or found, provider_host(expected) or expected
    found_arn, expected_arn = parse_arn(found), parse_arn(expected)
    if found_host.lower() == expected_host.lower() and found_arn and expected_arn:
        return (
            f"it trusts the OIDC provider in account {found_arn.account}, not the one in the role's "
            f"account {expected_arn.account}"
        )
    if is_eks_issuer(found_host):
        return f"it trusts {found_host}, another (or a re-created) cluster's OIDC issuer, not {expected_host}"
    return f"it trusts the OIDC provider {found}, not {expected}"


def admits_many(statement: dict[str, Any], host: str, namespace: str | None) -> bool:
    """Whether the statement's conditions admit any service account of ``namespace``
    (of any namespace when None): two unrelated probe names must both get in."""
    probes = ("x", "eks-lint-probe-7f3a9c")
    if namespace is None:
        pairs = [("eks-lint-probe-ns", probes[0]), ("q", probes[1])]
    else:
        pairs = [(namespace, probes[0]), (namespace, probes[1])]
    audiences = [DEFAULT_AUDIENCE]
    for term in condition_terms(statement):
        if term.key.lower() == f"{host.lower()}:aud":
            audiences += [v for v in term.values if not set(v) & {"*", "?"}]
    return any(
        all(
            conditions_hold(statement, web_identity_context(host, subject(ns, name), aud))
            for ns, name in pairs
        )
        for aud in dict.fromkeys(audiences)
    )


def namespaces_named(statement: dict[str, Any]) -> list[str]:
    """Literal namespaces in the statement's ``:sub`` values (``system:serviceaccount:NS:...``)."""
    found: list[str] = []
    for term in condition_terms(statement):
        if not term.key.lower().endswith(":sub"):
            continue
        for value in term.values:
            parts = value.split(":")
            if len(parts) >= 3 and parts[:2] == ["system", "serviceaccount"]:
                ns = parts[2]
                if ns and not set(ns) & {"*", "?"} and ns not in found:
                    found.append(ns)
    return found


def role_index(roles: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """GetRole["Role"] records keyed by (account, role name)."""
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for role in roles or []:
        if isinstance(role, dict):
            key = role_key(role.get("Arn"))
            if key:
                index[key] = role
    return index


# -- who uses IRSA in an inventory ---------------------------------------------------------------


@dataclass(frozen=True)
class IrsaUser:
    """A service account (from a Kubernetes object or an EKS add-on) that assumes a role via IRSA.

    ``namespace``/``name`` are None for an add-on whose service account is not known.
    """

    role_arn: str
    namespace: str | None
    name: str | None
    audience: str = DEFAULT_AUDIENCE
    obj: Any = None  # the ServiceAccount K8sObject
    addon: dict[str, Any] | None = None

    @property
    def sub(self) -> str | None:
        if self.namespace is None or self.name is None:
            return None
        return subject(self.namespace, self.name)

    @property
    def label(self) -> str:
        who = f"{self.namespace}/{self.name}" if self.sub else "its service account"
        if self.addon is not None:
            return f"add-on {self.addon.get('addonName')} ({who})"
        return f"ServiceAccount {who}"


def irsa_users(inventory: Any) -> list[IrsaUser]:
    """Service accounts annotated with a role ARN, then add-ons with ``serviceAccountRoleArn``.

    An add-on whose service account is also in the input as an annotated
    ServiceAccount is reported once, through the ServiceAccount.
    """
    from eks_lint.data.aws_workloads import addon_service_account

    users: list[IrsaUser] = []
    seen: set[tuple[str, str]] = set()
    for sa in inventory.of_kind("ServiceAccount"):
        role = sa.annotations.get(ROLE_ANNOTATION)
        if not isinstance(role, str) or is_placeholder(role) or role_key(role) is None:
            continue  # malformed values are irsa-role-arn-malformed's business
        namespace = sa.namespace or "default"
        audience = str(sa.annotations.get(AUDIENCE_ANNOTATION) or DEFAULT_AUDIENCE)
        users.append(IrsaUser(role.strip(), namespace, sa.name, audience, obj=sa))
        seen.add((namespace, sa.name))
    for addon in inventory.part("addons") or []:
        if not isinstance(addon, dict):
            continue
        role = addon.get("serviceAccountRoleArn")
        if not isinstance(role, str) or is_placeholder(role) or role_key(role) is None:
            continue
        namespace, name = addon_service_account(addon) or (None, None)
        if namespace is not None and (namespace, name) in seen:
            continue
        users.append(IrsaUser(role, namespace, name, DEFAULT_AUDIENCE, addon=addon))
    return users


def cluster_identity(inventory: Any) -> tuple[str, str, str] | None:
    """(issuer host, account, partition) of the cluster, from DescribeCluster, or None."""
    cluster = inventory.part("cluster")
    if not isinstance(cluster, dict):
        return None
    identity = cluster.get("identity")
    oidc = identity.get("oidc") if isinstance(identity, dict) else None
    issuer = oidc.get("issuer") if isinstance(oidc, dict) else None
    arn = parse_arn(cluster.get("arn"))
    if not issuer or arn is None:
        return None
    return issuer_host(issuer), arn.account, arn.partition


def cluster_resource(inventory: Any) -> Any:
    """The cluster as a finding target."""
    from eks_lint.engine.inventory import aws

    cluster = inventory.part("cluster") or {}
    return aws("cluster", str(cluster.get("name") or "cluster"), cluster.get("arn"))


def role_resource(role: dict[str, Any] | None, arn: str) -> Any:
    from eks_lint.engine.inventory import aws

    key = role_key(arn)
    return aws(
        "iam-role", (role or {}).get("RoleName") or (key[1] if key else arn), (role or {}).get("Arn") or arn
    )


def complete(inventory: Any, part: str) -> bool:
    """False when the collector met an error (other than NoSuchEntity) on a call feeding ``part``,
    so a record missing from it may exist: rules must not read absence as a fact then.

    ``part`` may also be ``k8s:<plural>`` (``k8s:daemonsets``) for a live Kubernetes list.
    """
    from eks_lint.data.aws_calls import OPERATION_PARTS

    for error in inventory.errors:
        operation = str(error.get("operation") or "")
        if error.get("code") == "NoSuchEntity":
            continue
        if part.startswith("k8s:") and operation == f"k8s:list {part[4:]}":
            return False
        if OPERATION_PARTS.get(operation) == part:
            return False
    return True
