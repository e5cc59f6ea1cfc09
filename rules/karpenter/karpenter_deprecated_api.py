"""A Karpenter object on an API version that current Karpenter no longer serves.

## What it checks
Objects of `karpenter.sh/v1alpha5` (Provisioner, Machine),
`karpenter.k8s.aws/v1alpha1` (AWSNodeTemplate), `karpenter.sh/v1beta1`
(NodePool, NodeClaim) and `karpenter.k8s.aws/v1beta1` (EC2NodeClass).

## Why it matters on EKS
Karpenter v0.32 replaced the alpha APIs with v1beta1, and Karpenter v1.0
replaced v1beta1 with v1; v1.1 removed v1beta1 from its CRDs. Manifests on
the old versions fail to apply once the CRDs are upgraded, so they block the
Karpenter upgrade, and Karpenter versions only support a window of EKS
versions, so they end up blocking cluster upgrades too.

## How to fix
Migrate to `karpenter.sh/v1` NodePool and `karpenter.k8s.aws/v1` EC2NodeClass
following the v1 migration guide.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
```

Sources: https://karpenter.sh/docs/upgrading/v1-migration/;
https://karpenter.sh/v0.32/upgrading/v1beta1-migration/;
https://karpenter.sh/docs/upgrading/compatibility/.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS543",
    name="karpenter-deprecated-api",
    severity="warning",
    summary="A Karpenter object uses a v1alpha or v1beta1 API that Karpenter v1.1+ does not serve.",
    kinds=("Provisioner", "Machine", "AWSNodeTemplate", "NodePool", "NodeClaim", "EC2NodeClass"),
    source="https://karpenter.sh/docs/upgrading/v1-migration/",
)

#: (apiVersion, kind) -> what replaces it.
OLD = {
    ("karpenter.sh/v1alpha5", "Provisioner"): "karpenter.sh/v1 NodePool",
    ("karpenter.sh/v1alpha5", "Machine"): "karpenter.sh/v1 NodeClaim",
    ("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate"): "karpenter.k8s.aws/v1 EC2NodeClass",
    ("karpenter.sh/v1beta1", "NodePool"): "karpenter.sh/v1 NodePool",
    ("karpenter.sh/v1beta1", "NodeClaim"): "karpenter.sh/v1 NodeClaim",
    ("karpenter.k8s.aws/v1beta1", "EC2NodeClass"): "karpenter.k8s.aws/v1 EC2NodeClass",
}


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for obj in inventory.of_kind(*RULE.kinds):
        replacement = OLD.get((obj.api_version, obj.kind))
        if replacement:
            yield obj.finding(
                f"{obj.api_version} {obj.kind} is not served by Karpenter v1.1 and later, so it fails to "
                f"apply once Karpenter is upgraded: migrate to {replacement}",
                ("apiVersion",),
            )
