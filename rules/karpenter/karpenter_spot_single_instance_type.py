"""A Karpenter NodePool that may launch only Spot capacity of a single instance type.

## What it checks
A NodePool (`karpenter.sh/v1` or `v1beta1`) whose `spec.template.spec.requirements`
allow only Spot (`karpenter.sh/capacity-type` `In [spot]`) and pin
`node.kubernetes.io/instance-type` with `In` to fewer than
`min-instance-types` types (default 2). Other requirements only narrow the
choice further, so they are not needed to judge it.

## Why it matters on EKS
Spot capacity is reclaimed and runs out per instance type and Availability
Zone. With one type Karpenter's price-capacity-optimized choice has nothing
to choose from: one pool running dry interrupts every node of the NodePool
at once, and replacements cannot launch, so its pods stay Pending. Karpenter
recommends letting it pick from as many instance types as possible.

## How to fix
Replace the instance-type pin with broader requirements (instance category,
generation, size or CPU count), or list many types; add `on-demand` to the
capacity types as a fallback.

## Example
```yaml
requirements:
  - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}
  - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c, m, r]}
  - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["5"]}
```

Threshold: 2 instance types (option `min-instance-types`). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/karpenter.html
(avoid overly constraining the instance types, especially with Spot);
https://karpenter.sh/docs/concepts/nodepools/#spectemplatespecrequirements.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import Finding, Inventory, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

RULE = Rule(
    code="EKS544",
    name="karpenter-spot-single-instance-type",
    severity="warning",
    summary="A Karpenter NodePool allows only Spot capacity of one instance type.",
    kinds=("NodePool",),
    options={"min-instance-types": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/karpenter.html",
)

CAPACITY_TYPE = "karpenter.sh/capacity-type"
INSTANCE_TYPE_KEYS = ("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for pool in inventory.of_kind("NodePool"):
        if pool.group != "karpenter.sh":
            continue
        requirements = pool.get("spec", "template", "spec", "requirements", default=[])
        if not isinstance(requirements, list):
            continue
        capacity = _in_values(requirements, (CAPACITY_TYPE,))
        types = _in_values(requirements, INSTANCE_TYPE_KEYS)
        if capacity is None or set(capacity[0]) != {"spot"} or types is None:
            continue
        values, index = types
        if len(values) < options["min-instance-types"]:
            listed = ", ".join(values) or "none"
            yield pool.finding(
                f"allows only Spot capacity of {len(values)} instance type ({listed}), so "
                "one Spot pool running dry interrupts all its nodes and blocks replacements: allow many "
                "instance types (by category and generation) and on-demand as a fallback",
                ("spec", "template", "spec", "requirements", index),
            )


def _in_values(requirements: list[Any], keys: tuple[str, ...]) -> tuple[list[str], int] | None:
    """The values of the first ``In`` requirement on one of the keys, with its index."""
    for index, requirement in enumerate(requirements):
        if (
            isinstance(requirement, dict)
            and requirement.get("key") in keys
            and requirement.get("operator") == "In"
            and isinstance(requirement.get("values"), list)
        ):
            return [str(v) for v in requirement["values"]], index
    return None
