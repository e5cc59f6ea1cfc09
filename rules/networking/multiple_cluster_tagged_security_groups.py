"""Nodes get more than one security group tagged `kubernetes.io/cluster/<cluster>`.

## What it checks
For each managed node group and each self-managed node Auto Scaling group
of the cluster, the security groups its nodes get: those of its launch
template version (`SecurityGroupIds` and `NetworkInterfaces[].Groups`, from
the `launch_template_versions` part), or, for a managed node group whose
template names none (or that has no template), the cluster security group
EKS attaches. Reported when more than one of them carries a tag with the
key `kubernetes.io/cluster/<cluster>` (any value) in the `security_groups`
part (DescribeSecurityGroups). The SSH remote-access group EKS adds is not
counted; a group whose launch template version is not in the input is not
judged.

## Why it matters on EKS
The in-tree service controller and the AWS Load Balancer Controller open
load balancer traffic to nodes through the one security group per ENI that
is tagged for the cluster. With two, they stop: the in-tree controller
fails with "Multiple tagged security groups found for instance", and the
Load Balancer Controller with "expect exactly one securityGroup tagged with
kubernetes.io/cluster/<cluster>", so Services of type LoadBalancer and
Ingresses never get (or lose) their targets.

## How to fix
Remove the `kubernetes.io/cluster/<cluster>` tag from all but one of the
node's security groups (normally keep it on the cluster security group or
your node security group, not both).

## Example
Cluster security group `sg-0cluster` (tagged `kubernetes.io/cluster/prod:
owned` by EKS) and node group security group `sg-0nodes` (untagged).

Source: kubernetes-sigs/aws-load-balancer-controller#1594 and #2948;
eksctl-io/eksctl#1581; terraform-aws-modules/terraform-aws-eks#1441;
https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.eks_platform import CLUSTER_TAG_PREFIX
from eks_lint.eks.cluster import (
    asg_launch_template,
    asg_target,
    cluster_asgs,
    cluster_name,
    items,
    nodegroup_target,
    resolve_version,
    tag_map,
    template_security_groups,
    template_versions,
)
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS340",
    name="multiple-cluster-tagged-security-groups",
    severity="error",
    summary="Nodes have several security groups tagged kubernetes.io/cluster/<cluster>; LBs break.",
    needs=("cluster", "security_groups"),
    wants=("nodegroups", "auto_scaling_groups", "launch_template_versions"),
    source="https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2948",
)


def _template_groups(inventory: Inventory, template_id, name, version) -> list[str] | None:
    entry = resolve_version(template_versions(inventory, template_id, name), version)
    return template_security_groups(entry) if entry is not None else None


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    name = cluster_name(inventory)
    cluster = inventory.cluster or {}
    if name is None:
        return
    tagged = {
        str(group.get("GroupId"))
        for group in items(inventory, "security_groups")
        if CLUSTER_TAG_PREFIX + name in tag_map(group.get("Tags"))
    }
    vpc = cluster.get("resourcesVpcConfig") if isinstance(cluster.get("resourcesVpcConfig"), dict) else {}
    cluster_group = vpc.get("clusterSecurityGroupId")
    for nodegroup in items(inventory, "nodegroups"):
        spec = nodegroup.get("launchTemplate")
        groups: list[str] | None = []
        if isinstance(spec, dict):
            groups = _template_groups(inventory, spec.get("id"), spec.get("name"), spec.get("version"))
        if groups is None:
            continue
        if not groups and cluster_group:
            groups = [str(cluster_group)]
        yield from _judge(
            groups, tagged, name, nodegroup_target(nodegroup), f"node group {nodegroup.get('nodegroupName')}"
        )
    for group, managed in cluster_asgs(inventory):
        if managed:
            continue
        spec = asg_launch_template(group)
        if spec is None:
            continue
        groups = _template_groups(
            inventory, spec.get("LaunchTemplateId"), spec.get("LaunchTemplateName"), spec.get("Version")
        )
        if groups:
            yield from _judge(
                groups,
                tagged,
                name,
                asg_target(group),
                f"Auto Scaling group {group.get('AutoScalingGroupName')}",
            )


def _judge(groups: list[str], tagged: set[str], name: str, target, what: str) -> Iterator[Finding]:
    both = [group for group in groups if group in tagged]
    if len(both) < 2:
        return
    yield Finding(
        target=target,
        message=f"nodes of {what} get {len(both)} security groups tagged {CLUSTER_TAG_PREFIX}{name} "
        f"({', '.join(both)}), so the load balancer controllers cannot pick one and Services of type "
        "LoadBalancer fail: keep the tag on exactly one of them",
        path=("securityGroups",),
    )
