"""A managed node group that can scale to one node (a test-only rule for the report tests).

## What it checks
`scalingConfig.minSize` below 2 on a managed node group.

## Why it matters on EKS
Updates replace the only node.

## How to fix
Set the node group's minimum size to 2 or more.

## Example
`aws eks update-nodegroup-config --scaling-config minSize=2`
"""

from eks_lint.engine.inventory import aws
from eks_lint.engine.model import Finding, Rule

RULE = Rule(
    code="TST003",
    name="nodegroup-min-size",
    severity="info",
    summary="A managed node group can scale down to one node.",
    needs=("nodegroups",),
)


def check(inventory, options):
    for group in inventory.part("nodegroups"):
        minimum = group["scalingConfig"]["minSize"]
        if minimum < 2:
            yield Finding(
                target=aws("nodegroup", group["nodegroupName"], group["nodegroupArn"]),
                message=f"minSize is {minimum}: set it to 2",
                path=("scalingConfig", "minSize"),
            )
