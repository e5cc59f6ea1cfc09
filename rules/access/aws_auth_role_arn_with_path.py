"""An aws-auth `mapRoles` entry names a role ARN with an IAM path; it never matches.

## What it checks
Each `rolearn` in the `mapRoles` of the `kube-system/aws-auth` ConfigMap
(from manifests or the live cluster) whose role name part contains a `/`,
such as `arn:aws:iam::111122223333:role/teams/platform-admin` or the IAM
Identity Center roles under `aws-reserved/sso.amazonaws.com/...`.

## Why it matters on EKS
When a role signs in, the authenticator sees the assumed-role ARN, which
carries no path, and turns it into `arn:aws:iam::<account>:role/<name>`.
An entry written with the path never equals that, so the mapping silently
does nothing: nodes using the role never join, people get `Unauthorized`.
(Access entries accept paths; aws-auth does not.)

## How to fix
Remove the path from the ARN in aws-auth: `role/teams/platform-admin`
becomes `role/platform-admin`. Or move the mapping to an access entry.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/platform-admin   # not role/teams/platform-admin
    username: platform-admin
    groups: [platform-admins]
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html
(the role ARN "can't include a path"); kubernetes-sigs/aws-iam-authenticator#268
and #153.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eks_lint.eks.aws_auth import Mapping, aws_auth_configmaps, parse
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS420",
    name="aws-auth-role-arn-with-path",
    severity="error",
    summary="An aws-auth mapRoles rolearn includes an IAM path, so it never matches and grants nothing.",
    kinds=("ConfigMap",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html",
)


def _path(mapping: Mapping) -> tuple[str | int, ...]:
    """The rolearn line inside the mapRoles text (located when the text is a ``|`` block)."""
    where = mapping.key_lines.get("rolearn", mapping.line)
    return ("data", "mapRoles") if where is None else ("data", "mapRoles", *where)


ROLE_WITH_PATH = re.compile(r"^(arn:aws[a-z-]*:iam::\d{12}:role)/(.+)/([^/]+)$")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for configmap in aws_auth_configmaps(inventory):
        for mapping in parse(configmap).mappings:
            if mapping.section != "mapRoles":
                continue
            match = ROLE_WITH_PATH.match(mapping.arn)
            if not match:
                continue
            fixed = f"{match.group(1)}/{match.group(3)}"
            yield configmap.finding(
                f"mapRoles entry {mapping.index + 1} maps {mapping.arn}, whose IAM path "
                f"/{match.group(2)}/ means it never matches a signed-in role: write {fixed}",
                _path(mapping),
            )
