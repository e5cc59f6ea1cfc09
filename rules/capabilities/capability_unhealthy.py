"""An EKS Capability (managed Argo CD, ACK or kro) has failed or reports health issues.

## What it checks
Each capability of `capabilities` (DescribeCapability) whose `status` is
`CREATE_FAILED`, `DELETE_FAILED` or `DEGRADED`, and each entry of its
`health.issues` (`AccessDenied`, `ClusterUnreachable`). `CREATING`,
`UPDATING` and `DELETING` are transitions, not reported.

## Why it matters on EKS
A capability runs its controller in AWS's account, outside the cluster: when
it is degraded nothing in the cluster shows it. Argo CD stops syncing
Applications, ACK stops reconciling AWS resources, kro stops expanding
resource graphs, and changes pushed to Git or applied to the cluster do not
take effect. `AccessDenied` usually means the capability role's trust or
permissions, or its access entry, were changed.

## How to fix
Follow the issue: restore the capability role (`roleArn`), its trust of
`capabilities.eks.amazonaws.com` (see `capability-role-trust`) and its
permissions, or the cluster access entry of the role; recreate a capability
that failed to create.

## Example
`capability gitops (ARGOCD) reports AccessDenied: ...`

Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCapability.html
(Capability: status, health.issues).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import items
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS820",
    name="capability-unhealthy",
    severity="error",
    summary="An EKS Capability has failed, is degraded or reports health issues.",
    needs=("capabilities",),
    source="https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCapability.html",
)

FAILED = ("CREATE_FAILED", "DELETE_FAILED", "DEGRADED")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for capability in items(inventory, "capabilities"):
        name = str(capability.get("capabilityName") or "?")
        target = aws("capability", name, capability.get("arn"))
        label = f"capability {name} ({capability.get('type')})"
        health = capability.get("health")
        issues = health.get("issues") if isinstance(health, dict) else None
        issues = [i for i in issues or [] if isinstance(i, dict)]
        if capability.get("status") in FAILED and not issues:
            yield Finding(
                target=target,
                message=f"{label} is {capability.get('status')}, so its controller does not reconcile: "
                "check the capability in the EKS console and recreate it if it failed to create",
                path=("status",),
            )
        for index, issue in enumerate(issues):
            yield Finding(
                target=target,
                message=f"{label} is {capability.get('status')} and reports {issue.get('code')}: "
                f"{issue.get('message')}; its controller does not reconcile until this is fixed",
                path=("health", "issues", index),
            )
