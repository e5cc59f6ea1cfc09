"""The VPC CNI (aws-node) has no IAM role of its own and runs on the node role.

## What it checks
The ServiceAccount `kube-system/aws-node` (or the one the `aws-node`
DaemonSet names) when none of these gives it a role:

- an `eks.amazonaws.com/role-arn` annotation on the ServiceAccount,
- a Pod Identity association for `kube-system/aws-node`,
- `serviceAccountRoleArn` or `podIdentityAssociations` on the `vpc-cni` add-on.

The rule runs only when the Pod Identity associations are known (a snapshot
or a live cluster; and every association and add-on could be read) and the
ServiceAccount is in the input.

## Why it matters on EKS
Without its own role, aws-node uses the node's instance role, so the
`AmazonEKS_CNI_Policy` (create, attach and delete ENIs, assign private IPs)
must be attached to the node role, where every pod that can reach IMDS can
use it too. AWS recommends a separate role for the CNI and removing the
policy from the node role.

## How to fix
Create a role with `AmazonEKS_CNI_Policy` (or `AmazonEKS_CNI_IPv6_Policy`),
bind it to `kube-system/aws-node` (add-on `serviceAccountRoleArn`, a Pod
Identity association with vpc-cni v1.15.5 or later, or the IRSA
annotation), roll the aws-node pods, then detach `AmazonEKS_CNI_Policy` from
the node role.

## Example
```sh
# ROLE_ARN: a role with AmazonEKS_CNI_Policy trusting kube-system/aws-node
aws eks update-addon --cluster-name prod --addon-name vpc-cni --service-account-role-arn ROLE_ARN
```

Threshold: no role of its own (warning). Sources:
https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html;
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Update the aws-node daemonset to use IRSA); best-practices vpc-cni page
(Use separate IAM role for CNI).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.eks.k8s import service_account_name
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS108",
    name="aws-node-uses-node-role",
    severity="warning",
    summary="The VPC CNI has no IAM role of its own, so AmazonEKS_CNI_Policy must sit on the node role.",
    needs=("pod_identity_associations",),
    wants=("addons",),
    kinds=("ServiceAccount", "DaemonSet"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    if not all(iam.complete(inventory, part) for part in ("pod_identity_associations", "addons")):
        return  # the association or the add-on's role may be among what could not be read
    daemonset = inventory.find("DaemonSet", "kube-system", "aws-node")
    account = service_account_name(daemonset) if daemonset is not None else "aws-node"
    sa = inventory.find("ServiceAccount", "kube-system", account)
    if sa is None or iam.ROLE_ANNOTATION in sa.annotations:
        return
    for association in inventory.part("pod_identity_associations") or []:
        if isinstance(association, dict) and (
            association.get("namespace"),
            association.get("serviceAccount"),
        ) == (
            "kube-system",
            account,
        ):
            return
    addon = next(
        (
            a
            for a in inventory.part("addons") or []
            if isinstance(a, dict) and a.get("addonName") == "vpc-cni"
        ),
        None,
    )
    if addon is not None and (addon.get("serviceAccountRoleArn") or addon.get("podIdentityAssociations")):
        return
    where = (
        "the vpc-cni add-on has no serviceAccountRoleArn or Pod Identity association"
        if addon
        else ("no vpc-cni add-on gives it one")
    )
    yield sa.finding(
        f"ServiceAccount kube-system/{account} has no IRSA annotation or Pod Identity association "
        f"and {where}, "
        "so AmazonEKS_CNI_Policy must sit on the node role, where every pod reaching IMDS can manage ENIs: "
        f"give kube-system/{account} its own role and detach the policy from the node role",
        ("metadata",),
    )
