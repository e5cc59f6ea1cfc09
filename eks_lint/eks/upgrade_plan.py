"""The ordered steps of a control-plane upgrade (``eks-lint check --upgrade-plan``).

Per minor version on the way to the target (EKS upgrades one minor at a
time): add-ons first, one minor at a time; then managed node groups still
behind the control plane; then the control plane; then what follows it
(node groups, kube-proxy and CoreDNS to the new version). Blocking findings
of the upgrade rules come first. Everything is derived from the inventory;
nothing is called. ``eks_lint.report.upgrade_plan`` writes a plan as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eks_lint.data.ami_types import AL2_AMI_TYPES, AL2_LAST_KUBERNETES, al2_replacement
from eks_lint.eks import addons
from eks_lint.eks.skew import minor_steps, skew
from eks_lint.eks.upgrade import current_version, target_version
from eks_lint.eks.versions import minor
from eks_lint.engine.inventory import Inventory

#: Rules whose findings block the upgrade; listed before the steps.
UPGRADE_RULES = (
    "removed-api-version",
    "addon-blocks-upgrade",
    "kubelet-version-skew",
    "control-plane-subnet-ip-headroom",
    "al2-ami-end-of-life",
    "kube-proxy-version-skew",
    "git-repo-volume",
    "containerd-1-node",
    "cgroup-v1-node",
    "karpenter-version-compatibility",
)


@dataclass
class Plan:
    """One cluster's way from its version to the target, one hop per minor version."""

    cluster: str
    current: str | None  # None: a planned cluster whose version is chosen at creation
    target: str | None
    hops: list[Hop]


@dataclass
class Hop:
    start: str
    end: str
    before: list[str] = field(default_factory=list)
    node_groups: list[str] = field(default_factory=list)
    control_plane: str = ""
    after: list[str] = field(default_factory=list)


@dataclass
class _State:
    """What the cluster runs as the plan goes: steps of one hop change what the next one sees."""

    addons: dict[str, addons.Installed]
    nodegroups: dict[str, str]
    nodes: dict[str, str]  # node group label (self-managed, Karpenter, Fargate) -> kubelet minor
    replaced: set[str] = field(default_factory=set)


def hops(inventory: Inventory) -> list[Hop]:
    current, target = current_version(inventory), target_version(inventory)
    if current is None or target is None:
        return []
    state = _State(
        addons={n: found for n in _addon_names(inventory) if (found := addons.installed(inventory, n))},
        nodegroups={
            str(g.get("nodegroupName")): str(g.get("version"))
            for g in inventory.part("nodegroups") or []
            if isinstance(g, dict)
        },
        nodes=_unmanaged_nodes(inventory),
    )
    out: list[Hop] = []
    start = current
    for end in minor_steps(current, target):
        out.append(_hop(inventory, start, end, state))
        start = end
    return out


def _unmanaged_nodes(inventory: Inventory) -> dict[str, str]:
    """Oldest kubelet minor per group of nodes EKS does not upgrade (not in a managed node group)."""
    managed = {g.get("nodegroupName") for g in inventory.part("nodegroups") or [] if isinstance(g, dict)}
    out: dict[str, str] = {}
    for node in inventory.of_kind("Node"):
        labels = node.labels
        if labels.get("eks.amazonaws.com/nodegroup") in managed and labels.get("eks.amazonaws.com/nodegroup"):
            continue
        if labels.get("eks.amazonaws.com/compute-type") == "auto":  # EKS Auto Mode replaces them itself
            continue
        version = minor(node.get("status", "nodeInfo", "kubeletVersion"))
        if version is None:
            continue
        if labels.get("eks.amazonaws.com/compute-type") == "fargate" or node.name.startswith("fargate-"):
            group = "Fargate nodes"
        elif labels.get("karpenter.sh/nodepool"):
            group = f"Karpenter node pool {labels['karpenter.sh/nodepool']}"
        else:
            group = "self-managed nodes"
        text = f"{version[0]}.{version[1]}"
        if group not in out or (minor(text) or (0, 0)) < (minor(out[group]) or (0, 0)):
            out[group] = text
    return out


def _cluster_name(inventory: Inventory) -> str:
    return str((inventory.cluster or {}).get("name") or "CLUSTER")


def _addon_names(inventory: Inventory) -> list[str]:
    names = [str(a.get("addonName")) for a in inventory.part("addons") or [] if isinstance(a, dict)]
    for name in ("vpc-cni", "coredns", "kube-proxy"):
        if name not in names and addons.installed(inventory, name) is not None:
            names.append(name)
    return names


def _version_for_minor(inventory: Inventory, name: str, k8s: str, wanted: str, goal: str) -> str:
    """The newest DescribeAddonVersions build of minor ``wanted`` for ``k8s``, else ``vX.Y.x``."""
    if minor(goal) == minor(wanted):
        return goal
    live = addons.live_versions(inventory, name, k8s) or []
    same = [str(e.get("addonVersion")) for e in live if minor(e.get("addonVersion")) == minor(wanted)]
    return max(same, key=addons.version_key) if same else f"v{wanted}.x"


def _update(inventory: Inventory, found: addons.Installed, version: str) -> str:
    if found.addon is not None:
        return (
            f"`aws eks update-addon --cluster-name {_cluster_name(inventory)} --addon-name {found.name} "
            f"--addon-version {version}`"
        )
    assert found.workload is not None
    obj = found.workload
    return f"update the self-managed {obj.kind} {obj.namespace}/{obj.name} to {version}"


def _addon_steps(
    inventory: Inventory, found: addons.Installed, start: str, end: str
) -> tuple[list[str], str]:
    """Updates before the control plane, and the version they reach: required when incompatible
    with ``end``; the VPC CNI also when behind the newest for ``start``, one minor at a time (the
    EKS API refuses bigger jumps)."""
    name = found.name
    verdict = addons.compatibility(inventory, name, found.version, end)
    required = verdict.compatible is False
    if not required and name != "vpc-cni":
        return [], found.version
    goal = (
        addons.compatible_with_both(inventory, name, start, end) or addons.newest(inventory, name, start)[0]
    )
    if goal is None or addons.version_key(goal) <= addons.version_key(found.version):
        if not required:
            return [], found.version
        return [
            f"{name} {found.version} is not compatible with {end} ({verdict.source}): update it to a "
            f"version compatible with {start} and {end}"
        ], found.version
    why = f"required: {found.version} is not compatible with {end}" if required else "recommended"
    steps = minor_steps(found.version, goal) if name == "vpc-cni" else []
    versions = [_version_for_minor(inventory, name, start, step, goal) for step in steps] or [goal]
    out = []
    for version in versions:
        if version.endswith(".x"):
            lookup = f"aws eks describe-addon-versions --addon-name {name} --kubernetes-version {start}"
            out.append(f"{name} -> the newest {version[:-2]} build ({why}), listed by `{lookup}`")
        else:
            out.append(f"{name} -> {version} ({why}): {_update(inventory, found, version)}")
    return out, goal


def _past_al2(version: str) -> bool:
    return (minor(version) or (0, 0)) > (minor(AL2_LAST_KUBERNETES) or (0, 0))


def _hop(inventory: Inventory, start: str, end: str, state: _State) -> Hop:
    hop = Hop(start, end)
    name = _cluster_name(inventory)
    for addon_name, found in state.addons.items():
        if addon_name == "kube-proxy":
            position = skew(end, found.version)
            if position is not None and not position.within_policy:
                version = addons.default(inventory, addon_name, start)[0] or f"the {start} build"
                hop.before.append(
                    f"kube-proxy -> {version} (required: {found.version} would be {position.behind} minors "
                    f"behind {end}): {_update(inventory, found, version)}"
                )
                state.addons[addon_name] = found.replace(version=version)
            continue
        lines, version = _addon_steps(inventory, found, start, end)
        hop.before.extend(lines)
        state.addons[addon_name] = found.replace(version=version)
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict):
            continue
        group_name = str(group.get("nodegroupName"))
        version = state.nodegroups.get(group_name)
        if group.get("amiType") in AL2_AMI_TYPES and _past_al2(end):
            if group_name in state.replaced:
                continue
            state.replaced.add(group_name)
            replacement = (
                al2_replacement(str(group.get("amiType")), group.get("instanceTypes") or ()) or "AL2023"
            )
            hop.node_groups.append(
                f"{group_name}: replace it with a node group on {replacement} (no {group.get('amiType')} "
                f"AMIs for {end})"
            )
        elif minor(version) != minor(start):
            hop.node_groups.append(
                f"{group_name} {version} -> {start}: `aws eks update-nodegroup-version "
                f"--cluster-name {name} --nodegroup-name {group_name} --kubernetes-version {start}`"
            )
            state.nodegroups[group_name] = start
    for group, version in state.nodes.items():
        position = skew(end, version)
        if position is not None and not position.within_policy:
            hop.node_groups.append(
                f"{group} on kubelet {version} would be {position.behind} minors behind {end}: replace "
                f"them with nodes on {start} (EKS does not upgrade them)"
            )
            state.nodes[group] = start
    hop.control_plane = f"`aws eks update-cluster-version --name {name} --kubernetes-version {end}`"
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict) or (group.get("amiType") in AL2_AMI_TYPES and _past_al2(end)):
            continue
        group_name = str(group.get("nodegroupName"))
        hop.after.append(
            f"node group {group_name} -> {end}: `aws eks update-nodegroup-version "
            f"--cluster-name {name} --nodegroup-name {group_name} --kubernetes-version {end}`"
        )
        state.nodegroups[group_name] = end
    for addon_name in ("kube-proxy", "coredns"):
        found = state.addons.get(addon_name)
        if found is None:
            continue
        version = addons.default(inventory, addon_name, end)[0] or f"the {end} build"
        hop.after.append(f"{addon_name} -> {version}: {_update(inventory, found, version)}")
        state.addons[addon_name] = found.replace(version=version)
    return hop


def plan(inventory: Inventory) -> Plan:
    return Plan(
        cluster=_cluster_name(inventory),
        current=current_version(inventory),
        target=target_version(inventory),
        hops=hops(inventory),
    )
