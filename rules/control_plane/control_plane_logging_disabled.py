"""Control plane audit or authenticator logs are not sent to CloudWatch Logs.

## What it checks
The log types enabled in `cluster.logging.clusterLogging[]` (entries with
`enabled: true`) must include every type in the `required-types` option
(default `audit` and `authenticator`). Other types (`api`,
`controllerManager`, `scheduler`) can be added to the option.
A cluster without `logging` (DescribeCluster always returns it; a Terraform
plan leaves it out when the log types are known only after apply) is not
judged: its logging is not known to be off.

## Why it matters on EKS
The control plane is run by AWS: its logs exist only if you turn them on.
Without the audit log there is no record of who changed or read what in the
cluster; without the authenticator log there is no record of which IAM
principal became which Kubernetes user. Both are needed to investigate an
incident, and the audit log is where deprecated-API use shows up before an
upgrade. Logs cannot be recovered for the time they were off.

## How to fix
Enable at least the audit and authenticator log types (CloudWatch Logs
charges apply; set a retention on the log group).

## Example
```
aws eks update-cluster-config --name prod \
  --logging '{"clusterLogging":[{"types":["api","audit","authenticator"],"enabled":true}]}'
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html;
https://docs.aws.amazon.com/eks/latest/eksctl/cloudwatch-cluster-logging.html (not
enabled by default); terraform-aws-modules/terraform-aws-eks defaults to
audit, api and authenticator.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_target
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS402",
    name="control-plane-logging-disabled",
    severity="warning",
    summary="Control plane audit or authenticator logging is off.",
    needs=("cluster",),
    options={"required-types": ["audit", "authenticator"]},
    source="https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = inventory.cluster
    if not isinstance(cluster, dict):
        return
    logging = cluster.get("logging")
    if not isinstance(logging, dict):
        # DescribeCluster always answers it: absent means not known (a Terraform
        # plan whose log types are known only after apply), never "all off".
        return
    enabled: set[str] = set()
    setups = logging.get("clusterLogging")
    for setup in setups or []:
        if isinstance(setup, dict) and setup.get("enabled") is True:
            enabled.update(str(kind) for kind in setup.get("types") or [])
    missing = [kind for kind in options["required-types"] if kind not in enabled]
    if not missing:
        return
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    yield Finding(
        target=cluster_target(cluster),
        message=f"control plane {names} logging {'are' if len(missing) > 1 else 'is'} off, so there is no "
        f"record of who did what in the cluster: turn on {names} logging",
        path=("logging", "clusterLogging"),
    )
