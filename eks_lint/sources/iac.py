"""Infrastructure-as-code inputs (eksctl ClusterConfig, Terraform plans) as snapshots.

Each adapter turns its input into the snapshot parts the live collector
writes; this module wraps them as ``Snapshot`` objects for the cluster run,
so no rule learns about eksctl or Terraform.
"""

from __future__ import annotations

from typing import Any

from eks_lint.sources.eksctl import Adapted, adapt, is_cluster_config
from eks_lint.sources.snapshot import Snapshot

SNAPSHOT_FORMAT = "eks-lint/snapshot@1"


def as_snapshot(adapted: Adapted, file: str) -> Snapshot:
    data: dict[str, Any] = {"format": SNAPSHOT_FORMAT, **adapted.parts}
    if adapted.region:
        data["region"] = adapted.region
    return Snapshot(data=data, file=file)


def cluster_configs_as_snapshots(manifests: Any) -> list[tuple[Snapshot, Adapted]]:
    """Take eksctl ClusterConfig documents out of the manifests, one snapshot each."""
    configs = [obj for obj in manifests.objects if is_cluster_config(obj)]
    if not configs:
        return []
    manifests.objects = [obj for obj in manifests.objects if not is_cluster_config(obj)]
    out = []
    for obj in configs:
        adapted = adapt(obj)
        file = obj.source.file if obj.source else "<ClusterConfig>"
        out.append((as_snapshot(adapted, file), adapted))
    return out


def terraform_plans_as_snapshots(paths: list[str]) -> list[tuple[Snapshot, Adapted]]:
    """Each ``terraform show -json`` plan: one snapshot per planned aws_eks_cluster."""
    if not paths:
        return []
    from eks_lint.sources.terraform import adapt_plan, load_plan

    out = []
    for path in paths:
        for adapted in adapt_plan(load_plan(path), path):
            out.append((as_snapshot(adapted, path), adapted))
    return out
