"""A Deployment that runs fewer than two replicas (a test-only rule for the report tests).

## What it checks
`spec.replicas` below 2 on a Deployment.

## Why it matters on EKS
Node drains take the only pod down.

## How to fix
Set `spec.replicas: 2` or more.

## Example
```yaml
spec:
  replicas: 2
```
"""

from eks_lint.engine.model import Rule

RULE = Rule(
    code="TST001",
    name="replicas-below-two",
    severity="warning",
    summary="A Deployment runs fewer than two replicas.",
    kinds=("Deployment",),
    source="https://example.com/replicas",
)


def check(inventory, options):
    for deployment in inventory.of_kind("Deployment"):
        replicas = deployment.get("spec", "replicas", default=1)
        if isinstance(replicas, int) and replicas < 2:
            yield deployment.finding(f"runs {replicas} replica: set spec.replicas to 2", ("spec", "replicas"))
