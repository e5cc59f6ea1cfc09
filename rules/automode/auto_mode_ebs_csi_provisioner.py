"""A StorageClass on an EKS Auto Mode cluster uses the EBS CSI driver's provisioner, which is not installed.

## What it checks
On a cluster with Auto Mode block storage on
(`storageConfig.blockStorage.enabled`), a StorageClass whose `provisioner` is
`ebs.csi.aws.com` while neither the `aws-ebs-csi-driver` EKS add-on (not in
`CREATE_FAILED`, `DELETING` or `DELETE_FAILED`) nor a self-managed
`ebs-csi-controller` Deployment is present. It stays silent when the add-on or
Deployment list could not be read. The default StorageClass
(`storageclass.kubernetes.io/is-default-class: "true"`) is an error: every
claim without a class lands on it; another class is a warning.

## Why it matters on EKS
Auto Mode provisions EBS volumes through its own provisioner,
`ebs.csi.eks.amazonaws.com`, and creates no StorageClass: a class naming
`ebs.csi.aws.com` (the EBS CSI driver's name, common in Helm charts and
manifests written before Auto Mode) has nothing to serve it, so its
PersistentVolumeClaims stay Pending.

## How to fix
Set `provisioner: ebs.csi.eks.amazonaws.com` (a new StorageClass: the field
cannot be changed in place), or install the EBS CSI driver add-on if you mean
to run it alongside Auto Mode.

## Example
```yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: auto-ebs-sc}
provisioner: ebs.csi.eks.amazonaws.com
volumeBindingMode: WaitForFirstConsumer
parameters: {type: gp3, encrypted: "true"}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html
("EKS Auto Mode does not create a StorageClass for you. You must create a
StorageClass referencing ebs.csi.eks.amazonaws.com").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.automode import AUTO_EBS_PROVISIONER, EBS_CSI_PROVISIONER, block_storage_enabled
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS802",
    name="auto-mode-ebs-csi-provisioner",
    severity="warning",
    summary="A StorageClass on an Auto Mode cluster uses ebs.csi.aws.com with no EBS CSI driver installed.",
    needs=("cluster", "addons"),
    kinds=("StorageClass", "Deployment"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/create-storage-class.html",
)

ADDON = "aws-ebs-csi-driver"
BROKEN = ("CREATE_FAILED", "DELETING", "DELETE_FAILED")
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"


def _driver_installed(inventory: Inventory) -> bool:
    for addon in inventory.part("addons") or []:
        if isinstance(addon, dict) and addon.get("addonName") == ADDON and addon.get("status") not in BROKEN:
            return True
    return any(d.name == "ebs-csi-controller" for d in inventory.of_kind("Deployment"))


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    if not block_storage_enabled(inventory.cluster):
        return
    classes = [c for c in inventory.of_kind("StorageClass") if c.get("provisioner") == EBS_CSI_PROVISIONER]
    if not classes or _driver_installed(inventory):
        return
    if not (iam.complete(inventory, "addons") and iam.complete(inventory, "k8s:deployments")):
        return  # the driver may be what could not be read
    for storage_class in classes:
        default = str(storage_class.annotations.get(DEFAULT_CLASS, "")).lower() == "true"
        which = "the default StorageClass" if default else "StorageClass"
        yield Finding(
            target=storage_class,
            message=f"{which} {storage_class.name} uses {EBS_CSI_PROVISIONER} but this Auto Mode cluster "
            f"has no EBS CSI driver (no {ADDON} add-on or ebs-csi-controller), so its claims stay Pending: "
            f"use provisioner {AUTO_EBS_PROVISIONER}",
            path=("provisioner",),
            level="error" if default else None,
        )
