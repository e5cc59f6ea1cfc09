"""A NodePool on an EKS Auto Mode cluster points at a node class nothing serves.

## What it checks
On a cluster with Auto Mode compute on (`computeConfig.enabled`), each
`karpenter.sh` NodePool's `spec.template.spec.nodeClassRef`:

- group `eks.amazonaws.com`, kind `NodeClass`: the NodeClass it names must be
  in the cluster (Auto Mode creates `default` itself when its built-in node
  pools are on; any other one is yours to create);
- group `karpenter.k8s.aws`, kind `EC2NodeClass`: a self-managed Karpenter
  must run (a Deployment named `karpenter` or labelled
  `app.kubernetes.io/name: karpenter`), since Auto Mode serves only NodePools
  of its own NodeClass.

It reads a whole cluster (a snapshot or a live read), not manifests alone: a
repository may hold a NodePool without the NodeClass applied elsewhere. It
stays silent when the NodeClass or Deployment list could not be read.

## Why it matters on EKS
A NodePool whose node class is missing launches no node: pods that only it
could place stay Pending. During a migration from Karpenter to Auto Mode both
run side by side; once Karpenter is removed, NodePools still on an
`EC2NodeClass` are orphaned.

## How to fix
Create the NodeClass (or point `nodeClassRef` at `default`), or move the
NodePool to `group: eks.amazonaws.com, kind: NodeClass` before removing
Karpenter.

## Example
```yaml
nodeClassRef: {group: eks.amazonaws.com, kind: NodeClass, name: default}
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html;
https://docs.aws.amazon.com/eks/latest/userguide/auto-migrate-karpenter.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.automode import (
    AUTO_NODECLASS_GROUP,
    AUTO_NODECLASS_KIND,
    KARPENTER_NODECLASS_GROUP,
    KARPENTER_NODECLASS_KIND,
    compute_enabled,
    node_class_ref,
)
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS801",
    name="auto-mode-nodeclass-missing",
    severity="error",
    summary="An Auto Mode NodePool names a missing NodeClass, or an EC2NodeClass with no Karpenter running.",
    needs=("cluster",),
    kinds=("NodePool", "NodeClass", "Deployment"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html",
)


def _karpenter_runs(inventory: Inventory) -> bool:
    return any(
        d.name == "karpenter" or d.labels.get("app.kubernetes.io/name") == "karpenter"
        for d in inventory.of_kind("Deployment")
    )


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    if not compute_enabled(inventory.cluster):
        return
    for nodepool in inventory.of_kind("NodePool"):
        if not str(nodepool.get("apiVersion") or "").startswith("karpenter.sh/"):
            continue
        found = node_class_ref(nodepool)
        if found is None:
            continue
        ref, path = found
        group, kind, name = ref.get("group"), ref.get("kind"), str(ref.get("name") or "")
        if group == AUTO_NODECLASS_GROUP and kind == AUTO_NODECLASS_KIND:
            if inventory.find("NodeClass", None, name) is not None:
                continue
            if not iam.complete(inventory, "k8s:nodeclasses"):
                continue
            yield nodepool.finding(
                f"NodePool {nodepool.name} uses NodeClass {name}, which does not exist, so Auto Mode "
                f"launches no node for it: create NodeClass {name} or point nodeClassRef at default",
                (*path, "name"),
            )
        elif group == KARPENTER_NODECLASS_GROUP and kind == KARPENTER_NODECLASS_KIND:
            if _karpenter_runs(inventory) or not iam.complete(inventory, "k8s:deployments"):
                continue
            yield nodepool.finding(
                f"NodePool {nodepool.name} uses Karpenter's EC2NodeClass {name} but no self-managed "
                "Karpenter runs, and Auto Mode serves only NodePools of its own NodeClass: point "
                "nodeClassRef at group eks.amazonaws.com, kind NodeClass",
                path,
            )
