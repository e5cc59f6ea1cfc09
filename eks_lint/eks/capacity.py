"""The cluster's node groups as the IP rules see them: managed node groups and self-managed
Auto Scaling groups, with their instance types, subnets, sizes, rolling-update surge and the
labels and taints their nodes are known to carry; and whether a DaemonSet runs on such nodes.

Managed node groups come from DescribeNodegroup (``instanceTypes``, else the launch
template version's ``InstanceType``); self-managed groups from DescribeAutoScalingGroups
(``VPCZoneIdentifier``; ``MixedInstancesPolicy`` overrides, else the launch template
version's ``InstanceType``); Auto Scaling groups that belong to a managed node group are
read through the node group, not twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eks_lint.eks.cluster import (
    asg_launch_template,
    asg_target,
    cluster_asgs,
    items,
    nodegroup_target,
    resolve_version,
    subnet_index,
    template_versions,
)
from eks_lint.eks.ipam import rolling_update_surge
from eks_lint.eks.k8s import as_list
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import AwsResource, K8sObject

#: DescribeNodegroup taint effects -> Kubernetes taint effects.
TAINT_EFFECTS = {
    "NO_SCHEDULE": "NoSchedule",
    "NO_EXECUTE": "NoExecute",
    "PREFER_NO_SCHEDULE": "PreferNoSchedule",
}
#: Labels EKS puts on Fargate, hybrid and Auto Mode nodes only: known absent on node-group nodes.
ABSENT_ON_EC2_NODES = frozenset({"eks.amazonaws.com/compute-type"})


@dataclass
class NodeGroup:
    name: str
    kind: str  # "node group" (managed) or "Auto Scaling group" (self-managed)
    target: AwsResource
    instance_types: list[str]
    subnets: list[str]
    minimum: int
    desired: int
    maximum: int
    surge: int  # extra nodes during a rolling update
    surge_text: str
    labels: dict[str, str] = field(default_factory=dict)  # labels every node is known to carry
    absent_labels: frozenset[str] = ABSENT_ON_EC2_NODES
    taints: list[dict[str, str]] = field(default_factory=list)  # Kubernetes shape
    types_field: tuple[str, ...] = ("instanceTypes",)  # where the instance types were read
    windows: bool = False  # Windows nodes: the VPC CNI's Linux arithmetic does not apply

    @property
    def linux(self) -> bool:
        return not self.windows

    @property
    def managed(self) -> bool:
        return self.kind == "node group"

    def display(self) -> str:
        return f"{self.kind} `{self.name}`"


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _template_instance_type(inventory: Inventory, spec: dict[str, Any] | None) -> str | None:
    if not isinstance(spec, dict):
        return None
    versions = template_versions(
        inventory,
        spec.get("LaunchTemplateId") or spec.get("id"),
        spec.get("LaunchTemplateName") or spec.get("name"),
    )
    entry = resolve_version(versions, spec.get("Version") or spec.get("version"))
    data = entry.get("LaunchTemplateData") if entry else None
    instance_type = data.get("InstanceType") if isinstance(data, dict) else None
    return str(instance_type) if instance_type else None


def _zones(subnets: list[str], index: dict[str, dict[str, Any]]) -> int:
    """Distinct zones of these subnets; unknown subnets are not counted (fewer zones, smaller surge)."""
    zones = {
        index[s].get("AvailabilityZone") for s in subnets if s in index and index[s].get("AvailabilityZone")
    }
    return len(zones) or 1


def managed_labels(nodegroup: dict[str, Any]) -> dict[str, str]:
    """Labels EKS and the node group's own ``labels`` put on every node of a managed node group."""
    labels = {str(k): str(v) for k, v in (nodegroup.get("labels") or {}).items()}
    labels["eks.amazonaws.com/nodegroup"] = str(nodegroup.get("nodegroupName") or "")
    if nodegroup.get("capacityType"):
        labels["eks.amazonaws.com/capacityType"] = str(nodegroup["capacityType"])
    ami_type = str(nodegroup.get("amiType") or "")
    if ami_type and ami_type != "CUSTOM":
        labels["kubernetes.io/os"] = "windows" if ami_type.startswith("WINDOWS") else "linux"
        labels["kubernetes.io/arch"] = "arm64" if "ARM" in ami_type else "amd64"
    return labels


def node_groups(inventory: Inventory) -> list[NodeGroup]:
    index = subnet_index(inventory)
    out = []
    for nodegroup in items(inventory, "nodegroups"):
        scaling = nodegroup.get("scalingConfig") or {}
        desired = _int(scaling.get("desiredSize"))
        subnets = [str(s) for s in nodegroup.get("subnets") or []]
        zones = _zones(subnets, index)
        update = nodegroup.get("updateConfig") if isinstance(nodegroup.get("updateConfig"), dict) else {}
        surge = rolling_update_surge(zones, desired, update)
        types = [str(t) for t in nodegroup.get("instanceTypes") or []]
        types_field: tuple[str, ...] = ("instanceTypes",)
        if not types:
            from_template = _template_instance_type(inventory, nodegroup.get("launchTemplate"))
            types = [from_template] if from_template else []
            types_field = ("launchTemplate",)
        taints = [
            {
                "key": str(taint.get("key") or ""),
                "value": str(taint.get("value") or ""),
                "effect": TAINT_EFFECTS.get(str(taint.get("effect")), str(taint.get("effect"))),
            }
            for taint in nodegroup.get("taints") or []
            if isinstance(taint, dict)
        ]
        out.append(
            NodeGroup(
                name=str(nodegroup.get("nodegroupName") or "?"),
                kind="node group",
                target=nodegroup_target(nodegroup),
                instance_types=types,
                subnets=subnets,
                minimum=_int(scaling.get("minSize")),
                desired=desired,
                maximum=_int(scaling.get("maxSize"), desired),
                surge=surge,
                surge_text=(
                    f"{surge} surge nodes of a rolling update, "
                    f"the larger of 2 x {zones} zones and maxUnavailable"
                ),
                labels=managed_labels(nodegroup),
                taints=taints,
                types_field=types_field,
                windows=str(nodegroup.get("amiType") or "").startswith("WINDOWS"),
            )
        )
    for group, managed in cluster_asgs(inventory):
        if managed:
            continue
        desired = _int(group.get("DesiredCapacity"))
        subnets = [s.strip() for s in str(group.get("VPCZoneIdentifier") or "").split(",") if s.strip()]
        types: list[str] = []
        types_field = ("MixedInstancesPolicy", "LaunchTemplate", "Overrides")
        policy = group.get("MixedInstancesPolicy")
        overrides = (
            ((policy or {}).get("LaunchTemplate") or {}).get("Overrides")
            if isinstance(policy, dict)
            else None
        )
        for override in overrides or []:
            if isinstance(override, dict) and override.get("InstanceType"):
                types.append(str(override["InstanceType"]))
        if not types:
            from_template = _template_instance_type(inventory, asg_launch_template(group))
            types = [from_template] if from_template else []
            types_field = ("MixedInstancesPolicy",) if isinstance(policy, dict) else ("LaunchTemplate",)
        out.append(
            NodeGroup(
                name=str(group.get("AutoScalingGroupName") or "?"),
                kind="Auto Scaling group",
                target=asg_target(group),
                instance_types=list(dict.fromkeys(types)),
                subnets=subnets,
                minimum=_int(group.get("MinSize")),
                desired=desired,
                maximum=_int(group.get("MaxSize"), desired),
                # A self-managed group has no EKS rolling update; an instance refresh
                # terminates before it launches unless MaxHealthyPercentage > 100.
                surge=0,
                surge_text="",
                types_field=types_field,
            )
        )
    return out


# Which DaemonSets run on a node ----------------------------------------------


def _expression_holds(expression: Any, labels: dict[str, str], absent: frozenset[str]) -> bool:
    """One nodeSelectorTerm expression; a label neither known nor known absent proves nothing (False)."""
    if not isinstance(expression, dict):
        return False
    key = expression.get("key")
    operator = expression.get("operator")
    values = [str(v) for v in expression.get("values") or []]
    if key in labels:
        value = labels[key]
        if operator == "In":
            return value in values
        if operator == "NotIn":
            return value not in values
        if operator == "Exists":
            return True
        if operator == "DoesNotExist":
            return False
        if operator in ("Gt", "Lt") and values:
            try:
                number, bound = int(value), int(values[0])
            except ValueError:
                return False
            return number > bound if operator == "Gt" else number < bound
        return False
    if key in absent:
        return operator in ("NotIn", "DoesNotExist")
    return False


def tolerates(tolerations: Any, taint: dict[str, str]) -> bool:
    for toleration in tolerations or []:
        if not isinstance(toleration, dict):
            continue
        effect = toleration.get("effect")
        if effect and effect != taint["effect"]:
            continue
        key = toleration.get("key")
        operator = toleration.get("operator") or "Equal"
        if not key and operator == "Exists":
            return True
        if key != taint["key"]:
            continue
        if operator == "Exists" or str(toleration.get("value") or "") == taint["value"]:
            return True
    return False


def daemonset_runs_on(
    daemonset: K8sObject,
    labels: dict[str, str],
    taints: list[dict[str, str]],
    absent: frozenset[str] = frozenset(),
) -> bool:
    """Whether the DaemonSet's pods are sure to land on a node with these labels and taints.

    Only what can be proven counts: a node selector or required node affinity on a
    label whose value is not known makes this False, so pods are never over-counted.
    """
    spec = daemonset.get("spec", "template", "spec")
    if not isinstance(spec, dict):
        return False
    selector = spec.get("nodeSelector") or {}
    if not isinstance(selector, dict):
        return False
    for key, value in selector.items():
        if labels.get(key) != str(value):
            return False
    required = (
        ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
            "requiredDuringSchedulingIgnoredDuringExecution"
        )
        or {}
    ).get("nodeSelectorTerms")
    if required:
        matched = False
        for term in required:
            if not isinstance(term, dict) or term.get("matchFields"):
                continue
            if all(_expression_holds(e, labels, absent) for e in as_list(term.get("matchExpressions"))):
                matched = True
                break
        if not matched:
            return False
    for taint in taints:
        if taint["effect"] in ("NoSchedule", "NoExecute") and not tolerates(spec.get("tolerations"), taint):
            return False
    return True
