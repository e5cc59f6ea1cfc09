"""A managed Argo CD capability runs next to a self-managed Argo CD application controller.

## What it checks
A cluster with an EKS Capability of type `ARGOCD` (not `DELETING`) that also
runs a self-managed Argo CD application controller: a StatefulSet or
Deployment named `argocd-application-controller`, or labelled
`app.kubernetes.io/name: argocd-application-controller`, with more than zero
replicas.

The same check for ACK and kro is left out: AWS documents the conflict, and
the migration step that avoids it, for Argo CD only.

## Why it matters on EKS
Both controllers watch the same `Application` custom resources and both sync
them: they fight over the same objects, and each undoes or re-applies what
the other did. AWS's migration path scales the self-managed controllers to
zero before the capability is created, "to prevent conflicts".

## How to fix
Scale the self-managed Argo CD controllers to zero, migrate Applications,
ApplicationSets and AppProjects to the capability, then uninstall the
self-managed Argo CD.

## Example
`kubectl -n argocd scale statefulset argocd-application-controller --replicas=0`

Source: https://docs.aws.amazon.com/eks/latest/userguide/argocd-comparison.html
("Migration Path").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS821",
    name="capability-self-managed-conflict",
    severity="warning",
    summary="A managed Argo CD capability and a self-managed Argo CD application controller both run.",
    needs=("capabilities",),
    kinds=("StatefulSet", "Deployment"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/argocd-comparison.html",
)

CONTROLLER = "argocd-application-controller"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    managed = [
        c
        for c in items(inventory, "capabilities")
        if c.get("type") == "ARGOCD" and c.get("status") != "DELETING"
    ]
    if not managed:
        return
    capability = managed[0]
    for controller in inventory.of_kind("StatefulSet", "Deployment"):
        if controller.name != CONTROLLER and controller.labels.get("app.kubernetes.io/name") != CONTROLLER:
            continue
        replicas = controller.get("spec", "replicas")
        if isinstance(replicas, int) and not isinstance(replicas, bool) and replicas == 0:
            continue
        yield controller.finding(
            f"{controller.kind} {controller.namespace}/{controller.name} is a self-managed Argo CD "
            f"controller running next to the managed Argo CD capability {capability.get('capabilityName')}; "
            "both sync the same Applications: scale it to 0 and migrate to the capability",
            ("spec", "replicas") if replicas is not None else ("metadata", "name"),
        )
