"""``eks-lint check --upgrade-plan``: the ordered steps of a control-plane upgrade, as Markdown.

Per minor version on the way to the target (EKS upgrades one minor at a
time): add-ons first, one minor at a time; then managed node groups still
behind the control plane; then the control plane; then what follows it
(node groups, kube-proxy and CoreDNS to the new version). Blocking findings
of the upgrade rules come first. Everything is derived from the inventory;
nothing is called.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from eks_lint import addons
from eks_lint.data.ami_types import AL2_AMI_TYPES, AL2_LAST_KUBERNETES, AL2_REPLACEMENT
from eks_lint.inventory import Inventory
from eks_lint.rule import Finding, format_path
from eks_lint.skew import minor_steps, skew
from eks_lint.upgrade import current_version, target_version
from eks_lint.versions import minor

#: Rules whose findings block the upgrade; listed before the steps.
UPGRADE_RULES = (
    "removed-api-version",
    "addon-blocks-upgrade",
    "kubelet-version-skew",
    "control-plane-subnet-ip-headroom",
    "al2-ami-end-of-life",
    "kube-proxy-version-skew",
)


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
                state.addons[addon_name] = replace(found, version=version)
            continue
        lines, version = _addon_steps(inventory, found, start, end)
        hop.before.extend(lines)
        state.addons[addon_name] = replace(found, version=version)
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict):
            continue
        group_name = str(group.get("nodegroupName"))
        version = state.nodegroups.get(group_name)
        if group.get("amiType") in AL2_AMI_TYPES and _past_al2(end):
            if group_name in state.replaced:
                continue
            state.replaced.add(group_name)
            replacement = AL2_REPLACEMENT.get(str(group.get("amiType")), "AL2023")
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
        state.addons[addon_name] = replace(found, version=version)
    return hop


def render(inventory: Inventory, blockers: Iterable[Finding] = ()) -> str:
    current, target = current_version(inventory), target_version(inventory)
    name = _cluster_name(inventory)
    if current is None:  # a planned cluster whose version is chosen at creation
        lines = [f"# Upgrade plan: {name} (Kubernetes version not known)", ""]
    else:
        lines = [f"# Upgrade plan: {name} {current} -> {target}", ""]
    lines.append(
        "EKS upgrades the control plane one minor version at a time and never updates add-ons or "
        "node groups itself; each section below is one such upgrade, in order."
    )
    lines.append("")
    blockers = list(blockers)
    lines.append("## Blocking findings")
    lines.append("")
    if blockers:
        for finding in blockers:
            where = f" `{format_path(finding.path)}`" if finding.path else ""
            resource = finding.resource_display
            lines.append(f"- **{finding.severity}** {finding.name}: {resource}{where}: {finding.message}")
    else:
        lines.append("None found by the upgrade rules.")
    lines.append("")
    for hop in hops(inventory):
        lines.append(f"## {hop.start} -> {hop.end}")
        lines.append("")
        number = 1
        sections = (
            ("Add-ons, one minor at a time", hop.before),
            (f"Managed node groups to the control-plane version ({hop.start})", hop.node_groups),
            ("Control plane", [hop.control_plane]),
            ("After the control plane", hop.after),
        )
        for title, steps in sections:
            lines.append(f"### {title}")
            lines.append("")
            if not steps:
                lines.append("Nothing to do.")
            for step in steps:
                lines.append(f"{number}. {step}")
                number += 1
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def print_plans(runs: list[tuple[Inventory, list[Finding]]], fail_on: object, stream: object) -> int:
    """Write one plan per cluster; exit 1 when a blocking finding is at or above ``--fail-on``."""
    texts, failed = [], False
    for inventory, findings in runs:
        blockers = [f for f in findings if f.name in UPGRADE_RULES]
        failed = failed or any(fail_on is not None and f.severity >= fail_on for f in blockers)
        texts.append(render(inventory, blockers))
    stream.write("\n".join(texts))  # type: ignore[attr-defined]
    return 1 if failed else 0
