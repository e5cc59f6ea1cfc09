"""The aws-auth ConfigMap has content the authenticator cannot read or silently ignores.

## What it checks
In `kube-system/aws-auth`: a `mapRoles`, `mapUsers` or `mapAccounts` value
that is not valid YAML or not a list; an entry that is not a mapping, has a
key the authenticator does not know (for example `rolarn` or `group`), or
has no `rolearn`/`userarn`; `groups` that is not a list; and data keys
other than `mapRoles`, `mapUsers` and `mapAccounts` (such as `mapRole`).
Keys are compared case-insensitively, as the authenticator does.

## Why it matters on EKS
The authenticator drops a whole section that fails to parse: one bad
indentation in `mapRoles` unmaps every role at once, including the node
role, so nodes go `NotReady` and people are locked out; getting back in
then needs the cluster creator's credentials. Unknown keys are dropped
without a word, so a typo leaves a mapping that grants nothing.

## How to fix
Fix the YAML (validate it with `yq` before applying; `eksctl create
iamidentitymapping` writes it for you), or move the mappings to access
entries, which the EKS API validates.

## Example
```yaml
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
```

Source: kubernetes-sigs/aws-iam-authenticator pkg/mapper/configmap/configmap.go
(ParseMap) and pkg/config/types.go (the accepted keys);
https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.aws_auth import aws_auth_configmaps, parse
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS421",
    name="aws-auth-malformed",
    severity="error",
    summary="The aws-auth ConfigMap does not parse or has keys the authenticator ignores.",
    kinds=("ConfigMap",),
    source="https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/mapper/configmap/configmap.go",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for configmap in aws_auth_configmaps(inventory):
        for key, problem, line in parse(configmap).problems:
            path = ("data",) if key == "data" else ("data", key)
            if line is not None:
                path = (*path, *line)
            yield configmap.finding(
                f"{problem}: fix it (or move the mappings to access entries, which EKS validates)",
                path,
            )
