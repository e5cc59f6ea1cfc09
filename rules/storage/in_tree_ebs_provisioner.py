"""A StorageClass on the in-tree EBS provisioner, or EBS volumes bound before scheduling.

## What it checks
- `provisioner: kubernetes.io/aws-ebs` (the in-tree plugin).
- `provisioner: ebs.csi.aws.com` with `volumeBindingMode: Immediate`, or no
  `volumeBindingMode` (which defaults to `Immediate`).

## Why it matters on EKS
Since Kubernetes 1.23 the in-tree EBS plugin is migrated to the EBS CSI
driver: without the `aws-ebs-csi-driver` add-on such volumes cannot be
provisioned or attached. With `Immediate` binding the volume is created
before the pod is scheduled, in any zone, and an EBS volume can only attach
in its own zone: the pod stays Pending when no node can run there.

## How to fix
Use `provisioner: ebs.csi.aws.com` with `volumeBindingMode: WaitForFirstConsumer`
(and `type: gp3`).

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: gp3}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
parameters: {type: gp3}
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi-migration-faq.html;
https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS701",
    name="in-tree-ebs-provisioner",
    severity="warning",
    summary="StorageClass uses the in-tree aws-ebs provisioner or binds EBS volumes Immediately.",
    kinds=("StorageClass",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi-migration-faq.html",
)

IN_TREE = "kubernetes.io/aws-ebs"
CSI = "ebs.csi.aws.com"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for storage_class in inventory.of_kind("StorageClass"):
        provisioner = storage_class.get("provisioner")
        if provisioner == IN_TREE:
            yield storage_class.finding(
                f"provisioner is {IN_TREE}, migrated to the EBS CSI driver since Kubernetes 1.23; "
                f"without the aws-ebs-csi-driver add-on volumes cannot be provisioned: use {CSI}",
                ("provisioner",),
            )
        elif provisioner == CSI:
            mode = storage_class.get("volumeBindingMode")
            if mode is None:
                yield storage_class.finding(
                    "volumeBindingMode is not set, so it is Immediate: EBS volumes are created "
                    "before scheduling, in a zone the pod may not run in: set "
                    "volumeBindingMode: WaitForFirstConsumer",
                    (),
                )
            elif mode == "Immediate":
                yield storage_class.finding(
                    "volumeBindingMode is Immediate: EBS volumes are created before scheduling, "
                    "in a zone the pod may not run in: use WaitForFirstConsumer",
                    ("volumeBindingMode",),
                )
