"""An object written against an API version the target Kubernetes version no longer serves.

## What it checks
Each object's `apiVersion` and `kind` against the table of removed APIs in
`eks_lint/data/removed_apis.py`: reported when the API was removed in or
before the Kubernetes version checked (`--target-version` for an upgrade,
else `--k8s-version`, else the cluster's version, else the newest EKS
version in the data table).

## Why it matters on EKS
After the control plane is upgraded, `kubectl apply`, Helm and GitOps
controllers fail on these objects, and clients calling the removed API get
404s. EKS upgrades cannot be rolled back.

## How to fix
Change `apiVersion` to the replacement named in the message and adapt the
fields that changed (for example `pathType` on Ingress, `selector` semantics
on PodDisruptionBudget).

## Example
```yaml
apiVersion: policy/v1        # not policy/v1beta1 (removed in 1.25)
kind: PodDisruptionBudget
```

Source: https://kubernetes.io/docs/reference/using-api/deprecation-guide/
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.removed_apis import REMOVED
from eks_lint.eks.versions import minor
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS201",
    name="removed-api-version",
    severity="error",
    summary="An object's apiVersion was removed in or before the Kubernetes version checked.",
    needs=("kubernetes",),
    source="https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    settings = inventory.settings
    version = settings.get("target_version") or settings.get("k8s_version")
    checked = minor(version)
    if checked is None:
        return
    for obj in inventory.objects:
        removal = REMOVED.get((obj.api_version, obj.kind))
        if removal is None:
            continue
        inventory.last_object = obj
        removed_in, replacement = removal
        removed = minor(removed_in)
        if removed is not None and removed <= checked:
            fix = replacement if replacement.startswith("none") else f"use {replacement}"
            yield obj.finding(
                f"{obj.api_version} {obj.kind} was removed in Kubernetes {removed_in} "
                f"(checked against {version}): {fix}",
                ("apiVersion",),
            )
