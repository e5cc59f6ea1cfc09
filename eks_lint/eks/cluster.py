"""Helpers for reading the AWS side of an inventory, shared by the cluster rules.

Tags come as ``[{"Key": ..., "Value": ...}]`` from EC2 and Auto Scaling and as
a plain map from EKS; launch template versions are named by number,
``$Latest`` or ``$Default``; an Auto Scaling group belongs to a managed node
group or is self-managed; cluster-autoscaler finds groups by tags given in its
flags. Each of these is read one way here, tested once in tests/test_cluster.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.eks_platform import (
    AUTOSCALER_CLUSTER_TAG_PREFIX,
    AUTOSCALER_ENABLED_TAG,
    CLUSTER_TAG_PREFIX,
    MANAGED_NODEGROUP_TAG,
)
from eks_lint.eks.k8s import container_words, containers
from eks_lint.engine.inventory import Inventory, aws
from eks_lint.engine.model import AwsResource, K8sObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def tag_map(tags: Any) -> dict[str, str]:
    """Tags as a dict, from an EKS tag map or an EC2 / Auto Scaling ``[{Key, Value}]`` list."""
    if isinstance(tags, dict):
        return {str(key): str(value) for key, value in tags.items()}
    out: dict[str, str] = {}
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, dict) and "Key" in tag:
                out[str(tag["Key"])] = str(tag.get("Value") or "")
    return out


def items(inventory: Inventory, part: str) -> list[dict[str, Any]]:
    """The dict entries of a list-shaped part; ``[]`` when absent or malformed."""
    value = inventory.parts.get(part)
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, dict)]


def cluster_name(inventory: Inventory) -> str | None:
    cluster = inventory.cluster
    if isinstance(cluster, dict) and cluster.get("name"):
        return str(cluster["name"])
    return None


def cluster_target(cluster: dict[str, Any]) -> AwsResource:
    return aws("cluster", str(cluster.get("name") or "?"), cluster.get("arn"))


def nodegroup_target(nodegroup: dict[str, Any]) -> AwsResource:
    return aws("nodegroup", str(nodegroup.get("nodegroupName") or "?"), nodegroup.get("nodegroupArn"))


def asg_target(group: dict[str, Any]) -> AwsResource:
    return aws(
        "autoscaling-group", str(group.get("AutoScalingGroupName") or "?"), group.get("AutoScalingGroupARN")
    )


def fargate_target(profile: dict[str, Any]) -> AwsResource:
    return aws(
        "fargate-profile", str(profile.get("fargateProfileName") or "?"), profile.get("fargateProfileArn")
    )


def subnet_index(inventory: Inventory) -> dict[str, dict[str, Any]]:
    return {
        str(subnet["SubnetId"]): subnet for subnet in items(inventory, "subnets") if subnet.get("SubnetId")
    }


def subnet_zones(subnet_ids: Any, index: dict[str, dict[str, Any]]) -> set[str] | None:
    """The zones of these subnets, or None when any subnet is not in the inventory (unknown)."""
    if not isinstance(subnet_ids, list) or not subnet_ids:
        return None
    zones = set()
    for subnet_id in subnet_ids:
        subnet = index.get(str(subnet_id))
        if subnet is None or not subnet.get("AvailabilityZone"):
            return None
        zones.add(str(subnet["AvailabilityZone"]))
    return zones


# Launch templates -------------------------------------------------------------


def template_versions(
    inventory: Inventory, template_id: Any = None, name: Any = None
) -> list[dict[str, Any]]:
    """The versions of one launch template in the inventory, matched by id or else by name."""
    out = []
    for entry in items(inventory, "launch_template_versions"):
        if template_id and entry.get("LaunchTemplateId") == template_id:
            out.append(entry)
        elif not template_id and name and entry.get("LaunchTemplateName") == name:
            out.append(entry)
    return out


def latest_version(versions: list[dict[str, Any]]) -> int | None:
    """The highest version number known: the template's latest when the collector
    fetched ``$Latest`` (DescribeLaunchTemplateVersions with Versions
    ``["$Latest", "$Default", <used>]``, or all versions)."""
    numbers = [entry["VersionNumber"] for entry in versions if isinstance(entry.get("VersionNumber"), int)]
    return max(numbers) if numbers else None


def default_version(versions: list[dict[str, Any]]) -> int | None:
    for entry in versions:
        if entry.get("DefaultVersion") is True and isinstance(entry.get("VersionNumber"), int):
            return entry["VersionNumber"]
    return None


def resolve_version(versions: list[dict[str, Any]], version: Any) -> dict[str, Any] | None:
    """The entry for a version given as a number, ``"3"``, ``$Latest`` or ``$Default`` (None: unknown)."""
    text = str(version) if version is not None else "$Default"
    if text == "$Latest":
        number = latest_version(versions)
    elif text == "$Default":
        number = default_version(versions)
    else:
        try:
            number = int(text)
        except ValueError:
            return None
    for entry in versions:
        if entry.get("VersionNumber") == number:
            return entry
    return None


def asg_launch_template(group: dict[str, Any]) -> dict[str, Any] | None:
    """An ASG's launch template spec (``LaunchTemplateId``, ``LaunchTemplateName``, ``Version``)."""
    spec = group.get("LaunchTemplate")
    if isinstance(spec, dict):
        return spec
    policy = group.get("MixedInstancesPolicy")
    if isinstance(policy, dict):
        template = policy.get("LaunchTemplate")
        if isinstance(template, dict) and isinstance(template.get("LaunchTemplateSpecification"), dict):
            return template["LaunchTemplateSpecification"]
    return None


def template_security_groups(entry: dict[str, Any]) -> list[str]:
    """Security group ids a launch template version gives its instances."""
    data = entry.get("LaunchTemplateData")
    if not isinstance(data, dict):
        return []
    groups = [str(group) for group in data.get("SecurityGroupIds") or []]
    for interface in data.get("NetworkInterfaces") or []:
        if isinstance(interface, dict):
            groups.extend(str(group) for group in interface.get("Groups") or [])
    return list(dict.fromkeys(groups))


# Auto Scaling groups ----------------------------------------------------------


def is_managed_asg(group: dict[str, Any], managed_names: set[str] | None = None) -> bool:
    """Whether an Auto Scaling group belongs to an EKS managed node group."""
    name = group.get("AutoScalingGroupName")
    return MANAGED_NODEGROUP_TAG in tag_map(group.get("Tags")) or bool(
        managed_names and name in managed_names
    )


def managed_asg_names(inventory: Inventory) -> set[str]:
    names = set()
    for nodegroup in items(inventory, "nodegroups"):
        resources = nodegroup.get("resources")
        groups = resources.get("autoScalingGroups") if isinstance(resources, dict) else None
        for group in groups or []:
            if isinstance(group, dict) and group.get("name"):
                names.add(str(group["name"]))
    return names


def belongs_to_cluster(group: dict[str, Any], name: str | None) -> bool:
    """Tagged for this cluster (``kubernetes.io/cluster/<name>`` or cluster-autoscaler's
    ``k8s.io/cluster-autoscaler/<name>``); with no cluster name, tagged for any cluster."""
    tags = tag_map(group.get("Tags"))
    if name is None:
        return any(key.startswith(CLUSTER_TAG_PREFIX) for key in tags)
    return (
        CLUSTER_TAG_PREFIX + name in tags
        or AUTOSCALER_CLUSTER_TAG_PREFIX + name in tags
        or tags.get("eks:cluster-name") == name
    )


def cluster_asgs(inventory: Inventory) -> Iterator[tuple[dict[str, Any], bool]]:
    """(group, is managed) for each Auto Scaling group of this cluster's nodes."""
    managed = managed_asg_names(inventory)
    name = cluster_name(inventory)
    for group in items(inventory, "auto_scaling_groups"):
        if is_managed_asg(group, managed):
            yield group, True
        elif belongs_to_cluster(group, name):
            yield group, False


# cluster-autoscaler -----------------------------------------------------------


def autoscaler_containers(inventory: Inventory) -> Iterator[tuple[K8sObject, dict[str, Any], list[str]]]:
    """(workload, container, command + args) for each cluster-autoscaler container in the input."""
    for workload in inventory.of_kind("Deployment"):
        for container, _path in containers(workload, ("containers",)):
            image = str(container.get("image") or "")
            if "cluster-autoscaler" not in image.rsplit("/", 1)[-1].split(":", 1)[0]:
                continue
            words = container_words(container)
            yield workload, container, words


def flag_values(words: list[str], flag: str) -> list[str]:
    """Values of ``--flag=value`` and ``--flag value`` (repeatable)."""
    values = []
    for index, word in enumerate(words):
        if word.startswith(flag + "="):
            values.append(word[len(flag) + 1 :])
        elif word == flag and index + 1 < len(words):
            values.append(words[index + 1])
    return values


def discovery_tags(words: list[str]) -> list[dict[str, str | None]]:
    """Each ``--node-group-auto-discovery=asg:tag=k1,k2=v`` as ``{key: value or None}``.

    cluster-autoscaler manages a group only when it carries every key (with the
    value, when one is given) of one discovery flag.
    """
    out = []
    for value in flag_values(words, "--node-group-auto-discovery"):
        if not value.startswith("asg:tag="):
            continue
        wanted: dict[str, str | None] = {}
        for item in value[len("asg:tag=") :].split(","):
            key, has_value, tag_value = item.partition("=")
            if key:
                wanted[key] = tag_value if has_value else None
        if wanted:
            out.append(wanted)
    return out


def explicit_groups(words: list[str]) -> set[str]:
    """Group names from ``--nodes=min:max:name``."""
    return {value.split(":", 2)[2] for value in flag_values(words, "--nodes") if value.count(":") >= 2}


def missing_discovery_tags(group: dict[str, Any], wanted: dict[str, str | None]) -> list[str]:
    """The discovery tags (``key`` or ``key=value``) a group lacks."""
    tags = tag_map(group.get("Tags"))
    missing = []
    for key, value in wanted.items():
        if key not in tags or (value is not None and tags[key] != value):
            missing.append(key if value is None else f"{key}={value}")
    return missing


def autoscaler_manages(group: dict[str, Any], words: list[str]) -> bool:
    if group.get("AutoScalingGroupName") in explicit_groups(words):
        return True
    return any(not missing_discovery_tags(group, wanted) for wanted in discovery_tags(words))


def default_discovery_tags(name: str) -> dict[str, str | None]:
    """The tags the cluster-autoscaler AWS docs use, and EKS puts on managed node groups."""
    return {AUTOSCALER_ENABLED_TAG: None, AUTOSCALER_CLUSTER_TAG_PREFIX + name: None}


def health_issues(resource: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(index, what, message) for each issue in a DescribeCluster/DescribeNodegroup
    ``health.issues`` list: ``what`` is the code and the resource IDs it names."""
    health = resource.get("health")
    issues = health.get("issues") if isinstance(health, dict) else None
    for index, issue in enumerate(issues or []):
        if not isinstance(issue, dict):
            continue
        resources = ", ".join(str(item) for item in issue.get("resourceIds") or [])
        what = str(issue.get("code", "an issue")) + (f" ({resources})" if resources else "")
        yield index, what, str(issue.get("message") or "no message").rstrip(".")
