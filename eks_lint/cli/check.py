"""``eks-lint check``: sources -> inventory -> engine -> report.

Every source produces the same ``Inventory``; this module only wires them
together and turns the result into outputs and an exit code. Cluster data
(snapshots, live clusters, eksctl and Terraform) goes through ``clusters``.
"""

from __future__ import annotations

from datetime import date

from eks_lint.cli import data
from eks_lint.cli.inputs import nothing_read, route_json_inputs
from eks_lint.cli.output import emit, manifest_stats
from eks_lint.cli.prepare import fail_on, k8s_version, prepare, read_manifests, wants_renders
from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

#: Options of the live Kubernetes read: without a live cluster they would be ignored.
LIVE_ONLY = (
    ("kubeconfig", "--kubeconfig"),
    ("context", "--context"),
    ("timeout", "--timeout"),
    ("deadline", "--deadline"),
)


def run_check(args: argparse.Namespace) -> int:
    _refuse_ignored_live_options(args)
    prepared = prepare(args)
    config = prepared.config
    args.eks_data = data.data_status()
    data.warn_if_stale(args.eks_data, args.today or data.clock_today())

    route_json_inputs(args)  # a snapshot or plan given as a PATH goes to its own flag
    manifests = None
    if args.paths or wants_renders(args):
        manifests = read_manifests(args, config)
        if _has_cluster_config(manifests):
            from eks_lint.sources.iac import set_aside_invalid_cluster_configs

            set_aside_invalid_cluster_configs(manifests)  # reported by invalid-yaml; the run goes on
        if not _wants_clusters(args):
            problem = nothing_read(args, manifests)
            if problem:
                raise EksLintError(problem)
    # --snapshot / --cluster / --all-clusters, or an eksctl ClusterConfig among the manifests
    if _wants_clusters(args) or (manifests is not None and _has_cluster_config(manifests)):
        from eks_lint.cli.clusters import run_cluster_check

        return run_cluster_check(args, prepared, manifests)
    if manifests is None:
        raise EksLintError(
            "nothing to check: give manifest paths, '-' for stdin, --snapshot FILE or --cluster NAME"
        )
    if args.upgrade_plan:
        raise EksLintError("--upgrade-plan needs cluster data: give --snapshot FILE or --cluster NAME")
    inventory = Inventory()
    inventory.add_objects(manifests.objects)
    inventory.settings["load_problems"] = manifests.problems
    inventory.settings["k8s_version"] = k8s_version(args, config, inventory)
    inventory.settings["k8s_version_stated"] = bool(args.k8s_version or config.get("k8s-version"))
    inventory.settings["today"] = args.today or date.today()
    if args.target_version:
        from eks_lint.eks.upgrade import apply_target_version

        apply_target_version(args.target_version, inventory)

    result = runner.run(prepared.selected, inventory, prepared.settings, manifests.texts, manifests.nodes)
    stats = manifest_stats(manifests)
    stats.setdefault("summary_json_extras", {})["eks_data"] = args.eks_data.as_json()
    return emit(args, prepared, result, stats, fail_on(args, config), inventory=inventory)


def _refuse_ignored_live_options(args: argparse.Namespace) -> None:
    if getattr(args, "cluster", None) or getattr(args, "all_clusters", False):
        return
    given = [flag for name, flag in LIVE_ONLY if getattr(args, name, None) is not None]
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise EksLintError(
            f"{' and '.join(given)} only {verb} to a live read: add --cluster NAME or --all-clusters"
        )


def _wants_clusters(args: argparse.Namespace) -> bool:
    """Cluster data was asked for; checked here so a manifest-only run imports none of it."""
    from_args = ("snapshot", "terraform_plan", "cluster", "all_clusters")
    return any(getattr(args, name, None) for name in from_args)


def _has_cluster_config(manifests: Any) -> bool:
    return any(obj.kind == "ClusterConfig" and obj.group == "eksctl.io" for obj in manifests.objects)
