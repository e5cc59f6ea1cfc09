"""A managed node group runs an Amazon Linux 2 AMI type.

## What it checks
Managed node groups whose `amiType` is `AL2_x86_64`, `AL2_x86_64_GPU` or
`AL2_ARM_64`:
- error when the target version (`--target-version`, else the minor after
  the cluster's version) is 1.33 or later: there is no AL2 AMI for it, so the
  node group cannot follow the upgrade;
- warning otherwise: EKS published no AL2 AMIs after 2025-11-26, so the
  node group gets no more security patches or new releases.

## Why it matters on EKS
Amazon Linux 2 EKS-optimized AMIs ended on 2025-11-26 and Kubernetes 1.32 is
the last version built for them. A node group on AL2 blocks every upgrade
past 1.32 and keeps running unpatched kernels and container runtimes.

## How to fix
Create a replacement node group on the AL2023 AMI type the message names (or
Bottlerocket; an AL2 GPU group on Inferentia or Trainium instances moves to
`AL2023_x86_64_NEURON`, not the NVIDIA type), move the workloads, delete the old group. AL2023 boots with
`nodeadm` instead of `bootstrap.sh`: port custom user data first.

## Example
```yaml
# eksctl
managedNodeGroups:
  - name: apps
    amiFamily: AmazonLinux2023
```

Threshold: AL2 AMI types; 1.32 the last Kubernetes version with AL2 AMIs.
Source: https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from eks_lint.data.ami_types import AL2_AMI_TYPES, AL2_LAST_AMI, AL2_LAST_KUBERNETES, al2_replacement
from eks_lint.eks.upgrade import target_version
from eks_lint.eks.versions import minor
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS208",
    name="al2-ami-end-of-life",
    severity="warning",
    summary="A managed node group runs an Amazon Linux 2 AMI type: no AL2 AMIs after 2025-11-26, "
    "none for Kubernetes 1.33 and later.",
    needs=("nodegroups",),
    wants=("cluster",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    target = target_version(inventory)
    today = inventory.settings.get("today")
    last = minor(AL2_LAST_KUBERNETES)
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict) or group.get("amiType") not in AL2_AMI_TYPES:
            continue
        name = str(group.get("nodegroupName"))
        ami_type = str(group.get("amiType"))
        resource = aws("nodegroup", name, group.get("nodegroupArn"))
        replacement = al2_replacement(ami_type, group.get("instanceTypes") or ()) or "an AL2023 AMI type"
        target_minor = minor(target)
        if target_minor is not None and last is not None and target_minor > last:
            yield Finding(
                target=resource,
                message=f"node group {name} uses {ami_type} and there are no Amazon Linux 2 AMIs for "
                f"Kubernetes {target} ({AL2_LAST_KUBERNETES} was the last): it cannot be upgraded; replace "
                f"it with a node group on {replacement} or Bottlerocket before upgrading",
                path=("amiType",),
                level="error",
            )
            continue
        ended = not isinstance(today, date) or today > AL2_LAST_AMI
        when = (
            f"EKS published no AL2 AMIs after {AL2_LAST_AMI}"
            if ended
            else (f"EKS publishes no AL2 AMIs after {AL2_LAST_AMI}")
        )
        yield Finding(
            target=resource,
            message=f"node group {name} uses {ami_type}: {when}, so it gets no more security patches, "
            f"and Kubernetes {AL2_LAST_KUBERNETES} is the last version with AL2 AMIs; replace it with a node "
            f"group on {replacement} or Bottlerocket",
            path=("amiType",),
        )
