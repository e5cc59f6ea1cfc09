"""``eks-lint check --upgrade-plan``: one cluster's upgrade plan as Markdown,
its blocking findings first, then each minor version's steps in order."""

from __future__ import annotations

from collections.abc import Iterable

from eks_lint.eks.upgrade_plan import Plan
from eks_lint.engine.model import Finding, format_path


def render(plan: Plan, blockers: Iterable[Finding] = ()) -> str:
    current, target, name = plan.current, plan.target, plan.cluster
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
    for hop in plan.hops:
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
