"""Infrastructure-as-code inputs (eksctl ClusterConfig, Terraform plans) as snapshots.

Each adapter turns its input into the snapshot parts the live collector
writes; this module wraps them as ``Snapshot`` objects for the cluster run,
so no rule learns about eksctl or Terraform.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.eksctl import Adapted, adapt, is_cluster_config
from eks_lint.sources.snapshot import Snapshot, problem_text, schema_problems

SNAPSHOT_FORMAT = "eks-lint/snapshot@1"
EKSCTL_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "eksctl-config.schema.json"


def as_snapshot(adapted: Adapted, file: str) -> Snapshot:
    """The adapted parts, checked against the snapshot schema like a snapshot file:
    a value of the wrong type (``minSize: two``, ``ami_type: []``) is a usage error
    naming the field, never a rule crash."""
    data: dict[str, Any] = {"format": SNAPSHOT_FORMAT, **adapted.parts}
    if isinstance(adapted.region, str) and adapted.region:
        data["region"] = adapted.region
    problems = schema_problems(data, types_only=True)
    if problems:
        raise EksLintError(
            problem_text(file, "values of the wrong type (named by their AWS API fields)", problems)
        )
    return Snapshot(data=data, file=file)


def eksctl_problems(config: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Fields of the wrong type for what the eksctl adapter reads (``minSize: two``):
    each as its path in the config and the validator's message."""
    import json

    import jsonschema

    schema = json.loads(EKSCTL_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(config),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    return [(tuple(error.absolute_path), error.message[:200]) for error in errors]


def set_aside_invalid_cluster_configs(manifests: Any) -> None:
    """An eksctl ClusterConfig with values eksctl rejects is not adapted: each bad
    value becomes a problem of its file at the value's line (reported by
    ``invalid-yaml``, an error), the config is left out, and the other files of
    the folder are still checked. One bad config in a repository must not stop
    the linting of every manifest beside it, nor pass in silence."""
    from eks_lint.engine.locate import Locator
    from eks_lint.sources.manifests import LoadProblem
    from eks_lint.sources.snapshot import json_path

    locator = Locator(manifests.texts, manifests.nodes)
    kept = []
    for obj in manifests.objects:
        problems = eksctl_problems(obj.data) if is_cluster_config(obj) else []
        if not problems:
            kept.append(obj)
            continue
        for path, message in problems:
            where = locator.locate(obj, path)
            file = obj.source.file if obj.source else "<ClusterConfig>"
            line, column = (where.line, where.column) if where else (1, 1)
            manifests.problems.append(
                LoadProblem(
                    file,
                    line,
                    column,
                    f"eksctl ClusterConfig {obj.name!r}: {json_path(path)}: {message}; "
                    "eksctl rejects it, and the cluster it declares was not checked",
                )
            )
    manifests.objects = kept


def cluster_configs_as_snapshots(manifests: Any) -> list[tuple[Snapshot, Adapted]]:
    """Take eksctl ClusterConfig documents out of the manifests, one snapshot each
    (``set_aside_invalid_cluster_configs`` has already taken out the invalid ones)."""
    configs = [obj for obj in manifests.objects if is_cluster_config(obj)]
    if configs:
        set_aside_invalid_cluster_configs(manifests)
        configs = [obj for obj in manifests.objects if is_cluster_config(obj)]
    if not configs:
        return []
    manifests.objects = [obj for obj in manifests.objects if not is_cluster_config(obj)]
    out = []
    for obj in configs:
        file = obj.source.file if obj.source else "<ClusterConfig>"
        adapted = adapt(obj)
        out.append((as_snapshot(adapted, file), adapted))
    return out


def terraform_plans_as_snapshots(paths: list[str]) -> list[tuple[Snapshot, Adapted]]:
    """Each ``terraform show -json`` plan: one snapshot per planned aws_eks_cluster.
    Its findings point at the ``resource`` block in the ``.tf`` files beside the
    plan when they are there, else at the resource in the plan."""
    if not paths:
        return []
    from eks_lint.sources.terraform import adapt_plan, load_plan
    from eks_lint.sources.tf_files import TfSources

    out = []
    for path in paths:
        plan = load_plan(path)
        declared = TfSources(path, plan)  # findings point at the .tf lines beside the plan
        for adapted in adapt_plan(plan, path):
            snapshot = as_snapshot(adapted, path)
            snapshot.declared = declared.locate
            out.append((snapshot, adapted))
    return out
