"""A node group or node runs a kubelet newer than the control plane, or behind it.

## What it checks
- Managed node groups (`nodegroups[].version`): newer than the control plane
  is an error; behind it is an error too, because EKS refuses to upgrade the
  control plane while a managed node group is on an older version.
- Nodes (`Node` objects, `status.nodeInfo.kubeletVersion`) that are not in a
  managed node group of the snapshot (self-managed, Karpenter, Fargate;
  not EKS Auto Mode nodes, which EKS replaces itself),
  grouped by node group/node pool and kubelet version: newer than the control
  plane is an error; more minors behind than the skew policy allows (3, or 2
  for kubelets older than 1.25), now or after the next upgrade
  (`--target-version`, default the next minor), is an error; any other lag
  is a warning.

## Why it matters on EKS
EKS upgrades only the control plane. A kubelet outside the skew policy is
untested against the API server; after one more control-plane upgrade such
nodes can fail to register or to run pods. Self-managed and Fargate nodes are
never upgraded by EKS (Fargate pods keep their kubelet until recreated).

## How to fix
Update managed node groups to the control-plane version
(`aws eks update-nodegroup-version`) before upgrading the control plane;
replace self-managed nodes with an AMI for the control-plane version;
restart Fargate workloads so their pods get new nodes.

## Example
```
aws eks update-nodegroup-version --cluster-name prod --nodegroup-name apps --kubernetes-version 1.33
```

Threshold: kubelet never newer than kube-apiserver, at most three minors
older (two below 1.25).
Source: https://kubernetes.io/releases/version-skew-policy/#kubelet and
https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.skew import skew
from eks_lint.eks.upgrade import current_version, target_version
from eks_lint.eks.versions import minor, minor_text
from eks_lint.rule import Finding, Inventory, K8sObject, Rule, aws

RULE = Rule(
    code="EKS206",
    name="kubelet-version-skew",
    severity="warning",
    summary="A node group or node kubelet is newer than the control plane or behind it; managed node "
    "groups behind block the next control-plane upgrade.",
    needs=("cluster",),
    wants=("nodegroups", "kubernetes"),
    kinds=("Node",),
    source="https://kubernetes.io/releases/version-skew-policy/#kubelet",
)

NODEGROUP_LABEL = "eks.amazonaws.com/nodegroup"
NODEPOOL_LABEL = "karpenter.sh/nodepool"
COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    k8s = current_version(inventory)
    if k8s is None:
        return
    target = target_version(inventory)
    managed = set()
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict):
            continue
        managed.add(group.get("nodegroupName"))
        finding = _nodegroup(group, k8s, target)
        if finding is not None:
            yield finding
    groups: dict[tuple[str, str], list[K8sObject]] = {}
    for node in inventory.of_kind("Node"):
        if node.labels.get(NODEGROUP_LABEL) in managed and node.labels.get(NODEGROUP_LABEL):
            continue
        if node.labels.get(COMPUTE_TYPE_LABEL) == "auto":  # EKS Auto Mode replaces its own nodes
            continue
        version = minor(node.get("status", "nodeInfo", "kubeletVersion"))
        if version is None:
            continue
        groups.setdefault((_group_of(node), minor_text(version)), []).append(node)
    for (group, version), nodes in sorted(groups.items()):
        finding = _nodes(nodes, group, version, k8s, target)
        if finding is not None:
            yield finding


def _nodegroup(group: dict, k8s: str, target: str | None) -> Finding | None:
    name = str(group.get("nodegroupName"))
    position = skew(k8s, group.get("version"))
    if position is None or position.behind == 0:
        return None
    resource = aws("nodegroup", name, group.get("nodegroupArn"))
    version = group.get("version")
    if position.newer:
        message = (
            f"node group {name} is on Kubernetes {version}, newer than the control plane ({k8s}), which the "
            f"skew policy forbids: EKS also refuses further updates until they match; recreate it on {k8s}"
        )
    else:
        outside = (
            f", already beyond the {position.allowed} minors the skew policy allows"
            if not position.within_policy
            else ""
        )
        upgrade = f" to {target}" if target else ""
        message = (
            f"node group {name} is on Kubernetes {version}, {position.behind} minor"
            f"{'s' if position.behind > 1 else ''} behind the control plane ({k8s}){outside}: EKS refuses "
            f"to upgrade the control plane{upgrade} until it is updated to {k8s} "
            f"(aws eks update-nodegroup-version)"
        )
    return Finding(target=resource, message=message, path=("version",), level="error")


def _group_of(node: K8sObject) -> str:
    labels = node.labels
    if labels.get(COMPUTE_TYPE_LABEL) == "fargate" or node.name.startswith("fargate-"):
        return "Fargate"
    if labels.get(NODEGROUP_LABEL):
        return f"node group {labels[NODEGROUP_LABEL]}"
    if labels.get(NODEPOOL_LABEL):
        return f"Karpenter node pool {labels[NODEPOOL_LABEL]}"
    return "self-managed"


def _nodes(nodes: list[K8sObject], group: str, version: str, k8s: str, target: str | None) -> Finding | None:
    position = skew(k8s, version)
    if position is None or position.behind == 0:
        return None
    names = ", ".join(n.name for n in nodes[:3]) + (f" and {len(nodes) - 3} more" if len(nodes) > 3 else "")
    plural = "s" if len(nodes) > 1 else ""
    if group in ("Fargate", "self-managed"):
        what = f"{len(nodes)} {group} node{plural} ({names})"
    else:
        what = f"{len(nodes)} node{plural} of {group} ({names})"
    what += f" {'run' if plural else 'runs'} kubelet {version}"
    fix = _fix(group, k8s)
    first = nodes[0]
    path = ("status", "nodeInfo", "kubeletVersion")
    if position.newer:
        finding = first.finding(
            f"{what}, newer than the control plane ({k8s}), which the skew policy forbids: {fix}", path
        )
        finding.level = "error"
        return finding
    behind = f"{position.behind} minor{'s' if position.behind > 1 else ''} behind the control plane ({k8s})"
    if not position.within_policy:
        finding = first.finding(
            f"{what}, {behind}, beyond the {position.allowed} the skew policy allows: {fix}", path
        )
        finding.level = "error"
        return finding
    then = skew(target, version) if target else None
    if then is not None and not then.within_policy:
        finding = first.finding(
            f"{what}, {behind}; after the upgrade to {target} they would be {then.behind} behind, beyond the "
            f"{then.allowed} the skew policy allows: {fix} before upgrading the control plane",
            path,
        )
        finding.level = "error"
        return finding
    return first.finding(f"{what}, {behind}: {fix}", path)


def _fix(group: str, k8s: str) -> str:
    if group == "Fargate":
        return f"restart the workloads on them so their pods get Fargate nodes on {k8s}"
    if group.startswith("Karpenter"):
        return f"move the node pool's EC2NodeClass to a {k8s} AMI so drift replaces them"
    return f"replace them with nodes on a {k8s} AMI"
