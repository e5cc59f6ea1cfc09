"""``check --snapshot FILE`` and ``check --cluster NAME``: one engine run per cluster.

Each cluster (a snapshot file, or one collected live) gets its own inventory
and its own run, so one cluster's data never answers another cluster's rule.
Manifests given on the same command line join every cluster's Kubernetes
objects. The runs are then merged into one report with a summary line per
cluster.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

from eks_lint.cli.data import fill_from_refreshed
from eks_lint.cli.output import emit, manifest_stats, write_live_anchors
from eks_lint.cli.prepare import Prepared, fail_on, k8s_version, read_manifests, wants_renders
from eks_lint.eks.upgrade import apply_target_version
from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Finding, K8sObject, Severity, plural


@dataclass
class ClusterRun:
    label: str
    header: dict[str, Any]
    source: str
    result: runner.RunResult


def run_cluster_check(args: argparse.Namespace, prepared: Prepared, manifests: Any = None) -> int:
    from eks_lint.sources.snapshot import Snapshot, load_snapshot

    config = prepared.config
    snapshots: list[Snapshot] = [load_snapshot(path) for path in (getattr(args, "snapshot", None) or [])]
    if getattr(args, "cluster", None) or getattr(args, "all_clusters", False):
        from eks_lint.cli.collect import collect

        for data in collect(args, [rule.meta for rule in prepared.selected]):
            snapshots.append(Snapshot(data=data, file=f"live:{data.get('cluster', {}).get('name', '?')}"))
    if manifests is None and (args.paths or wants_renders(args)):
        manifests = read_manifests(args, config)
    adapted: dict[int, Any] = {}
    from eks_lint.sources.iac import cluster_configs_as_snapshots, terraform_plans_as_snapshots

    found = cluster_configs_as_snapshots(manifests) if manifests is not None else []
    found += terraform_plans_as_snapshots(getattr(args, "terraform_plan", None) or [])
    for snapshot, adapter_output in found:
        snapshots.append(snapshot)
        adapted[id(snapshot)] = adapter_output
    if not snapshots:
        raise EksLintError("--all-clusters: no EKS clusters in this region")
    write_live_anchors(args, snapshots)

    runs = []
    plans: list[tuple[Inventory, list[Finding]]] = []
    origins: dict[int, Snapshot] = {}  # finding -> the input that declared its resource
    for snapshot in snapshots:
        inventory = snapshot.to_inventory()
        texts: dict[str, str] = {}
        nodes: dict[str, list[Any]] = {}
        if manifests is not None:
            inventory.add_objects(manifests.objects)
            texts, nodes = manifests.texts, manifests.nodes
        if id(snapshot) in adapted:  # an eksctl ClusterConfig or a Terraform plan
            inventory.anchors.update(adapted[id(snapshot)].anchors)
            inventory.add_objects(adapted[id(snapshot)].objects)
        inventory.settings["load_problems"] = manifests.problems if manifests is not None else []
        if getattr(args, "eks_data", None) is not None:
            fill_from_refreshed(inventory, args.eks_data)
        inventory.settings["k8s_version"] = k8s_version(args, config, inventory)
        inventory.settings["k8s_version_stated"] = bool(args.k8s_version or config.get("k8s-version"))
        # A snapshot describes the cluster on the day it was read: support dates
        # are judged as of that day unless --today says otherwise.
        inventory.settings["today"] = args.today or snapshot.collected_on or date.today()
        apply_target_version(getattr(args, "target_version", None), inventory)
        result = runner.run(prepared.selected, inventory, prepared.settings, texts, nodes)
        plans.append((inventory, result.findings))
        for finding in (*result.findings, *result.suppressed):
            origins.setdefault(id(finding), snapshot)
        runs.append(
            ClusterRun(snapshot.cluster_name, dict(inventory.settings["snapshot"]), snapshot.file, result)
        )

    failing = fail_on(args, config)
    if getattr(args, "upgrade_plan", False):
        return print_plans(plans, failing, sys.stdout)
    result = merge(runs)
    stats: dict[str, Any] = {"clusters": len(runs)}
    if manifests is not None:
        stats.update(manifest_stats(manifests))
    stats["cluster_lines"] = [cluster_line(run) for run in runs]
    stats.setdefault("summary_json_extras", {})["clusters"] = [cluster_json(run) for run in runs]
    if getattr(args, "eks_data", None) is not None:
        stats["summary_json_extras"]["eks_data"] = args.eks_data.as_json()
    # JUnit lists every object each rule read from the inventory. With several
    # clusters there is one inventory per cluster and same-named objects in each:
    # then only the resources with findings are listed.
    inventory = plans[0][0] if len(plans) == 1 else None
    return emit(args, prepared, result, stats, failing, inventory=inventory, anchor=_anchors(origins))


def _anchors(origins: dict[int, Any]) -> Any:
    """A finding's anchor for CI formats: the line of its resource in the snapshot or plan."""

    def anchor(finding: Finding) -> Any:
        snapshot = origins.get(id(finding))
        return snapshot.locate(finding.target) if snapshot is not None else None

    return anchor


def merge(runs: list[ClusterRun]) -> runner.RunResult:
    """One result for the report; with several clusters, skip reasons name the cluster."""
    if len(runs) == 1:
        return runs[0].result
    merged = runner.RunResult()
    seen: set[tuple[Any, ...]] = set()
    for number, run in enumerate(runs):
        for finding in run.result.findings:
            # Findings located in a manifest file (invalid-yaml, say) repeat in every
            # cluster's run: keep one. Objects from different clusters' snapshots have
            # no location and may share a name: keep each.
            where: Any = finding.location if finding.location is not None else number
            key = (finding.code, finding.resource_display, where, finding.message)
            if finding.location is None and isinstance(finding.target, K8sObject):
                # Kind/namespace/name does not say which cluster: the message does.
                finding.message = f"in cluster {run.label}: {finding.message}"
            if key not in seen:
                seen.add(key)
                merged.findings.append(finding)
        merged.suppressed.extend(run.result.suppressed)
        for name, reason in run.result.skipped.items():
            text = f"{run.label}: {reason}"
            merged.skipped[name] = f"{merged.skipped[name]}; {text}" if name in merged.skipped else text
        for name in run.result.rules_run:
            if name not in merged.rules_run:
                merged.rules_run.append(name)
        merged.tracebacks.extend(run.result.tracebacks)
        merged.incomplete.extend(f"cluster {run.label}: {text}" for text in run.result.incomplete)
    merged.findings.sort(key=runner.sort_key)
    merged.suppressed.sort(key=runner.sort_key)
    return merged


def _counts(result: runner.RunResult) -> dict[str, int]:
    counts = {str(s): 0 for s in sorted(Severity, reverse=True)}
    for finding in result.findings:
        counts[str(finding.severity)] += 1
    return counts


def cluster_line(run: ClusterRun) -> str:
    """``cluster prod (111122223333, eu-west-1): 0 errors, 2 warnings, 1 info``."""
    counts = _counts(run.result)
    where = ", ".join(str(run.header[key]) for key in ("account_id", "region") if run.header.get(key))
    text = f"cluster {run.label}" + (f" ({where})" if where else "") + ": "
    text += (
        f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, {counts['info']:,} info"
    )
    # Rules without data are expected (no AWS data for a manifest rule and so on);
    # the line counts only those an AWS call that failed or was denied skipped.
    failed = [reason for reason in run.result.skipped.values() if "failed" in reason]
    if failed:
        text += f"; {plural(len(failed), 'rule')} skipped after a failed call"
    return text


def cluster_json(run: ClusterRun) -> dict[str, Any]:
    return {
        "name": run.label,
        "source": run.source,
        **{key: run.header[key] for key in ("account_id", "region", "collected_at") if key in run.header},
        "counts": _counts(run.result),
        "rules_skipped": [
            {"rule": name, "reason": reason} for name, reason in sorted(run.result.skipped.items())
        ],
    }


def print_plans(runs: list[tuple[Inventory, list[Finding]]], failing: Severity | None, stream: Any) -> int:
    """Write one upgrade plan per cluster; exit 1 when a blocking finding is at or above ``--fail-on``."""
    from eks_lint.eks.upgrade_plan import UPGRADE_RULES, plan
    from eks_lint.report.upgrade_plan import render

    texts, failed = [], False
    for inventory, findings in runs:
        blockers = [f for f in findings if f.name in UPGRADE_RULES]
        failed = failed or any(failing is not None and f.severity >= failing for f in blockers)
        texts.append(render(plan(inventory), blockers))
    stream.write("\n".join(texts))
    return 1 if failed else 0
