"""Pods can reach the instance metadata service and take the node role's credentials.

## What it checks
The effective instance metadata options of every managed node group, and of
every self-managed Auto Scaling group (one without the `eks:nodegroup-name`
tag) that uses a launch template:

- with a launch template: its version's `LaunchTemplateData.MetadataOptions`
  from `launch_template_versions` (`$Default` and `$Latest` are resolved);
- a managed node group without one: what EKS puts in the launch template it
  generates, per `amiType` (AL2023: `HttpTokens: required`, hop limit 1;
  Amazon Linux 2: `optional`, 2; Bottlerocket: `required`, 2; see
  eks_lint/data/imds_defaults.py for the sources).

It reports `HttpTokens: optional` (IMDSv1 answers any process, hop limit or
not) and `HttpPutResponseHopLimit` above `max-hop-limit` (default 1: an
IMDSv2 token then reaches containers on the pod network). Nothing is
reported when `HttpEndpoint` is `disabled`, or for a field the launch
template leaves out (its value then depends on the AMI and account defaults,
which the snapshot does not hold), or for Windows AMI types.

## Why it matters on EKS
Credentials from IMDS are the node role's: ECR pull, ENI management (when
the CNI has no role of its own), and whatever else is attached. A pod that
reads them bypasses IRSA and Pod Identity scoping and acts as the node.

## How to fix
Set `HttpTokens: required` and `HttpPutResponseHopLimit: 1` in the node
group's launch template and roll the nodes. A managed node group created
without a launch template cannot be given one: create a new node group with
a launch template and move the workloads. Keep `HttpEndpoint: enabled`
(aws-node and the node termination handler read IMDS from the host network).
Pods that really need instance metadata should get IRSA or Pod Identity
instead, or `--aws-region`/`--aws-vpc-id` flags (AWS Load Balancer Controller).

## Example
```json
"MetadataOptions": {"HttpEndpoint": "enabled", "HttpTokens": "required", "HttpPutResponseHopLimit": 1}
```

Threshold: `HttpTokens` `optional`, or hop limit above `max-hop-limit`
(default 1) (warning). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Restrict access to the instance profile assigned to the worker node: IMDSv2
only and hop limit 1); https://docs.aws.amazon.com/eks/latest/userguide/al2023.html
(AL2023 default hop limit 1); https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eks_lint.data.imds_defaults import defaults_for
from eks_lint.rule import Finding, Inventory, Rule, aws

RULE = Rule(
    code="EKS109",
    name="imds-reachable-from-pods",
    severity="warning",
    summary="A node group lets pods reach IMDS (IMDSv1 or hop limit above 1) and take the node role.",
    needs=("nodegroups",),
    wants=("launch_template_versions", "auto_scaling_groups"),
    options={"max-hop-limit": 1},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    limit = int(options["max-hop-limit"])
    versions = [v for v in inventory.part("launch_template_versions") or [] if isinstance(v, dict)]
    for group in inventory.part("nodegroups") or []:
        if not isinstance(group, dict):
            continue
        target = aws("nodegroup", str(group.get("nodegroupName")), group.get("nodegroupArn"))
        spec = group.get("launchTemplate")
        if isinstance(spec, dict) and (spec.get("id") or spec.get("name")):
            found = _version(versions, spec.get("id"), spec.get("name"), spec.get("version"))
            if found is None:
                continue
            options_found, where = _from_template(found)
            path: tuple[str, ...] = ("launchTemplate",)
            fix = "set {settings} in a new launch template version and update the node group to it"
        else:
            defaults = defaults_for(group.get("amiType"))
            if defaults is None:
                continue
            options_found = {"HttpTokens": defaults[0], "HttpPutResponseHopLimit": defaults[1]}
            where = f"the launch template EKS generates for amiType {group.get('amiType')}"
            path = ("amiType",)
            fix = (
                "create a replacement node group with a launch template that has {settings} "
                "(a node group created without one cannot be given one)"
            )
        problem = _problem(options_found, limit)
        if problem:
            yield Finding(
                target=target,
                message=(
                    f"{where} {problem}, so pods can take the node role's credentials: "
                    + fix.format(settings=_settings(options_found, limit))
                ),
                path=path,
            )
    for asg in inventory.part("auto_scaling_groups") or []:
        if not isinstance(asg, dict) or _is_managed(asg):
            continue
        spec = asg.get("LaunchTemplate") or (
            ((asg.get("MixedInstancesPolicy") or {}).get("LaunchTemplate") or {}).get(
                "LaunchTemplateSpecification"
            )
        )
        if not isinstance(spec, dict):
            continue
        found = _version(
            versions, spec.get("LaunchTemplateId"), spec.get("LaunchTemplateName"), spec.get("Version")
        )
        if found is None:
            continue
        options_found, where = _from_template(found)
        problem = _problem(options_found, limit)
        if problem:
            name = str(asg.get("AutoScalingGroupName"))
            yield Finding(
                target=aws("autoscaling-group", name, asg.get("AutoScalingGroupARN")),
                message=(
                    f"{where} (Auto Scaling group {name}) {problem}, so pods can take the node role's "
                    f"credentials: set {_settings(options_found, limit)} and refresh the instances"
                ),
                path=("LaunchTemplate",),
            )


def _problem(metadata: dict[str, Any], limit: int) -> str | None:
    if str(metadata.get("HttpEndpoint") or "enabled") == "disabled":
        return None
    parts = []
    if metadata.get("HttpTokens") == "optional":
        parts.append("allows IMDSv1 (HttpTokens optional)")
    hop = metadata.get("HttpPutResponseHopLimit")
    if isinstance(hop, int) and not isinstance(hop, bool) and hop > limit:
        parts.append(f"has HttpPutResponseHopLimit {hop} (above {limit})")
    return " and ".join(parts) or None


def _settings(metadata: dict[str, Any], limit: int) -> str:
    wanted = []
    if metadata.get("HttpTokens") == "optional":
        wanted.append("HttpTokens required")
    hop = metadata.get("HttpPutResponseHopLimit")
    if isinstance(hop, int) and hop > limit:
        wanted.append(f"HttpPutResponseHopLimit {limit}")
    return " and ".join(wanted)


def _from_template(version: dict[str, Any]) -> tuple[dict[str, Any], str]:
    data = version.get("LaunchTemplateData") or {}
    metadata = data.get("MetadataOptions") if isinstance(data, dict) else None
    name = version.get("LaunchTemplateName") or version.get("LaunchTemplateId")
    return (metadata if isinstance(metadata, dict) else {}), (
        f"launch template {name} version {version.get('VersionNumber')}"
    )


def _version(
    versions: list[dict[str, Any]], template_id: Any, name: Any, wanted: Any
) -> dict[str, Any] | None:
    """The launch template version a node group or ASG uses; None when the snapshot lacks it."""
    candidates = [
        v
        for v in versions
        if (template_id and v.get("LaunchTemplateId") == template_id)
        or (not template_id and name and v.get("LaunchTemplateName") == name)
    ]
    if not candidates:
        return None
    wanted_text = str(wanted or "$Default")
    if wanted_text == "$Default":
        return next((v for v in candidates if v.get("DefaultVersion")), None)
    if wanted_text == "$Latest":
        return max(candidates, key=lambda v: int(v.get("VersionNumber") or 0))
    return next((v for v in candidates if str(v.get("VersionNumber")) == wanted_text), None)


def _is_managed(asg: dict[str, Any]) -> bool:
    return any(isinstance(t, dict) and t.get("Key") == "eks:nodegroup-name" for t in asg.get("Tags") or [])
