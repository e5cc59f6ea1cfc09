"""cluster-autoscaler's minor version differs from the cluster's Kubernetes version.

## What it checks
A cluster-autoscaler Deployment (a container whose image is
`cluster-autoscaler`) whose image tag's minor version (`v1.30.2` -> 1.30)
is not the control plane's: the cluster's version in a snapshot, or the
version given with `--k8s-version` (or `k8s-version` in the config) for
manifests. Without a stated version the rule says nothing: eks-lint's own
default (the newest EKS version) is not the user's cluster. Tags that are
not versions (`latest`, a placeholder, a digest) are not judged.

## Why it matters on EKS
cluster-autoscaler embeds the Kubernetes scheduler's code to simulate where
Pending pods would fit; its releases follow Kubernetes minors and its
maintainers test each only with the matching control plane. A mismatched
autoscaler misjudges scheduling (new fields, changed predicates): it adds
nodes that do not help or does not add the ones needed. EKS does not upgrade
it with the control plane, so it falls behind at every cluster upgrade.

## How to fix
Run the cluster-autoscaler release with the cluster's minor (the newest
patch of it), and bump it with every control-plane upgrade.

## Example
```yaml
# cluster on Kubernetes 1.33
image: registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0
```

Source: kubernetes/autoscaler cluster-autoscaler README, "Releases" ("We
recommend using Cluster Autoscaler with the Kubernetes control plane version
for which it was meant"; versions match Kubernetes minors since 1.12),
https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases;
https://docs.aws.amazon.com/eks/latest/best-practices/cas.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import autoscaler_containers
from eks_lint.eks.k8s import containers, is_placeholder
from eks_lint.eks.upgrade import stated_version
from eks_lint.eks.versions import minor, minor_text
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS523",
    name="cluster-autoscaler-version-skew",
    severity="warning",
    summary="cluster-autoscaler's minor version is not the cluster's Kubernetes minor.",
    wants=("cluster", "kubernetes"),
    kinds=("Deployment",),
    source="https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    cluster = stated_version(inventory)
    if cluster is None:
        return
    for workload, container, _words in autoscaler_containers(inventory):
        image = str(container.get("image") or "")
        if "@" in image or is_placeholder(image):
            continue
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        version = minor(tag)
        if version is None or minor_text(version) == cluster:
            continue
        path = next((p for c, p in containers(workload, ("containers",)) if c is container), ())
        ahead = version > (minor(cluster) or version)
        yield workload.finding(
            f"cluster-autoscaler {tag} is built for Kubernetes {minor_text(version)} but the cluster runs "
            f"{cluster}, so its scheduling simulation is {'ahead of' if ahead else 'behind'} the "
            f"cluster's scheduler: use cluster-autoscaler v{cluster}.x",
            (*path, "image"),
        )
