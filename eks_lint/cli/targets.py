"""``eks-lint targets`` (the clusters of a fleet, as JSON Lines) and
``eks-lint collect --targets/--target`` (read them on a bounded pool, one
snapshot per cluster, optionally one shard of them)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eks_lint.cli import exit_codes
from eks_lint.engine.errors import EksLintError

#: A targets file of 100,000 clusters is about 20 MiB.
MAX_TARGETS_FILE = 64 * 1024 * 1024


def run_targets(args: argparse.Namespace) -> int:
    from eks_lint.sources import fleet
    from eks_lint.sources.aws import make_session

    base = make_session(args.profile, args.region)
    access = fleet.Access(base, profile=args.profile)
    lines = list(
        fleet.discover(
            access,
            organization=args.organization,
            accounts=args.accounts or (),
            role_name=args.role_name,
            regions=args.regions or (),
            jobs=args.jobs or fleet.DEFAULT_JOBS,
        )
    )
    text = "".join(fleet.target_line(line) for line in lines)
    if args.output and args.output != "-":
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise EksLintError(f"--output {args.output}: {error.strerror or error}") from None
    else:
        sys.stdout.write(text)
    errors = [line for line in lines if "error" in line]
    clusters = len(lines) - len(errors)
    accounts = len({line["account"] for line in lines if "error" not in line})
    print(f"eks-lint: {clusters} clusters in {accounts} accounts", file=sys.stderr)
    if errors:
        from eks_lint.cli.output import incomplete

        return incomplete([fleet.error_text(line) for line in errors], args.allow_partial)
    return exit_codes.CLEAN


class FleetProgress:
    """``eks-lint: 57/200 clusters read, 2 failed`` on stderr, rewritten in place; only on a TTY."""

    def __init__(self, stream: Any = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._lock = threading.Lock()

    def update(self, done: int, total: int, failed: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        with self._lock:
            if done < total and now - self._last < 0.1:
                return
            self._last = now
            failures = f", {failed} failed" if failed else ""
            self.stream.write(f"\r\033[Keks-lint: {done}/{total} clusters read{failures}")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def load_targets(args: argparse.Namespace) -> tuple[list[Any], list[dict[str, Any]]]:
    """The targets of ``--targets FILE`` or ``--target JSON``, and the targets file's error lines."""
    from eks_lint.sources import fleet

    if args.target is not None:
        try:
            value = json.loads(args.target)
        except ValueError as error:
            raise EksLintError(f"--target: not JSON: {error}") from None
        return [fleet.parse_target(value, "--target")], []
    name = args.targets
    if name == "-":
        from eks_lint.engine.files import read_bounded

        data = read_bounded(sys.stdin, MAX_TARGETS_FILE)
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        return fleet.read_targets(text, "<stdin>")
    from eks_lint.engine.files import FileProblem, read_regular_file

    try:
        data = read_regular_file(name, MAX_TARGETS_FILE)
    except FileProblem as error:
        raise EksLintError(f"--targets {name}: {error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EksLintError(f"--targets {name}: not UTF-8 text") from None
    return fleet.read_targets(text, name)


def run_fleet_collect(args: argparse.Namespace) -> int:
    """``collect --targets FILE`` / ``--target JSON``: this run's share of the
    fleet, one snapshot per cluster and a failures file, under ``-o``."""
    from eks_lint.cli.prepare import prepare
    from eks_lint.sources import fleet

    rules = prepare(args).selected
    from eks_lint.sources.aws import make_session

    for flag in ("context", "kubeconfig"):
        if getattr(args, flag, None):
            raise EksLintError(
                f"--{flag} names one cluster's kubeconfig: it cannot go with --targets/--target"
            )
    if not args.output or args.output == "-":
        raise EksLintError("--targets/--target: give -o FOLDER or -o s3://BUCKET/PREFIX/ for the snapshots")
    shard = fleet.shard_from(args.shard, args.shards)
    if shard is not None and args.target is not None:
        raise EksLintError("--target is one cluster: it cannot be sharded")
    targets, discovery_errors = load_targets(args)
    if shard is not None:
        targets = [t for t in targets if fleet.shard_of(t, shard[1]) == shard[0]]
        if shard[0] != 0:
            discovery_errors = []  # carried forward once, by shard 0
    base = make_session(getattr(args, "profile", None), getattr(args, "region", None))
    output = fleet.Output(args.output, base)
    access = fleet.Access(base, profile=getattr(args, "profile", None))
    from eks_lint.sources.aws import KubeAccess

    result = fleet.collect_fleet(
        targets,
        rules,
        access,
        output,
        jobs=args.jobs or fleet.DEFAULT_JOBS,
        per_account=args.per_account or fleet.DEFAULT_PER_ACCOUNT,
        progress=FleetProgress(quiet=args.quiet),
        kube=KubeAccess(timeout=getattr(args, "timeout", None)),
    )
    failures = [*discovery_errors, *result.failures]
    single = targets[0] if args.target is not None else None
    where = output.write(
        fleet.failures_name(shard, single), "".join(fleet.target_line(failure) for failure in failures)
    )
    share = f" (shard {shard[0]}/{shard[1]})" if shard else ""
    if not args.quiet:
        print(
            f"eks-lint: {len(result.written)}/{result.total} clusters written to {args.output}{share}; "
            f"{len(result.failures)} failed, {len(discovery_errors)} not discovered (see {where})",
            file=sys.stderr,
        )
    lines = [fleet.error_text(failure) for failure in failures]
    from eks_lint.cli.collect import kubernetes_fault_line
    from eks_lint.engine.runner import failure_text
    from eks_lint.sources.aws import NOT_FOUND_CODES

    for target, snapshot in result.partial:
        kube_line = kubernetes_fault_line(snapshot)
        for error in snapshot.get("errors") or ():
            if error.get("code") in NOT_FOUND_CODES or str(error.get("operation", "")).startswith("k8s:"):
                continue
            lines.append(f"{target.key}: {failure_text(error, target=True)}: {error.get('message', '')}")
        if kube_line:
            lines.append(f"{target.key}: {kube_line}")
    if lines:
        from eks_lint.cli.output import incomplete

        return incomplete(lines, getattr(args, "allow_partial", False))
    return exit_codes.CLEAN
