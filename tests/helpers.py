"""Shared test helpers: run eks-lint the way users do and read its findings.

``lint(...)`` runs the real command line in-process and returns the exit code
and the JSON report, so every rule test goes through argument parsing,
discovery, the engine, locations and the JSON output.
"""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eks_lint.cli import main
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.registry import discover, select_rules
from eks_lint.engine.runner import run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MANIFESTS = FIXTURES / "manifests"
SNAPSHOTS = FIXTURES / "snapshots"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.report["findings"]


def cli(*args: str, stdin: bytes | None = None) -> Outcome:
    """Run ``eks-lint ARGS`` in-process; returns exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return Outcome(code, out.getvalue(), err.getvalue())


def lint(*args: str, stdin: bytes | None = None) -> Outcome:
    """``eks-lint check --format json ARGS`` (no config file from the cwd)."""
    return cli(
        "check", "--format", "json", "--config", str(FIXTURES / "empty-config.yaml"), *args, stdin=stdin
    )


#: Both real-world corpora are linted on a pinned day and version, failing on
#: nothing: their tests compare the findings themselves.
CORPUS_PINNED = ("--today", "2026-11-24", "--k8s-version", "1.33", "--fail-on", "never")


def resource_name(finding: dict[str, Any]) -> str:
    """``Kind/namespace/name`` (``Kind/name`` without a namespace) of a JSON finding."""
    resource = finding["resource"]
    namespace = f"{resource['namespace']}/" if resource.get("namespace") else ""
    return f"{resource['kind']}/{namespace}{resource['name']}"


def assert_lints_without_a_crash(outcome: Outcome) -> None:
    """Exit 0 (nothing fails with ``--fail-on never``), no traceback, no rule crashed."""
    assert outcome.code == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not [f for f in outcome.findings if f["name"] == "internal-error"]


def located(findings: list[dict[str, Any]], root: Path = ROOT) -> list[tuple[str, int, int, str]]:
    """(file relative to root, line, column, rule name) for each finding, in report order."""
    out = []
    for finding in findings:
        location = finding["location"]
        file = Path(location["file"])
        try:
            file = file.resolve().relative_to(root)
        except ValueError:
            pass
        out.append((file.as_posix(), location["line"], location["column"], finding["name"]))
    return out


def by_resource(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(rule name, resource display) for findings on AWS resources or objects."""
    out = []
    for finding in findings:
        resource = finding["resource"]
        if "kind" in resource:
            namespace = f"{resource['namespace']}/" if resource.get("namespace") else ""
            out.append((finding["name"], f"{resource['kind']}/{namespace}{resource['name']}"))
        else:
            name = resource.get("address") or resource.get("arn") or f"{resource['type']}/{resource['id']}"
            out.append((finding["name"], name))
    return out


def run_rule(name: str, inventory: Inventory):
    """Run one built-in rule on an inventory built in the test; returns the RunResult."""
    rules = select_rules(discover(plugins=False), [name])
    return run(rules, inventory)
