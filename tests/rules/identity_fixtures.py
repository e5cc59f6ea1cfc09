"""Shared by the identity-rule tests: run one rule on a snapshot fixture and list its findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from helpers import SNAPSHOTS, lint

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sources"))

from api_shapes import shape_problems  # noqa: E402

from eks_lint.sources.snapshot import schema_problems  # noqa: E402


def findings(rule: str, fixture: str, *extra: str) -> list[dict]:
    """Findings of ``rule`` on ``fixtures/snapshots/<rule>/<fixture>`` through the real CLI."""
    path = SNAPSHOTS / rule / fixture
    outcome = lint("--select", rule, "--snapshot", str(path), *extra)
    assert outcome.code in (0, 1), outcome.stderr
    assert rule in outcome.report["summary"]["rules_run"], outcome.report["summary"]["rules_skipped"]
    return outcome.findings


def skipped(outcome) -> dict[str, str]:
    return {entry["rule"]: entry["reason"] for entry in outcome.report["summary"]["rules_skipped"]}


def summary(found: list[dict]) -> list[tuple[str, str, str]]:
    """(rule, resource, path) per finding, in report order."""
    out = []
    for finding in found:
        resource = finding["resource"]
        if "kind" in resource:
            namespace = f"{resource['namespace']}/" if resource.get("namespace") else ""
            name = f"{resource['kind']}/{namespace}{resource['name']}"
        else:
            name = resource.get("arn") or f"{resource['type']}/{resource['id']}"
        out.append((finding["name"], name, finding.get("path") or ""))
    return out


def fixture_problems(rule: str) -> dict[str, list[str]]:
    """Schema and botocore-shape problems of every fixture of a rule (should be none)."""
    out = {}
    for path in sorted((SNAPSHOTS / rule).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        problems = schema_problems(data) + shape_problems(data)
        if problems:
            out[path.name] = problems
    return out
