"""An IAM role or user is mapped to `system:masters` (aws-auth or an access entry).

## What it checks
Entries of `mapRoles` and `mapUsers` in `kube-system/aws-auth` whose
`groups` include `system:masters`, and access entries (the `access_entries`
part, DescribeAccessEntry) whose `kubernetesGroups` include it. Each source
is read when the input has it.

## Why it matters on EKS
`system:masters` is hard-wired to cluster-admin in the API server: no RBAC
binding grants it and none can take it away, so the access cannot be
narrowed or audited through RBAC. Anyone who can assume that role (or holds
that user's keys) owns the cluster. Access entries should grant admin through
the `AmazonEKSClusterAdminPolicy` access policy instead, which is visible in
the EKS API and can be removed there without touching the cluster.

## How to fix
Map the principal to a group of your own bound to the ClusterRole it
needs, or replace the mapping with an access entry and an access policy.
Keep one break-glass admin path, documented and monitored.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/platform-admin
    username: platform-admin
    groups: [platform-admins]   # bound to cluster-admin by a ClusterRoleBinding you control
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(do not use the aws-auth ConfigMap to grant cluster-admin; system:masters);
https://kubernetes.io/docs/concepts/security/rbac-good-practices/ (avoid system:masters);
https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html (reserved group prefixes).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.aws_auth import aws_auth_configmaps, parse
from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS422",
    name="system-masters-mapping",
    severity="warning",
    summary="aws-auth maps an IAM principal to system:masters, an admin RBAC cannot restrict.",
    wants=("kubernetes", "access_entries"),
    kinds=("ConfigMap",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for entry in items(inventory, "access_entries"):
        groups = [str(group) for group in entry.get("kubernetesGroups") or []]
        if "system:masters" in groups:
            principal = str(entry.get("principalArn") or "?")
            yield Finding(
                target=aws("access-entry", principal, entry.get("accessEntryArn")),
                message=f"the access entry of {principal} puts it in system:masters, cluster-admin that no "
                "RBAC binding can restrict: remove the group and associate AmazonEKSClusterAdminPolicy (or a "
                "narrower access policy) instead",
                path=("kubernetesGroups", groups.index("system:masters")),
            )
    for configmap in aws_auth_configmaps(inventory):
        for mapping in parse(configmap).mappings:
            if "system:masters" not in mapping.groups:
                continue
            who = mapping.arn or "an SSO permission set"
            where = mapping.key_lines.get("groups", mapping.line)
            yield configmap.finding(
                f"{mapping.section} entry {mapping.index + 1} maps {who} to system:masters, cluster-admin "
                "that no RBAC binding can restrict: map it to your own group bound to the ClusterRole it "
                "needs, or use an access entry with an access policy",
                ("data", mapping.section) if where is None else ("data", mapping.section, *where),
            )
