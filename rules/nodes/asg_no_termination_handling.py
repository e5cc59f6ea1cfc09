"""A self-managed node Auto Scaling group has no termination handling: nodes vanish without a drain.

## What it checks
Each self-managed node Auto Scaling group of the cluster (tagged
`kubernetes.io/cluster/<cluster>` or `k8s.io/cluster-autoscaler/<cluster>`,
and not a managed node group's, which carries `eks:nodegroup-name`) when
the input has neither
- an aws-node-termination-handler DaemonSet or Deployment among the
  Kubernetes objects, nor
- a lifecycle hook on the group with `LifecycleTransition:
  autoscaling:EC2_INSTANCE_TERMINATING` (read from the `lifecycle_hooks`
  part, DescribeLifecycleHooks, when the snapshot has it).
The rule needs the cluster's own workloads to know that no handler is
installed: it judges only when the input has a DaemonSet in `kube-system`
(as a live read or a collected snapshot has: aws-node, kube-proxy), and says
nothing for application manifests or an eksctl config alone.

## Why it matters on EKS
EKS drains managed node groups itself; for self-managed groups nothing
does. Scale-in, AZ rebalancing, health replacements, instance refreshes,
Spot interruptions (a two-minute notice) and EC2 maintenance terminate the
instance while its pods are running: requests in flight fail, pods are not
rescheduled until the node object times out (about 5 minutes), and
StatefulSet pods wait for the dead node's volumes to detach.

## How to fix
Install aws-node-termination-handler (queue mode, with a termination
lifecycle hook on each group, covers scale-in and rebalancing as well as
Spot and maintenance events), or move the nodes to managed node groups or
Karpenter, which drain before terminating.

## Example
```
helm upgrade --install aws-node-termination-handler eks/aws-node-termination-handler \
  --namespace kube-system --set enableSqsTerminationDraining=true --set queueURL=...
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/application.html
(self-managed nodes: use aws-node-termination-handler);
https://repost.aws/knowledge-center/eks-spot-instance-best-practices (use the
Node Termination Handler for self-managed node groups);
https://github.com/aws/aws-node-termination-handler (IMDS and queue modes);
https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import asg_target, cluster_asgs, items
from eks_lint.eks.k8s import containers
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS520",
    name="asg-no-termination-handling",
    severity="warning",
    summary="A self-managed node group has no termination handler or lifecycle hook to drain nodes.",
    needs=("auto_scaling_groups",),
    wants=("nodegroups", "cluster", "lifecycle_hooks"),
    kinds=("DaemonSet", "Deployment"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/application.html",
)

HANDLER = "aws-node-termination-handler"
TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING"


def _handler_installed(inventory: Inventory) -> bool:
    for workload in inventory.of_kind("DaemonSet", "Deployment"):
        if HANDLER in workload.name:
            return True
        if any(HANDLER in str(container.get("image") or "") for container, _ in containers(workload)):
            return True
    return False


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    system = any(daemonset.namespace == "kube-system" for daemonset in inventory.of_kind("DaemonSet"))
    if not system or _handler_installed(inventory):
        return
    hooked = {
        hook.get("AutoScalingGroupName")
        for hook in items(inventory, "lifecycle_hooks")
        if hook.get("LifecycleTransition") == TERMINATING
    }
    hooks_known = "lifecycle_hooks" in inventory.parts
    for group, managed in cluster_asgs(inventory):
        name = group.get("AutoScalingGroupName")
        if managed or name in hooked:
            continue
        known = "" if hooks_known else " (lifecycle hooks were not collected)"
        yield Finding(
            target=asg_target(group),
            message=f"self-managed node group {name} has no aws-node-termination-handler and no "
            f"termination lifecycle hook{known}, so scale-in, rebalancing and Spot interruptions kill "
            "nodes without draining them: install aws-node-termination-handler with a lifecycle hook",
            path=("Tags",),
        )
