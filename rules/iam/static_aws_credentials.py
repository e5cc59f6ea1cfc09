"""Static AWS access keys handed to a container through its environment.

## What it checks
A container or init container that receives `AWS_ACCESS_KEY_ID`,
`AWS_SECRET_ACCESS_KEY` or `AWS_SESSION_TOKEN` through `env` (a literal value
or a `secretKeyRef`), or through `envFrom` from a Secret or ConfigMap that
holds those keys (when that object is in the input). The value is never
printed.

## Why it matters on EKS
Environment credentials come first in every AWS SDK's default credential
chain, so they override IRSA and EKS Pod Identity: the role you scoped is
silently not used. Long-lived keys also never rotate and leak through
`kubectl describe`, crash dumps and CI logs.

An `optional: true` reference to a Secret that is not in the input is
reported as info: the variable exists only if someone creates that Secret.

## How to fix
Delete the variables and give the pod's ServiceAccount an IAM role (IRSA
annotation or a Pod Identity association); rotate the exposed keys.

## Example
```yaml
env:
  - name: AWS_REGION        # fine
    value: eu-west-1
  # - name: AWS_SECRET_ACCESS_KEY   # remove: use IRSA or Pod Identity
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
(earlier providers in the credential chain win); AWS SDK credential provider
chain: https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, as_list, containers
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS102",
    name="static-aws-credentials",
    severity="error",
    summary="A container gets static AWS keys through env/envFrom, overriding IRSA and Pod Identity.",
    kinds=(*WORKLOAD_KINDS, "Secret", "ConfigMap"),
    source="https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html",
)

CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        for container, path in containers(workload):
            name = container.get("name", "?")
            for index, variable in enumerate(as_list(container.get("env"))):
                if not isinstance(variable, dict) or variable.get("name") not in CREDENTIAL_VARIABLES:
                    continue
                how = _how(variable)
                optional = _optional_missing_secret(inventory, workload.namespace, variable)
                if optional:
                    # An optional reference to a Secret that is not in the input: the
                    # variable exists only if someone creates that Secret (upstream
                    # manifests such as the EBS CSI driver's ship this way for non-IRSA
                    # installs). Advice, not an error.
                    finding = workload.finding(
                        f"container {name} gets {variable['name']} from Secret {optional} when that "
                        "optional Secret exists; it would override IRSA and Pod Identity: remove the "
                        "reference, or make sure the Secret is never created",
                        (*path, "env", index, "name"),
                    )
                    finding.level = "info"
                    yield finding
                    continue
                yield workload.finding(
                    f"container {name} gets {variable['name']} {how}; it overrides IRSA and Pod "
                    "Identity: remove it and give the ServiceAccount an IAM role",
                    (*path, "env", index, "name"),
                )
            for index, source in enumerate(as_list(container.get("envFrom"))):
                keys = _keys_from(inventory, workload.namespace, source)
                if keys:
                    yield workload.finding(
                        f"container {name} gets {', '.join(keys)} from envFrom; it overrides IRSA "
                        "and Pod Identity: remove it and give the ServiceAccount an IAM role",
                        (*path, "envFrom", index),
                    )


def _optional_missing_secret(inventory: Inventory, namespace: str | None, variable: dict) -> str | None:
    """The Secret's name when the reference is ``optional: true`` and the Secret is not in the input."""
    value_from = variable.get("valueFrom")
    ref = value_from.get("secretKeyRef") if isinstance(value_from, dict) else None
    if not isinstance(ref, dict) or ref.get("optional") is not True:
        return None
    secret = str(ref.get("name") or "")
    return None if inventory.find("Secret", namespace, secret) else secret


def _how(variable: dict) -> str:
    value_from = variable.get("valueFrom")
    if isinstance(value_from, dict) and isinstance(value_from.get("secretKeyRef"), dict):
        ref = value_from["secretKeyRef"]
        return f"from Secret {ref.get('name', '?')}"
    if isinstance(value_from, dict) and isinstance(value_from.get("configMapKeyRef"), dict):
        return f"from ConfigMap {value_from['configMapKeyRef'].get('name', '?')}"
    return "as a literal value"


def _keys_from(inventory: Inventory, namespace: str | None, source: object) -> list[str]:
    if not isinstance(source, dict):
        return []
    prefix = str(source.get("prefix") or "")
    for field, kind in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
        ref = source.get(field)
        if not isinstance(ref, dict):
            continue
        obj = inventory.find(kind, namespace, str(ref.get("name", "")))
        if obj is None:
            return []
        keys = set((obj.get("data") or {}) if isinstance(obj.get("data"), dict) else {})
        if isinstance(obj.get("stringData"), dict):
            keys |= set(obj.get("stringData"))
        return [prefix + key for key in sorted(keys) if prefix + key in CREDENTIAL_VARIABLES]
    return []
