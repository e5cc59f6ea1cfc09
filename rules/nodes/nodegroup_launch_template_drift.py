"""A managed node group runs a launch template version that is neither the template's latest nor its default.

## What it checks
For a node group with `launchTemplate` (DescribeNodegroup), the version it
runs against the versions of that template in the
`launch_template_versions` part (DescribeLaunchTemplateVersions). The
template's default is the entry with `DefaultVersion: true`; its latest is
the highest `VersionNumber` present, which is the true latest when the
collector asks for `$Latest` (it requests `$Latest`, `$Default` and the
version in use). Reported when the version in use is older than both. A
node group on `$Latest`/`$Default`, or whose template is not in the part,
is not judged.

## Why it matters on EKS
Someone changed the template (AMI, user data, security groups, IMDS
settings) and the change never reached the nodes. It will ride along,
untested, with the next node group update, whenever that happens, mixed
with whatever that update was for. Until then the running nodes differ from
what the template says.

## How to fix
Roll the node group to the version you mean to run
(`aws eks update-nodegroup-version --launch-template name=...,version=N`),
or delete the versions you do not mean to ship.

## Example
Node group `web` runs version 3 of `lt-0abc`; the default is 5 and the
latest 5 -> update `web` to version 5.

Source: clowdhaus/eksup docs/info/checks.md (EKS006/EKS007, launch template
version drift); https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import default_version, items, latest_version, nodegroup_target, template_versions
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS503",
    name="nodegroup-launch-template-drift",
    severity="info",
    summary="A node group runs an older launch template version than the template's latest and default.",
    needs=("nodegroups", "launch_template_versions"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for nodegroup in items(inventory, "nodegroups"):
        spec = nodegroup.get("launchTemplate")
        if not isinstance(spec, dict):
            continue
        try:
            used = int(str(spec.get("version")))
        except ValueError:
            continue  # $Latest / $Default / absent: follows the template
        versions = template_versions(inventory, spec.get("id"), spec.get("name"))
        latest, default = latest_version(versions), default_version(versions)
        if latest is None or used in (latest, default):
            continue
        name = spec.get("name") or spec.get("id")
        newer = f"latest {latest}" + (f", default {default}" if default is not None else "")
        yield Finding(
            target=nodegroup_target(nodegroup),
            message=f"node group {nodegroup.get('nodegroupName')} runs version {used} of launch template "
            f"{name} ({newer}), so untested template changes ride along with its next update: update it "
            "to the version you mean to run or delete the unused versions",
            path=("launchTemplate", "version"),
        )
