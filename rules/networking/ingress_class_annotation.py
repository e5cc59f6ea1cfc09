"""An Ingress that picks its controller with the deprecated `kubernetes.io/ingress.class` annotation.

## What it checks
An Ingress with the `kubernetes.io/ingress.class` annotation and no
`spec.ingressClassName`.

## Why it matters on EKS
The annotation has been deprecated since Kubernetes 1.18 in favour of
`spec.ingressClassName` and an IngressClass object. The AWS Load Balancer
Controller still reads it, but an IngressClass is what lets a cluster set a
default class and attach `IngressClassParams` (scheme, group, subnets)
centrally, and the annotation may be dropped by controllers at any release.

## How to fix
Replace the annotation with `spec.ingressClassName` naming an IngressClass.

## Example
```yaml
spec:
  ingressClassName: alb
```

Sources: https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation;
https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/ingress_class/
(deprecated kubernetes.io/ingress.class annotation); eksup check K8S013.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.lb import INGRESS_CLASS_ANNOTATION
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS322",
    name="ingress-class-annotation",
    severity="info",
    summary="An Ingress uses the deprecated kubernetes.io/ingress.class annotation.",
    kinds=("Ingress",),
    source="https://kubernetes.io/docs/concepts/services-networking/ingress/#deprecated-annotation",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for ingress in inventory.of_kind("Ingress"):
        value = ingress.annotations.get(INGRESS_CLASS_ANNOTATION)
        if value is None or ingress.get("spec", "ingressClassName"):
            continue
        yield ingress.finding(
            f"selects its controller with the deprecated {INGRESS_CLASS_ANNOTATION}: {value} annotation: "
            f"set spec.ingressClassName: {value} and remove the annotation",
            ("metadata", "annotations", INGRESS_CLASS_ANNOTATION),
        )
