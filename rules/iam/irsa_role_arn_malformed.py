"""An IRSA role annotation the EKS Pod Identity webhook will never use.

## What it checks
- A ServiceAccount's `eks.amazonaws.com/role-arn` annotation whose value is
  not an IAM role ARN: partition `aws`, `aws-cn` or `aws-us-gov`, a 12-digit
  account, `role/` and a role name (a path such as `role/team/app` is allowed).
  A value that still holds a placeholder (`${CARTS_IAM_ROLE}`, `$(ROLE)`,
  `{{ .Values.role }}`, an example's `<YOUR_ACCOUNT_ID>`) is not judged:
  envsubst, kustomize, Helm or the reader fills it in before it reaches the
  cluster.
- A misspelt annotation key on a ServiceAccount (`eks.amazon.com/role-arn`,
  `eks.amazonaws.com/rolearn`, `eks.amazonaws.com/role_arn`, ...).
- The annotation on a Pod, a workload or a pod template, where the webhook
  never reads it: it reads only the pod's ServiceAccount.

## Why it matters on EKS
The pod identity webhook injects `AWS_ROLE_ARN` and the projected token only
when the ServiceAccount carries exactly this key with a role ARN. Anything
else injects nothing, and the SDK falls back to the node's instance role,
with the node's permissions, or fails with AccessDenied at 2 AM.

## How to fix
Put `eks.amazonaws.com/role-arn: arn:aws:iam::<account>:role/<name>` on the
ServiceAccount named by the pod's `serviceAccountName`, then restart the pods
(the webhook acts only at pod creation).

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: media
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/media-uploader
```

Sources: aws/amazon-eks-pod-identity-webhook README (annotation key and
value); IAM ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, is_placeholder, pod_template
from eks_lint.rule import Finding, Inventory, Rule, text_keys

RULE = Rule(
    code="EKS101",
    name="irsa-role-arn-malformed",
    severity="error",
    summary="IRSA role annotation is malformed, misspelt or not on a ServiceAccount.",
    kinds=("ServiceAccount", *WORKLOAD_KINDS),
    source="https://github.com/aws/amazon-eks-pod-identity-webhook#eks-walkthrough",
)

ANNOTATION = "eks.amazonaws.com/role-arn"
ROLE_ARN = re.compile(r"^arn:aws(-cn|-us-gov)?:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")


#: Annotation prefixes people type for the webhook's ``eks.amazonaws.com``.
_LOOKALIKE_PREFIXES = {
    "eks.amazonaws.com",
    "eks.amazon.com",
    "eks.aws.com",
    "eks.amazonaws.io",
    "amazonaws.com",
}
_LOOKALIKE_NAMES = {"rolearn", "role", "iamrole", "iamrolearn", "arn"}


def is_misspelt(key: str) -> bool:
    """Keys that were clearly meant to be ``eks.amazonaws.com/role-arn``."""
    if key == ANNOTATION or "/" not in key:
        return False
    prefix, _, name = key.rpartition("/")
    letters = re.sub(r"[^a-z]", "", name.lower())
    return prefix.lower() in _LOOKALIKE_PREFIXES and letters in _LOOKALIKE_NAMES


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for sa in inventory.of_kind("ServiceAccount"):
        for key, value in sa.annotations.items():
            path = ("metadata", "annotations", key)
            if key == ANNOTATION:
                text = str(value).strip() if value is not None else ""
                if not ROLE_ARN.match(text) and not is_placeholder(text):
                    yield sa.finding(
                        f"{ANNOTATION} is {text!r}, not an IAM role ARN "
                        "(arn:aws:iam::<12-digit account>:role/<name>); the webhook injects "
                        "nothing and pods run with the node role",
                        path,
                    )
            elif is_misspelt(key):
                yield sa.finding(
                    f"annotation key {key!r} is not {ANNOTATION!r}; the webhook ignores it and "
                    "pods run with the node role: rename the key",
                    ("metadata", "annotations", key),
                )
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        places = [(workload.annotations, ("metadata", "annotations"))]
        found = pod_template(workload)
        if found and found[1]:
            meta = found[0].get("metadata")
            annotations = text_keys(meta.get("annotations")) if isinstance(meta, dict) else {}
            if annotations:
                places.append((annotations, (*found[1], "metadata", "annotations")))
        for annotations, base in places:
            for key in annotations:
                if key == ANNOTATION or is_misspelt(key):
                    yield workload.finding(
                        f"{key} on a {workload.kind} is never read: the webhook reads it only "
                        "from the pod's ServiceAccount; move it to that ServiceAccount",
                        (*base, key),
                    )
