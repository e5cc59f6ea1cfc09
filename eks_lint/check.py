"""The ``check`` pipeline: sources -> inventory -> engine -> report.

Every source produces the same ``Inventory``; this module only wires them
together and turns the result into outputs and an exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from eks_lint import engine
from eks_lint.config import Config, check_against_rules, find_config, load_config
from eks_lint.data import eks_versions
from eks_lint.errors import EksLintError
from eks_lint.inventory import Inventory
from eks_lint.registry import LoadedRule, discover, find_rule, select_rules
from eks_lint.rule import Severity
from eks_lint.versions import minor


class Prepared:
    """Config and rules, resolved once for any command that runs rules."""

    def __init__(
        self,
        config: Config,
        rules: list[LoadedRule],
        selected: list[LoadedRule],
        settings: dict[str, engine.RuleSettings] | None = None,
    ) -> None:
        self.config = config
        self.rules = rules
        self.selected = selected
        self.settings: dict[str, engine.RuleSettings] = settings if settings is not None else {}


def prepare(args: argparse.Namespace) -> Prepared:
    config_path = getattr(args, "config", None) or find_config()
    config = load_config(config_path)
    rules_dirs = [config.relative(d) for d in config.get("rules-dirs", [])]
    rules_dirs += list(getattr(args, "rules_dir", []) or [])
    rules = discover(rules_dirs)
    check_against_rules(config, rules)
    select = args.select if getattr(args, "select", None) is not None else config.get("select", [])
    ignore = list(config.get("ignore", [])) + list(getattr(args, "ignore", None) or [])
    selected = select_rules(rules, select, ignore)
    return Prepared(config, rules, selected, rule_settings(config, rules))


def rule_settings(config: Config, rules: list[LoadedRule]) -> dict[str, engine.RuleSettings]:
    settings = {}
    for key, entry in (config.get("rules") or {}).items():
        rule = find_rule(rules, key)
        if rule is None:  # already reported by check_against_rules
            continue
        base = engine.default_settings(rule.meta)
        if "severity" in entry:
            base.severity = Severity.parse(entry["severity"])
        base.options.update(entry.get("options") or {})
        base.ignores = list(entry.get("ignore") or [])
        settings[rule.name] = base
    return settings


def run_check(args: argparse.Namespace) -> int:
    prepared = prepare(args)
    config = prepared.config

    manifests = None
    if args.paths:
        from eks_lint.sources.manifests import MAX_FILE_BYTES, load_manifests

        exclude = list(config.get("exclude", []))
        manifests = load_manifests(args.paths, exclude, max_file_bytes=args.max_file_size or MAX_FILE_BYTES)
    # --snapshot / --cluster / --all-clusters, or an eksctl ClusterConfig among the manifests
    if _wants_clusters(args) or (manifests is not None and _has_cluster_config(manifests)):
        from eks_lint.cluster_check import run_cluster_check

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
    inventory.settings["k8s_version"] = _k8s_version(args, config, inventory)
    inventory.settings["today"] = args.today or date.today()
    if args.target_version:
        from eks_lint.upgrade import apply_target_version

        apply_target_version(args.target_version, inventory)

    result = engine.run(prepared.selected, inventory, prepared.settings, manifests.texts, manifests.nodes)
    stats: dict[str, Any] = {
        "files": manifests.files,
        "documents": manifests.documents,
        "objects": len(manifests.objects),
        "skipped_documents": dict(manifests.skipped),
        "checked_files": sorted(set(manifests.texts) | {problem.file for problem in manifests.problems}),
    }
    fail_on_text = args.fail_on or config.get("fail-on") or "error"
    fail_on = None if fail_on_text == "never" else Severity.parse(fail_on_text)
    return emit(args, prepared, result, stats, fail_on, inventory=inventory)


def _wants_clusters(args: argparse.Namespace) -> bool:
    """Cluster data was asked for; checked here so a manifest-only run imports none of it."""
    from_args = ("snapshot", "terraform_plan", "cluster", "all_clusters")
    return any(getattr(args, name, None) for name in from_args)


def _has_cluster_config(manifests: Any) -> bool:
    return any(obj.kind == "ClusterConfig" and obj.group == "eksctl.io" for obj in manifests.objects)


def _k8s_version(args: argparse.Namespace, config: Config, inventory: Inventory) -> str:
    version = args.k8s_version or config.get("k8s-version")
    if version is None and inventory.cluster:
        version = inventory.cluster.get("version")
    version = version or eks_versions.newest()
    if minor(version) is None:
        raise EksLintError(f"--k8s-version {version}: not a Kubernetes version like 1.31")
    return version


def emit(
    args: argparse.Namespace,
    prepared: Prepared,
    result: engine.RunResult,
    stats: dict[str, Any],
    fail_on: Severity | None,
    inventory: Inventory | None = None,
) -> int:
    from eks_lint.report import FORMATS, Report, renderer

    outputs = getattr(args, "outputs", None) or [["text", None]]
    for entry in outputs:
        if entry[0] is None:
            entry[0] = "text"
        if entry[0] not in FORMATS:
            raise EksLintError(f"--format {entry[0]}: unknown format (choose from {', '.join(FORMATS)})")
    to_stdout = [name for name, output in outputs if output is None]
    if len(to_stdout) > 1:
        raise EksLintError(
            f"--format {' and '.join(to_stdout)}: only one format can go to the terminal; "
            "give the others an --output FILE"
        )
    files = [output for _, output in outputs if output is not None]
    for output in files:
        if files.count(output) > 1:
            raise EksLintError(f"--output {output}: given for two formats; give each its own file")
    _apply_baseline(args, prepared, result, stats)
    report = Report(
        result=result,
        rules=prepared.rules,
        fail_on=fail_on,
        show_suppressed=args.show_suppressed,
        inventory=inventory,
        verbose=args.verbose,
        stats=stats,
    )
    for format_name, output in outputs:
        report.color = output is None and _use_color(sys.stdout)
        text = renderer(format_name)(report)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as error:
                raise EksLintError(f"--output {output}: {error.strerror or error}") from None
    return 1 if report.failed() else 0


def _apply_baseline(
    args: argparse.Namespace, prepared: Prepared, result: engine.RunResult, stats: dict[str, Any]
) -> None:
    """``--write-baseline`` records the findings; ``--baseline`` / ``baseline:`` hides known ones.

    Writing a baseline adopts it for this run too, so its report shows the
    findings as baselined and the exit code is 0.
    """
    write_path = getattr(args, "write_baseline", None)
    read_path = getattr(args, "baseline", None)
    if read_path is None and prepared.config.get("baseline"):
        read_path = prepared.config.relative(prepared.config.get("baseline"))
    if write_path is None and read_path is None:
        return
    from eks_lint import baseline

    if write_path is not None:
        baseline.write(write_path, result.findings)
        read_path = write_path
    known = baseline.load(read_path)
    applied = baseline.apply(known, result.findings, result.rules_run, stats.get("checked_files"))
    result.findings = applied.findings
    stats["baseline"] = {"file": read_path, "baselined": len(applied.baselined), "fixed": applied.fixed}
    stats["baselined_findings"] = applied.baselined  # SARIF carries them as suppressions
    extras = stats.setdefault("summary_extras", {})
    extras["baselined"] = len(applied.baselined)
    extras["fixed since the baseline"] = applied.fixed
    stats.setdefault("summary_json_extras", {})["baseline"] = dict(stats["baseline"])


def _use_color(stream: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())
