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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eks_lint.cli.data import fill_from_refreshed
from eks_lint.cli.output import emit, incomplete, manifest_stats, write_live_anchors
from eks_lint.cli.prepare import Prepared, fail_on, k8s_version, read_manifests, wants_renders
from eks_lint.eks.upgrade import apply_target_version
from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Finding, K8sObject, Location, Severity, plural


@dataclass
class ClusterRun:
    label: str
    header: dict[str, Any]
    source: str
    result: runner.RunResult
    #: What the fleet report says of the cluster (version, support dates, failed reads).
    fleet: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Input:
    """One cluster to check, read only when its turn comes (a fleet is read one at a time)."""

    name: str
    in_set: bool  # found in a folder or S3 prefix: unreadable means reported, not fatal
    load: Callable[[], tuple[Any, Any]]  # -> (Snapshot, adapter output or None)


#: Formats that point a finding on a snapshot's resource at its line in the snapshot.
LOCATED_FORMATS = ("sarif", "gitlab", "junit", "github")


def run_cluster_check(args: argparse.Namespace, prepared: Prepared, manifests: Any = None) -> int:
    """Check each cluster in turn, keeping its findings and dropping its data.

    Peak memory is one snapshot's inventory plus the findings so far, however
    many snapshots a folder or S3 prefix holds.
    """
    config = prepared.config
    if manifests is None and (args.paths or wants_renders(args)):
        manifests = read_manifests(args, config)
    inputs = _inputs(args, prepared, manifests)
    if not inputs:
        raise EksLintError("--all-clusters: no EKS clusters in this region")
    outputs = {entry[0] or "text" for entry in getattr(args, "outputs", None) or []}
    locate = bool(outputs & set(LOCATED_FORMATS))
    failing = fail_on(args, config)
    plan_only = getattr(args, "upgrade_plan", False)
    runs: list[ClusterRun] = []
    unreadable: list[tuple[str, str]] = []
    anchors: dict[int, Location | None] = {}  # finding -> its resource's line in the snapshot or plan
    first_inventory: Inventory | None = None
    plan_texts: list[str] = []
    plan_failed = False
    notes: list[str] = []
    for item in inputs:
        try:
            snapshot, adapter_output = item.load()
        except EksLintError as error:
            if not item.in_set:
                raise
            # One line, naming the file (load_snapshot says "--snapshot FILE" for a flag's file).
            unreadable.append((item.name, one_line(str(error)).removeprefix("--snapshot ")))
            continue
        if adapter_output is not None and adapter_output.unknown:
            notes.append(not_judged_note(snapshot.file, adapter_output.unknown))
        inventory = _inventory(args, config, snapshot, adapter_output, manifests)
        texts, nodes = (manifests.texts, manifests.nodes) if manifests is not None else ({}, {})
        result = runner.run(prepared.selected, inventory, prepared.settings, texts, nodes)
        if plan_only:
            text, failed = _plan(inventory, result.findings, failing)
            plan_texts.append(text)
            plan_failed = plan_failed or failed
        header = dict(inventory.settings["snapshot"])
        where = cluster_ref(snapshot.cluster_name, header)
        for finding in (*result.findings, *result.suppressed):
            finding.cluster = where
            unlocated = finding.location is None or finding.location.file.startswith("<")
            if locate and unlocated:
                anchors.setdefault(id(finding), snapshot.locate(finding.target))
        run = ClusterRun(snapshot.cluster_name, header, snapshot.file, result)
        run.fleet = fleet_facts(inventory)
        runs.append(run)
        # JUnit lists every object each rule read from the inventory. With several
        # clusters there is one inventory per cluster and same-named objects in each:
        # then only the resources with findings are listed.
        first_inventory = inventory if len(runs) == 1 else None
        del snapshot, adapter_output, inventory
    if not runs:
        for _name, reason in unreadable:
            sys.stderr.write(f"eks-lint: could not read: {reason}\n")
        raise EksLintError(
            f"nothing checked: none of the {plural(len(unreadable), 'snapshot')} could be read"
        )
    if plan_only:
        sys.stdout.write("\n".join(plan_texts))
        if unreadable:  # the plans of the others are written; the missing ones are said
            return incomplete(
                [reason for _, reason in unreadable], getattr(args, "allow_partial", False), plan_failed
            )
        return 1 if plan_failed else 0
    result = merge(runs)
    result.incomplete.extend(reason for _, reason in unreadable)
    stats: dict[str, Any] = {"clusters": len(runs), "notes": notes}
    if manifests is not None:
        stats.update(manifest_stats(manifests))
    stats["cluster_lines"] = [cluster_line(run) for run in runs]
    stats.setdefault("summary_json_extras", {})["clusters"] = [cluster_json(run) for run in runs]
    if getattr(args, "eks_data", None) is not None:
        stats["summary_json_extras"]["eks_data"] = args.eks_data.as_json()
    stats["fleet"] = {
        "clusters": [{**cluster_json(run), **run.fleet} for run in runs],
        "unreadable": [{"source": name, "reason": reason} for name, reason in unreadable],
    }
    return emit(args, prepared, result, stats, failing, inventory=first_inventory, anchor=_anchors(anchors))


def _inputs(args: argparse.Namespace, prepared: Prepared, manifests: Any) -> list[_Input]:
    """Snapshot files, folders and S3 prefixes, then live clusters, then eksctl and Terraform."""
    from eks_lint.sources.snapshot import Snapshot
    from eks_lint.sources.snapshot_set import S3_SCHEME, expand

    locations = getattr(args, "snapshot", None) or []
    s3_client = None
    if any(location.startswith(S3_SCHEME) for location in locations):

        def s3_client() -> Any:
            from eks_lint.sources.aws import ClientFactory, make_session

            return ClientFactory(make_session(args.profile, args.region))("s3")

    inputs = [
        _Input(ref.name, ref.in_set, lambda ref=ref: (ref.load(), None))
        for ref in expand(locations, s3_client)
    ]
    if getattr(args, "cluster", None) or getattr(args, "all_clusters", False):
        from eks_lint.cli.collect import collect, live_name

        live = [
            Snapshot(data=data, file=f"live:{live_name(data)}")
            for data in collect(args, [rule.meta for rule in prepared.selected])
        ]
        write_live_anchors(args, live)
        inputs += [_Input(snapshot.file, False, lambda s=snapshot: (s, None)) for snapshot in live]
    from eks_lint.sources.iac import cluster_configs_as_snapshots, terraform_plans_as_snapshots

    found = cluster_configs_as_snapshots(manifests) if manifests is not None else []
    found += terraform_plans_as_snapshots(getattr(args, "terraform_plan", None) or [])
    inputs += [
        _Input(snapshot.file, False, lambda s=snapshot, a=adapted: (s, a)) for snapshot, adapted in found
    ]
    return inputs


def _inventory(
    args: argparse.Namespace, config: Any, snapshot: Any, adapted: Any, manifests: Any
) -> Inventory:
    """One cluster's inventory: its snapshot, the manifests given, an adapter's objects."""
    inventory = snapshot.to_inventory()
    if manifests is not None:
        inventory.add_objects(manifests.objects)
    if adapted is not None:  # an eksctl ClusterConfig or a Terraform plan
        inventory.anchors.update(adapted.anchors)
        inventory.add_objects(adapted.objects)
    inventory.settings["load_problems"] = manifests.problems if manifests is not None else []
    if getattr(args, "eks_data", None) is not None:
        fill_from_refreshed(inventory, args.eks_data)
    inventory.settings["k8s_version"] = k8s_version(args, config, inventory)
    inventory.settings["k8s_version_stated"] = bool(args.k8s_version or config.get("k8s-version"))
    inventory.settings["production"] = is_production(snapshot.cluster_name, config)
    # A snapshot describes the cluster on the day it was read: support dates
    # are judged as of that day unless --today says otherwise.
    inventory.settings["today"] = args.today or snapshot.collected_on or date.today()
    apply_target_version(getattr(args, "target_version", None), inventory)
    return inventory


def not_judged_note(source: str, values: list[str], shown: int = 5) -> str:
    """One line naming what a plan knows only after apply, so a quiet rule is not
    taken for a clean one."""
    named = ", ".join(values[:shown]) + (f" and {len(values) - shown} more" if len(values) > shown else "")
    return f"{source}: not judged, known only after apply: {named}"


def cluster_ref(name: str, header: dict[str, Any]) -> dict[str, str]:
    """What every finding of a cluster carries: its name, account and region as known."""
    ref = {"name": name}
    for key in ("account_id", "region"):
        if header.get(key):
            ref[key] = str(header[key])
    return ref


def fleet_facts(inventory: Inventory) -> dict[str, Any]:
    """The cluster's version and support dates, and the reads its snapshot records as failed."""
    from eks_lint.eks.upgrade import current_version, support_dates

    facts: dict[str, Any] = {
        "version": None,
        "end_of_standard_support": None,
        "end_of_extended_support": None,
    }
    version = current_version(inventory)
    if version is not None:
        facts["version"] = version
        dates = support_dates(inventory, version)
        if dates is not None:
            facts["end_of_standard_support"] = dates.end_of_standard.isoformat()
            facts["end_of_extended_support"] = dates.end_of_extended.isoformat()
    today = inventory.settings.get("today")
    facts["as_of"] = today.isoformat() if isinstance(today, date) else None
    facts["read_errors"] = [_read_error(error) for error in inventory.errors if isinstance(error, dict)]
    return facts


def _read_error(error: dict[str, Any]) -> str:
    """``eks:DescribeAddon coredns failed (AccessDeniedException)`` from a snapshot's ``errors``."""
    text = str(error.get("operation", "?"))
    if error.get("target"):
        text += f" on {error['target']}"
    return text + f" failed ({error['code']})" if error.get("code") else text + " failed"


def one_line(text: str) -> str:
    """An error of several lines (a snapshot's schema problems) as one line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else text
    return f"{lines[0]} {'; '.join(lines[1:3])}" + (
        f"; ... ({len(lines) - 3} more)" if len(lines) > 3 else ""
    )


def _anchors(anchors: dict[int, Location | None]) -> Callable[[Finding], Location | None]:
    """A finding's anchor for CI formats: the line of its resource in the snapshot or plan."""

    def anchor(finding: Finding) -> Location | None:
        return anchors.get(id(finding))

    return anchor


def is_production(name: str, config: Any) -> bool:
    """Whether the config's ``production-clusters`` (cluster names, ``*``/``?`` wildcards) names it."""
    from fnmatch import fnmatchcase

    patterns = config.get("production-clusters") if hasattr(config, "get") else None
    return any(fnmatchcase(name, str(pattern)) for pattern in patterns or ())


def merge(runs: list[ClusterRun]) -> runner.RunResult:
    """One result for the report; with several clusters, skip reasons name the cluster."""
    if len(runs) == 1:
        return runs[0].result
    merged = runner.RunResult()
    seen: dict[tuple[Any, ...], Finding] = {}
    skipped: dict[str, dict[str, list[str]]] = {}  # rule -> reason -> clusters
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
                seen[key] = finding
                merged.findings.append(finding)
            elif seen[key].cluster != finding.cluster:
                seen[key].cluster = None  # the same finding in several clusters: no one cluster's
        merged.suppressed.extend(run.result.suppressed)
        for name, reason in run.result.skipped.items():
            skipped.setdefault(name, {}).setdefault(reason, []).append(run.label)
        for name in run.result.rules_run:
            if name not in merged.rules_run:
                merged.rules_run.append(name)
        merged.tracebacks.extend(run.result.tracebacks)
        merged.incomplete.extend(f"cluster {run.label}: {text}" for text in run.result.incomplete)
    for name, reasons in skipped.items():
        merged.skipped[name] = "; ".join(f"{_some(labels)}: {reason}" for reason, labels in reasons.items())
    merged.findings.sort(key=runner.sort_key)
    merged.suppressed.sort(key=runner.sort_key)
    return merged


def _some(labels: list[str], shown: int = 3) -> str:
    """``a, b, c and 197 other clusters``: a fleet's skip reason stays one short line
    (each cluster's own list is in the JSON summary's ``clusters``)."""
    if len(labels) <= shown + 1:
        return ", ".join(labels)
    return f"{', '.join(labels[:shown])} and {len(labels) - shown:,} other clusters"


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
    if (run.header.get("kubernetes_access") or {}).get("tls") == "insecure-skip-tls-verify":
        text += "; Kubernetes objects read without TLS verification (insecure-skip-tls-verify)"
    return text


def cluster_json(run: ClusterRun) -> dict[str, Any]:
    return {
        "name": run.label,
        "source": run.source,
        **{
            key: run.header[key]
            for key in ("account_id", "region", "collected_at", "kubernetes_access")
            if key in run.header
        },
        "counts": _counts(run.result),
        "rules_skipped": [
            {"rule": name, "reason": reason} for name, reason in sorted(run.result.skipped.items())
        ],
    }


def _plan(inventory: Inventory, findings: list[Finding], failing: Severity | None) -> tuple[str, bool]:
    """One cluster's upgrade plan, and whether a blocking finding is at or above ``--fail-on``."""
    from eks_lint.eks.upgrade_plan import UPGRADE_RULES, plan
    from eks_lint.report.upgrade_plan import render

    blockers = [f for f in findings if f.name in UPGRADE_RULES]
    failed = any(failing is not None and f.severity >= failing for f in blockers)
    return render(plan(inventory), blockers), failed
