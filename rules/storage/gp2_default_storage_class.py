"""The default StorageClass creates gp2 EBS volumes.

## What it checks
A StorageClass marked default (`storageclass.kubernetes.io/is-default-class: "true"`)
whose provisioner is EBS (`ebs.csi.aws.com` or `kubernetes.io/aws-ebs`) and
whose volume type is `gp2`: `parameters.type: gp2`, or no `type` with the
in-tree provisioner, whose default is gp2 (the EBS CSI driver defaults to
gp3). Non-default gp2 classes are a deliberate choice and are not reported.

## Why it matters on EKS
Clusters created before Kubernetes 1.30 got a default `gp2` class, so every
claim that names no class gets gp2: about 20% dearer per GiB than gp3, with
IOPS tied to size (3 per GiB, burst credits on small volumes) where gp3 gives
3,000 IOPS and 125 MiB/s at any size.

## How to fix
Create a gp3 class on the EBS CSI driver, mark it default, and remove the
default annotation from the gp2 class (existing volumes keep working).

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp3
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
parameters: {type: gp3, encrypted: "true"}
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html
(1.30: new clusters no longer get a default gp2 class);
https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html (gp2 and gp3 performance);
https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md (type defaults to gp3).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.relations import ebs_volume_type, is_default_class, is_ebs
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS702",
    name="gp2-default-storage-class",
    severity="info",
    summary="The default StorageClass provisions gp2 EBS volumes instead of gp3.",
    kinds=("StorageClass",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for storage_class in inventory.of_kind("StorageClass"):
        if not (is_default_class(storage_class) and is_ebs(storage_class)):
            continue
        if ebs_volume_type(storage_class) != "gp2":
            continue
        has_type = isinstance(storage_class.get("parameters"), dict) and "type" in storage_class.get(
            "parameters"
        )
        yield storage_class.finding(
            "the default StorageClass creates gp2 volumes, about 20% dearer than gp3 with IOPS tied to "
            "size: make a gp3 class on ebs.csi.aws.com the default",
            ("parameters", "type") if has_type else ("provisioner",),
        )
