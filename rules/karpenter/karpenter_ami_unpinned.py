"""A Karpenter EC2NodeClass that follows the latest AMI.

## What it checks
An EC2NodeClass (`karpenter.k8s.aws/v1`) with an `amiSelectorTerms` entry
whose `alias` ends in `@latest` (for example `al2023@latest`).

## Why it matters on EKS
With `@latest` Karpenter treats every new EKS-optimized AMI release as drift
and replaces every node of the class with it, in every environment at the
same time, without the AMI having been tested. A bad AMI reaches production
as soon as AWS publishes it, and rolling back needs a pin anyway.

## How to fix
Pin the AMI version in the alias and promote it through environments.

## Example
```yaml
amiSelectorTerms:
  - alias: al2023@v20251023
```

Source: https://karpenter.sh/docs/concepts/nodeclasses/#specamiselectorterms
(pinning AMIs is recommended for production; `@latest` takes new releases as drift);
https://karpenter.sh/docs/tasks/managing-amis/.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.relations import as_list
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS542",
    name="karpenter-ami-unpinned",
    severity="warning",
    summary="A Karpenter EC2NodeClass uses an @latest AMI alias, so new AMIs roll out untested.",
    kinds=("EC2NodeClass",),
    source="https://karpenter.sh/docs/concepts/nodeclasses/#specamiselectorterms",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for node_class in inventory.of_kind("EC2NodeClass"):
        if node_class.group != "karpenter.k8s.aws":
            continue
        for index, term in enumerate(as_list(node_class.get("spec", "amiSelectorTerms"))):
            alias = term.get("alias") if isinstance(term, dict) else None
            if isinstance(alias, str) and alias.strip().lower().endswith("@latest"):
                family = alias.split("@", 1)[0]
                yield node_class.finding(
                    f"amiSelectorTerms alias {alias} follows every new AMI release, which Karpenter rolls "
                    f"onto all nodes as drift without testing: pin a version such as {family}@v20251023",
                    ("spec", "amiSelectorTerms", index, "alias"),
                )
