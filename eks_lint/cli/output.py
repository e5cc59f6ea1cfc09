"""Writing a run's report: each ``--format`` to the terminal or its ``--output``
file, after the baseline; and the exit code the report calls for."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from eks_lint.cli import exit_codes
from eks_lint.cli.prepare import Prepared
from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Finding, Location, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any


def emit(
    args: argparse.Namespace,
    prepared: Prepared,
    result: runner.RunResult,
    stats: dict[str, Any],
    fail_on: Severity | None,
    inventory: Inventory | None = None,
    anchor: Callable[[Finding], Location | None] | None = None,
) -> int:
    from eks_lint.report import FORMATS, Report, renderer

    outputs = getattr(args, "outputs", None) or [["text", None]]
    for entry in outputs:
        if entry[0] is None and len(outputs) > 1:
            raise EksLintError(f"--output {entry[1]}: no --format next to it; write -f FORMAT -o {entry[1]}")
        if entry[0] is None:
            entry[0] = "text"  # '-o FILE' alone: the text report to FILE
        if entry[1] == "-":
            entry[1] = None  # '-o -' is the terminal, as for every Unix tool
        if entry[0] not in FORMATS:
            import difflib

            close = difflib.get_close_matches(entry[0], list(FORMATS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise EksLintError(
                f"--format {entry[0]}: unknown format ({hint}choose from {', '.join(FORMATS)})"
            )
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
    if stats.get("report_only") is not None:
        _keep_only(result, stats["report_only"])
    _apply_baseline(args, prepared, result, stats)
    report = Report(
        result=result,
        rules=prepared.rules,
        fail_on=fail_on,
        show_suppressed=args.show_suppressed,
        inventory=inventory,
        verbose=args.verbose,
        stats=stats,
        anchor=anchor,
    )
    report.notes.extend(stats.get("notes") or [])
    report.stats.setdefault("now", run_time(getattr(args, "today", None)))
    # A Markdown comment that had to be cut names the complete report written alongside.
    report.stats["full_report"] = next(
        (
            output
            for name, output in outputs
            if output is not None and name not in ("markdown", "fleet-markdown")
        ),
        None,
    )
    for format_name, output in outputs:
        report.color = output is None and use_color(getattr(args, "color", "auto"), sys.stdout)
        text = renderer(format_name)(report)
        if output is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError as error:
                raise EksLintError(f"--output {output}: {error.strerror or error}") from None
    for note in report.notes:
        sys.stderr.write(f"eks-lint: {note}\n")
    if result.incomplete:
        return incomplete(result.incomplete, getattr(args, "allow_partial", False), report.failed())
    return exit_codes.FINDINGS if report.failed() else exit_codes.CLEAN


def run_time(today: Any) -> str:
    """The run's time for formats that stamp findings (ASFF): ``--today`` at
    00:00 UTC when given, so a report can be reproduced, else now."""
    if today is not None:
        return f"{today.isoformat()}T00:00:00Z"
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Formats that need a file for every finding (code scanning, GitLab Code Quality).
ANCHORED_FORMATS = ("sarif", "gitlab")


def write_live_anchors(args: argparse.Namespace, snapshots: list[Any]) -> None:
    """Write each live cluster's snapshot beside the SARIF or GitLab report, so their
    findings have a file to point at (the line of the resource in it).

    A live run reads nothing from the repository; the snapshot it collected is
    the honest place for an alert, and kept with the report it can be checked
    again offline (``--snapshot``). Nothing is written for other formats.
    """
    outputs = [entry for entry in getattr(args, "outputs", None) or [] if entry[0] in ANCHORED_FORMATS]
    live = [snapshot for snapshot in snapshots if snapshot.file.startswith("live:")]
    if not outputs or not live:
        return
    from pathlib import Path

    from eks_lint.sources.snapshot import dump_snapshot

    report_file = next((output for _, output in outputs if output not in (None, "-")), None)
    folder = Path(report_file).parent if report_file else Path(".")
    for snapshot in live:
        path = folder / f"eks-lint-{_safe(snapshot.cluster_name)}.snapshot.json"
        text = dump_snapshot(snapshot.data)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise EksLintError(f"{path}: cannot write the snapshot the report points at: {error}") from None
        snapshot.file, snapshot.text = str(path), text


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "cluster"


def incomplete(failures: list[str], allow_partial: bool, failed: bool = False) -> int:
    """Say on stderr what could not be read, one line each; exit 3 unless the
    user accepts a partial answer (then the findings decide, as usual)."""
    for text in failures:
        sys.stderr.write(f"eks-lint: could not read: {text}\n")
    if not allow_partial:
        sys.stderr.write(
            "eks-lint: incomplete: the rules that read this data were skipped (-v names them); "
            "exit 3 (--allow-partial accepts a partial result)\n"
        )
        return exit_codes.INCOMPLETE
    return exit_codes.FINDINGS if failed else exit_codes.CLEAN


def _apply_baseline(
    args: argparse.Namespace, prepared: Prepared, result: runner.RunResult, stats: dict[str, Any]
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
    from eks_lint.engine import baseline

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


def _keep_only(result: runner.RunResult, files: list[str]) -> None:
    """``--context-dir``: drop findings located in files read only for context.
    Findings with no location (on an AWS resource) are never dropped."""
    wanted = {_normal(name) for name in files}

    def keep(finding: Any) -> bool:
        return finding.location is None or _normal(finding.location.file) in wanted

    result.findings = [f for f in result.findings if keep(f)]
    result.suppressed = [f for f in result.suppressed if keep(f)]


def _normal(name: str) -> str:
    return name if name.startswith("<") else os.path.normcase(os.path.abspath(name))


def use_color(choice: str, stream: Any, environ: Any = None) -> bool:
    """``--color always|never`` decides; ``auto`` follows the conventions.

    NO_COLOR set and not empty turns colour off (https://no-color.org);
    FORCE_COLOR set and not empty turns it on even when piped
    (https://force-color.org); TERM=dumb is a terminal without colour;
    otherwise colour only on a terminal. NO_COLOR wins over FORCE_COLOR.
    """
    if choice in ("always", "never"):
        return choice == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def manifest_stats(manifests: Any) -> dict[str, Any]:
    """What the report says about the manifests read: counts, skipped documents, files checked."""
    stats = {
        "files": manifests.files,
        "documents": manifests.documents,
        "objects": len(manifests.objects),
        "skipped_documents": dict(manifests.skipped),
        "skipped_at": {reason: list(where) for reason, where in manifests.skipped_at.items()},
        "scopes": dict(manifests.scopes),
        # Files that declared rendered objects (templates, kustomize bases) are checked too.
        "checked_files": sorted(
            set(manifests.texts)
            | {problem.file for problem in manifests.problems}
            | {obj.source.origin for obj in manifests.objects if obj.source and obj.source.origin}
        ),
    }
    if manifests.report_only is not None:
        # Files read for context are not checked: a baseline entry in one is not "fixed".
        stats["report_only"] = list(manifests.report_only)
        stats["files"] = len(manifests.report_only)
        wanted = {_normal(name) for name in manifests.report_only}
        stats["checked_files"] = [name for name in stats["checked_files"] if _normal(name) in wanted]
    return stats
