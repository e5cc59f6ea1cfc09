"""Helpers for reading Kubernetes objects, shared by rules.

Workload kinds keep their pod template in different places; label selectors
have their own matching rules. Both are written once here and tested once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eks_lint.engine.model import POD_TEMPLATE_PATHS, K8sObject, pod_template, pod_template_annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "POD_TEMPLATE_PATHS",
    "WORKLOAD_KINDS",
    "containers",
    "is_placeholder",
    "pod_labels",
    "pod_spec",
    "pod_template",
    "pod_template_annotations",
    "same_namespace",
    "selector_matches",
    "service_account_name",
]

WORKLOAD_KINDS = tuple(POD_TEMPLATE_PATHS)
CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]``: a manifest may hold anything where a
    list belongs (``env: 5``, ``volumes: 1.5``), and the API server would reject it."""
    return value if isinstance(value, list) else []


def container_words(container: dict[str, Any]) -> list[str]:
    """A container's ``command`` then ``args``, each word as text (lists only)."""
    return [str(word) for word in as_list(container.get("command")) + as_list(container.get("args"))]


def pod_spec(obj: K8sObject) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """(pod spec, its path); kept on the object after the first call, as ``pod_template`` is."""
    known = obj.__dict__
    if "_pod_spec" in known:
        return known["_pod_spec"]  # type: ignore[no-any-return]
    found = pod_template(obj)
    spec = found[0].get("spec") if found is not None else None
    known["_pod_spec"] = (spec, (*found[1], "spec")) if found is not None and isinstance(spec, dict) else None
    return known["_pod_spec"]  # type: ignore[no-any-return]


def containers(
    obj: K8sObject, fields: tuple[str, ...] = CONTAINER_FIELDS
) -> Iterator[tuple[dict[str, Any], tuple[str | int, ...]]]:
    """Every container of a workload with its path, init containers first."""
    found = pod_spec(obj)
    if found is None:
        return
    spec, path = found
    for field_name in fields:
        items = spec.get(field_name)
        if not isinstance(items, list):
            continue
        for index, container in enumerate(items):
            if isinstance(container, dict):
                yield container, (*path, field_name, index)


def pod_labels(obj: K8sObject) -> dict[str, str]:
    """Labels the workload's pods will carry.

    Kept on the object after the first call: cross-object rules ask it of every
    workload many times, and loaded objects never change.
    """
    cached = obj.__dict__.get("_pod_labels")
    if cached is not None:
        return cached
    found = pod_template(obj)
    meta = found[0].get("metadata") if found is not None else None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    labels = labels if isinstance(labels, dict) else {}
    obj.__dict__["_pod_labels"] = labels
    return labels


def service_account_name(obj: K8sObject) -> str:
    found = pod_spec(obj)
    if found is None:
        return "default"
    spec = found[0]
    return str(spec.get("serviceAccountName") or spec.get("serviceAccount") or "default")


def selector_matches(selector: Any, labels: dict[str, Any]) -> bool:
    """Kubernetes LabelSelector semantics (matchLabels AND matchExpressions).

    An empty selector ``{}`` matches everything (policy/v1 semantics); a
    missing one (None) matches nothing.
    """
    if not isinstance(selector, dict):
        return False
    match_labels = selector.get("matchLabels") or {}
    if not isinstance(match_labels, dict):
        return False
    for key, value in match_labels.items():
        if str(labels.get(key)) != str(value) or key not in labels:
            return False
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        return False
    for expression in expressions:
        if not isinstance(expression, dict) or not isinstance(expression.get("key"), str):
            return False
        key = expression.get("key")
        operator = expression.get("operator")
        raw_values = expression.get("values") or []
        values = [str(v) for v in raw_values] if isinstance(raw_values, list) else []
        present = key in labels
        if operator == "In" and not (present and str(labels[key]) in values):
            return False
        if operator == "NotIn" and present and str(labels[key]) in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
        if operator not in ("In", "NotIn", "Exists", "DoesNotExist"):
            return False
    return True


def same_namespace(a: K8sObject, b: K8sObject) -> bool:
    return (a.namespace or "default") == (b.namespace or "default")


#: Substitution markers tools replace before the API server sees the value:
#: envsubst / Flux post-build / Terraform ``${VAR}``, Kubernetes and kustomize
#: ``$(VAR)``, Helm and Go templates ``{{ ... }}``; and ko's ``ko://<import path>``
#: image references, which ``ko resolve`` replaces with a pushed image by digest
#: (https://ko.build/features/k8s/); and the ``<YOUR_ACCOUNT_ID>`` that examples
#: leave for the reader to fill in (no ARN, image or name may hold ``<`` or ``>``).
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\{\{.*?\}\}|^ko://|<[A-Za-z][A-Za-z0-9_ .-]*>", re.DOTALL)


def is_placeholder(value: Any) -> bool:
    """True when a value still holds a substitution marker: no rule can judge it yet.

    Rules that judge a value (an ARN, an image tag) ask this first, so a
    repository rendered by envsubst, kustomize, Helm or ko is judged after
    rendering, not before.
    """
    return isinstance(value, str) and _PLACEHOLDER.search(value.strip()) is not None
