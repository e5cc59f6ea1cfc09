"""``eks-lint collect`` (live clusters into snapshot files) and ``eks-lint
iam-policy`` (the read-only policy the collector needs), plus the progress
line both the collector and ``check --cluster`` draw on a terminal."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from eks_lint.cli.prepare import prepare
from eks_lint.engine.errors import EksLintError


class Progress:
    """``eks-lint: reading prod: 57 AWS calls`` on stderr, rewritten in place; only on a TTY."""

    def __init__(self, stream: Any = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = ""
        self._last = 0.0
        self._lock = threading.Lock()

    def start(self, label: str) -> None:
        self.label = label
        self.update(0, force=True)

    def update(self, calls: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last < 0.1:
                return
            self._last = now
            self.stream.write(f"\r\033[Keks-lint: reading {self.label}: {calls:,} AWS calls")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def collect(args: argparse.Namespace, rules: list[Any]) -> list[dict[str, Any]]:
    """The snapshots ``--cluster``/``--all-clusters`` with ``--region``/``--profile`` name.

    Why a cluster's Kubernetes objects were not (all) read is said on stderr,
    one line per cluster, without ``-v``: the cause and its fix are what the
    user needs to act, and a report that silently lacks them reads as clean.
    """
    from eks_lint.sources.aws import KubeAccess, collect_clusters

    refuse_context_for_several_clusters(args)
    snapshots = collect_clusters(
        rules,
        names=getattr(args, "cluster", None) or [],
        all_clusters=getattr(args, "all_clusters", False),
        region=getattr(args, "region", None),
        profile=getattr(args, "profile", None),
        kube=KubeAccess(
            kubeconfig=getattr(args, "kubeconfig", None),
            context=getattr(args, "context", None),
            timeout=getattr(args, "timeout", None),
        ),
        progress=Progress(quiet=getattr(args, "quiet", False)),
        deadline=getattr(args, "deadline", None),
        jobs=getattr(args, "jobs", None),
    )
    for snapshot in snapshots:
        for line in (insecure_tls_line(snapshot), kubernetes_fault_line(snapshot)):
            if line:
                print(f"eks-lint: {line}", file=sys.stderr)
    return snapshots


def insecure_tls_line(snapshot: dict[str, Any]) -> str | None:
    """A warning when the API server's certificate was not checked (the kubeconfig
    says insecure-skip-tls-verify: true): its answers could be anyone's."""
    access = snapshot.get("kubernetes_access") or {}
    if access.get("tls") != "insecure-skip-tls-verify":
        return None
    name = (snapshot.get("cluster") or {}).get("name") or access.get("server") or "?"
    return (
        f"cluster {name}: warning: the API server {access.get('server')} was read WITHOUT verifying its "
        f"certificate (insecure-skip-tls-verify: true in {access.get('tls_origin') or 'the kubeconfig'}); "
        "whoever is on the path could have answered; set certificate-authority-data instead"
    )


def refuse_context_for_several_clusters(args: argparse.Namespace) -> None:
    """``--context`` is one kubeconfig context, so one cluster: with several it
    would be an error per cluster and a run that goes on, so it is a usage error."""
    if getattr(args, "context", None) is None:
        return
    if getattr(args, "all_clusters", False):
        raise EksLintError("--context names one kubeconfig context: it cannot go with --all-clusters")
    if len(getattr(args, "cluster", None) or []) > 1:
        raise EksLintError("--context names one kubeconfig context: give a single --cluster with it")


def live_name(snapshot: dict[str, Any]) -> str:
    """The cluster's name, also when DescribeCluster did not answer (the deadline
    passed, say): then the name it was asked for."""
    name = (snapshot.get("cluster") or {}).get("name")
    if name:
        return str(name)
    asked = [e for e in snapshot.get("errors") or () if e.get("operation") == "eks:DescribeCluster"]
    return str(asked[0].get("target") or "?") if asked else "?"


def kubernetes_fault_line(snapshot: dict[str, Any]) -> str | None:
    """``cluster prod: Kubernetes objects not read: <cause and fix>``, or None when all were read."""
    failed = [
        error
        for error in snapshot.get("errors") or []
        if str(error.get("operation", "")).startswith("k8s:") and error.get("part") == "kubernetes"
    ]
    if not failed:
        return None
    name = (snapshot.get("cluster") or {}).get("name") or failed[0].get("target") or "?"
    first = failed[0]
    if not str(first.get("operation", "")).startswith("k8s:list"):  # k8s:connect, k8s:read
        text = f"cluster {name}: Kubernetes objects not read: {first.get('message', '')}"
    else:
        lists = ", ".join(
            f"{str(e.get('operation', '')).split(' ', 1)[-1]} ({e.get('code', 'error')})" for e in failed
        )
        count = "1 Kubernetes list" if len(failed) == 1 else f"{len(failed)} Kubernetes lists"
        text = f"cluster {name}: {count} not read: {lists}; {first.get('message', '')}"
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def run_collect(args: argparse.Namespace) -> int:
    from eks_lint.sources.snapshot import dump_snapshot

    prepared = prepare(args)
    for flag in ("shard", "shards", "jobs", "per_account"):
        if flag == "jobs" and getattr(args, "all_clusters", False):
            continue  # --all-clusters reads --jobs clusters at once too
        if getattr(args, flag, None) is not None:
            raise EksLintError(f"--{flag.replace('_', '-')} goes with --targets or --target")
    snapshots = collect(args, prepared.selected)
    output = getattr(args, "output", None)
    if len(snapshots) == 1 and not (output and Path(output).is_dir()):
        text = dump_snapshot(snapshots[0])
        if output:
            _write(Path(output), text)
        else:
            sys.stdout.write(text)
        return _finish(snapshots, args)
    if not output:
        raise EksLintError("several clusters: give -o FOLDER to write one snapshot file per cluster")
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for snapshot in snapshots:
        _write(
            folder / f"{live_name(snapshot).replace('?', 'cluster')}.json",
            dump_snapshot(snapshot),
        )
    return _finish(snapshots, args)


def _finish(snapshots: list[dict[str, Any]], args: argparse.Namespace) -> int:
    """The snapshots are written either way; a read that failed makes the exit 3
    (unless --allow-partial), one stderr line per failed operation."""
    from eks_lint.cli import exit_codes
    from eks_lint.cli.output import incomplete
    from eks_lint.engine.runner import failure_text
    from eks_lint.sources.aws import NOT_FOUND_CODES

    failures = []
    for snapshot in snapshots:
        name = live_name(snapshot)
        for error in snapshot.get("errors") or ():
            # A named resource that is gone is a fact the rules report on, not a failed read.
            if error.get("code") not in NOT_FOUND_CODES:
                failures.append(
                    f"cluster {name}: {failure_text(error, target=True)}: {error.get('message', '')}".rstrip(
                        ": "
                    )
                )
    if failures:
        return incomplete(failures, getattr(args, "allow_partial", False))
    return exit_codes.CLEAN


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise EksLintError(f"--output {path}: {error.strerror or error}") from None


def run_iam_policy(args: argparse.Namespace) -> int:
    """The policy of the identity eks-lint runs as (collection, discovery, and
    the S3 write when asked); with ``--fleet`` also the member-account role."""
    from eks_lint.sources.aws import calls_for, fleet_policies, iam_policy, parts_for
    from eks_lint.sources.fleet import DEFAULT_ROLE_NAME

    prepared = prepare(args)
    calls = calls_for(parts_for(prepared.selected), all_clusters=True)
    role_name = getattr(args, "role_name", None) or DEFAULT_ROLE_NAME
    s3_output = getattr(args, "s3_output", None)
    if s3_output:
        s3_output = s3_output.removeprefix("s3://")
        if not s3_output.split("/", 1)[0]:
            raise EksLintError(f"--s3-output {args.s3_output}: give BUCKET or BUCKET/PREFIX")
    if not getattr(args, "fleet", False):
        if getattr(args, "trusted_principal", None):
            raise EksLintError("--trusted-principal goes with --fleet")
        policy = iam_policy(calls, role_name=role_name, s3_output=s3_output)
        sys.stdout.write(json.dumps(policy, indent=2) + "\n")
        return 0
    principal = getattr(args, "trusted_principal", None)
    if not principal or not principal.startswith("arn:") or ":iam::" not in principal:
        raise EksLintError(
            "--fleet: give --trusted-principal ARN, the IAM role eks-lint runs as (the member role trusts it)"
        )
    sys.stdout.write(json.dumps(fleet_policies(calls, role_name, principal, s3_output), indent=2) + "\n")
    return 0
