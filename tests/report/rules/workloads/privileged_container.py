"""A privileged container (a test-only rule for the report tests).

## What it checks
`securityContext.privileged: true` on any container of a Deployment.

## Why it matters on EKS
A privileged container owns the node, and with it the node's IAM role.

## How to fix
Remove `privileged: true`; grant the single capability needed instead.

## Example
```yaml
securityContext:
  privileged: false
```
"""

from eks_lint.engine.model import Rule

RULE = Rule(
    code="TST002",
    name="privileged-container",
    severity="error",
    summary="A container runs privileged.",
    kinds=("Deployment",),
)


def check(inventory, options):
    for deployment in inventory.of_kind("Deployment"):
        containers = deployment.get("spec", "template", "spec", "containers", default=[])
        for index, container in enumerate(containers):
            if (container.get("securityContext") or {}).get("privileged") is True:
                path = ("spec", "template", "spec", "containers", index, "securityContext", "privileged")
                yield deployment.finding(
                    f"container {container.get('name')} runs privileged | with <root> on the node: "
                    "remove privileged: true",
                    path,
                )
