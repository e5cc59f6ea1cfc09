"""SecurityGroupPolicy objects exist but the cluster cannot give pods their own security groups.

## What it checks
When the input holds SecurityGroupPolicy objects (`vpcresources.k8s.aws`,
security groups for pods), one finding on each when:

- the cluster runs EKS Auto Mode (`computeConfig.enabled`): Auto Mode does not
  support security groups for pods; or
- the `kube-system/aws-node` DaemonSet is in the input and `ENABLE_POD_ENI` is
  not `"true"` in its env (the vpc-cni add-on's configuration values `env`
  under it, as `node-subnet-ip-headroom` reads them).

Without the aws-node DaemonSet in the input the rule says nothing: AWS's own
instructions turn the setting on with `kubectl set env` on the DaemonSet, so
the add-on's configuration alone cannot tell. A cluster whose pods all run on
Fargate (Fargate profiles and no managed node groups in the input) is not
checked either: Fargate pods get the policy's security groups without it.

## Why it matters on EKS
With `ENABLE_POD_ENI` off no node gets a trunk ENI, so the VPC resource
controller has no branch ENIs to hand out: pods the policy selects either stay
Pending on the `vpc.amazonaws.com/pod-eni` resource or run with the node's
security groups, and the database or cache the policy was meant to open stays
closed (or the one it was meant to close stays open). On Auto Mode the objects
are accepted and ignored.

## How to fix
Attach `AmazonEKSVPCResourceController` to the cluster role and set
`ENABLE_POD_ENI=true` (vpc-cni add-on configuration values `env`, or
`kubectl set env daemonset aws-node -n kube-system ENABLE_POD_ENI=true`). On
Auto Mode, open the pods' traffic with the node class's security groups, or
run those pods on a managed node group.

## Example
```yaml
# vpc-cni add-on configuration values
env:
  ENABLE_POD_ENI: "true"
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/security-groups-pods-deployment.html;
https://docs.aws.amazon.com/eks/latest/best-practices/sgpp.html;
https://docs.aws.amazon.com/eks/latest/userguide/auto-networking.html (not supported on Auto Mode).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.network import auto_mode, aws_node_env
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS831",
    name="security-group-policy-not-enabled",
    severity="warning",
    summary="SecurityGroupPolicy objects exist but ENABLE_POD_ENI is off (or the cluster runs Auto Mode).",
    kinds=("SecurityGroupPolicy", "DaemonSet"),
    wants=("cluster", "addons", "nodegroups", "fargate_profiles"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/security-groups-pods-deployment.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    policies = list(inventory.of_kind("SecurityGroupPolicy"))
    if not policies:
        return
    if auto_mode(inventory):
        reason = (
            "this cluster runs EKS Auto Mode, which does not support security groups for pods: "
            "the policy is ignored; use the node class's security groups or a managed node group"
        )
    else:
        if inventory.part("fargate_profiles") and inventory.part("nodegroups") == []:
            return  # Fargate only: no trunk ENIs needed
        env = aws_node_env(inventory)
        if env is None or env.get("ENABLE_POD_ENI", "false").strip().lower() == "true":
            return
        reason = (
            f"ENABLE_POD_ENI is {env.get('ENABLE_POD_ENI', 'unset')} on aws-node, so no node has a trunk ENI "
            "and the pods it selects get no security groups of their own: set ENABLE_POD_ENI=true"
        )
    for policy in policies:
        path = (
            ("spec", "securityGroups")
            if isinstance(policy.get("spec", "securityGroups"), dict)
            else ("spec",)
        )
        yield policy.finding(f"SecurityGroupPolicy {policy.name}: {reason}", path)
