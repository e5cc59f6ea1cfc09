"""Kubernetes Secrets are not envelope-encrypted on a cluster version that does not do it by default.

## What it checks
A cluster below Kubernetes 1.28 whose `cluster.encryptionConfig` has no
entry with `secrets` in `resources` and a `provider.keyArn`. Clusters on
1.28 or later are not reported: EKS envelope-encrypts all Kubernetes API
data on them by default, with an AWS-owned KMS key (adding your own key is
still possible, for control over rotation and key policy).

## Why it matters on EKS
Below 1.28, without a KMS key, Secrets are stored in etcd protected only by
the disk encryption of the etcd volumes: anyone who can read etcd data (a
backup, a snapshot) reads every Secret. Envelope encryption with KMS adds a
layer that needs the key and leaves a CloudTrail record of every use.

## How to fix
Associate a KMS key with the cluster (this cannot be undone), or upgrade the
cluster to 1.28 or later. Keep the key enabled: a disabled or deleted key
degrades the cluster.

## Example
```
aws eks associate-encryption-config --cluster-name prod --encryption-config \
  '[{"resources":["secrets"],"provider":{"keyArn":"arn:aws:kms:eu-west-1:111122223333:key/..."}}]'
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
("Default envelope encryption for all Kubernetes API data": 1.28 and later);
https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html. The version
is kept in eks_lint/data/eks_platform.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.eks_platform import DEFAULT_ENVELOPE_ENCRYPTION_FROM
from eks_lint.eks.cluster import cluster_target
from eks_lint.eks.versions import minor
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS403",
    name="secrets-encryption-disabled",
    severity="warning",
    summary="Secrets are not KMS envelope-encrypted on a cluster version below 1.28.",
    needs=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    version = minor(cluster.get("version"))
    if version is None or version >= (minor(DEFAULT_ENVELOPE_ENCRYPTION_FROM) or (0, 0)):
        return
    for config in cluster.get("encryptionConfig") or []:
        if not isinstance(config, dict):
            continue
        provider = config.get("provider")
        if (
            "secrets" in (config.get("resources") or [])
            and isinstance(provider, dict)
            and provider.get("keyArn")
        ):
            return
    yield Finding(
        target=cluster_target(cluster),
        message=f"Kubernetes {cluster.get('version')} does not envelope-encrypt Secrets by default "
        f"(EKS does from {DEFAULT_ENVELOPE_ENCRYPTION_FROM}) and no KMS key is configured: associate a "
        f"KMS key for secrets or upgrade to {DEFAULT_ENVELOPE_ENCRYPTION_FROM} or later",
        path=("encryptionConfig",),
    )
