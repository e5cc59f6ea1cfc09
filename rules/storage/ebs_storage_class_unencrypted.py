"""An EBS StorageClass that does not ask for encrypted volumes.

## What it checks
A StorageClass on an EBS provisioner (`ebs.csi.aws.com` or
`kubernetes.io/aws-ebs`) whose `parameters.encrypted` is not `"true"`.

## Why it matters on EKS
Volumes from such a class are unencrypted unless the account has EBS
encryption by default turned on in that Region, a setting outside the
cluster that nothing in the manifests shows. Unencrypted volumes and their
snapshots fail most data-at-rest requirements and cannot be encrypted in
place.

## How to fix
Set `encrypted: "true"` (and `kmsKeyId` for a customer managed key), or turn
on EBS encryption by default for the account and Region.

## Example
```yaml
parameters:
  type: gp3
  encrypted: "true"
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
(Encryption at rest); https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
(`encrypted`, `kmsKeyId`); hardeneks `use_encryption_with_ebs`.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.relations import is_ebs
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS704",
    name="ebs-storage-class-unencrypted",
    severity="info",
    summary='An EBS StorageClass does not set encrypted: "true".',
    kinds=("StorageClass",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for storage_class in inventory.of_kind("StorageClass"):
        if not is_ebs(storage_class):
            continue
        parameters = storage_class.get("parameters")
        parameters = parameters if isinstance(parameters, dict) else {}
        if str(parameters.get("encrypted", "")).lower() == "true":
            continue
        yield storage_class.finding(
            'parameters.encrypted is not "true", so its EBS volumes are unencrypted unless the account '
            'turns on EBS encryption by default: set encrypted: "true"',
            ("parameters", "encrypted") if "encrypted" in parameters else ("provisioner",),
        )
