"""cluster-autoscaler in the input cannot discover an Auto Scaling group meant for it, or any group at all.

## What it checks
Only when a cluster-autoscaler Deployment (a container whose image is
`cluster-autoscaler`) is in the input with
`--node-group-auto-discovery=asg:tag=<key>[=<value>],...`; the node
Auto Scaling groups of the cluster (managed node groups' and self-managed
ones tagged for the cluster) are compared with each discovery flag:
- a group that carries some of the flag's tag keys but not all of them (or
  with another value) is reported: it was tagged for the autoscaler, which
  requires every key and so ignores it;
- when no group of the cluster matches any discovery flag (and none is
  named with `--nodes`), the Deployment is reported: the autoscaler scales
  nothing.
Groups with none of the keys are taken as deliberately fixed-size and not
reported.

## Why it matters on EKS
cluster-autoscaler only sees groups whose tags match its discovery filter.
An untagged or half-tagged group never scales up, so pods stay Pending
while the autoscaler logs nothing about that group. EKS tags managed node
groups with `k8s.io/cluster-autoscaler/enabled` and
`k8s.io/cluster-autoscaler/<cluster>`; self-managed groups need them added.

## How to fix
Add the missing tags to the Auto Scaling group (they need not propagate to
instances), or fix the discovery flag to match the tags you use.

## Example
Auto Scaling group `nodes-a` of cluster `prod`, tagged (PropagateAtLaunch
false) with both discovery keys:
```
k8s.io/cluster-autoscaler/enabled = true
k8s.io/cluster-autoscaler/prod    = owned
```

Source: https://docs.aws.amazon.com/eks/latest/best-practices/cas.html;
kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md
(Auto-Discovery Setup: all tags of a filter must be present).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import (
    asg_target,
    autoscaler_containers,
    autoscaler_manages,
    cluster_asgs,
    discovery_tags,
    explicit_groups,
    missing_discovery_tags,
    tag_map,
)
from eks_lint.eks.k8s import as_list, containers
from eks_lint.rule import Finding, Inventory, Rule, plural

RULE = Rule(
    code="EKS521",
    name="asg-autoscaler-tags-missing",
    severity="warning",
    summary="cluster-autoscaler's discovery tags are missing from Auto Scaling groups it should manage.",
    needs=("auto_scaling_groups",),
    wants=("nodegroups", "cluster"),
    kinds=("Deployment",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/cas.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    groups = [group for group, _managed in cluster_asgs(inventory)]
    reported: set[str] = set()
    for workload, container, words in list(autoscaler_containers(inventory)):
        filters = discovery_tags(words)
        if not filters:
            continue
        for wanted in filters:
            for group in groups:
                name = str(group.get("AutoScalingGroupName"))
                tags = tag_map(group.get("Tags"))
                missing = missing_discovery_tags(group, wanted)
                if not missing or not any(key in tags for key in wanted) or name in reported:
                    continue
                if autoscaler_manages(group, words):
                    continue
                reported.add(name)
                yield Finding(
                    target=asg_target(group),
                    message=f"Auto Scaling group {name} lacks {', '.join(missing)}, which "
                    f"{workload.display()} requires to discover it, so it never scales: add the tag"
                    f"{'s' if len(missing) > 1 else ''}",
                    path=("Tags",),
                )
        if groups and not any(autoscaler_manages(group, words) for group in groups):
            names = explicit_groups(words)
            if names:
                continue
            flag = next(word for word in words if "--node-group-auto-discovery" in word)
            count = plural(len(groups), "Auto Scaling group")
            yield workload.finding(
                f"cluster-autoscaler discovers none of the cluster's {count} with "
                f"{flag.split('=', 1)[-1] if '=' in flag else flag}, so it scales nothing: tag the groups "
                "or fix the discovery flag",
                _flag_path(workload, container),
            )


def _flag_path(workload, wanted_container) -> tuple:
    for container, path in containers(workload, ("containers",)):
        if container is not wanted_container:
            continue
        for field in ("command", "args"):
            for index, word in enumerate(as_list(container.get(field))):
                if "--node-group-auto-discovery" in str(word):
                    return (*path, field, index)
        return path
    return ("spec",)
