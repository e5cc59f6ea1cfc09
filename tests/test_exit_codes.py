"""A bug in eks-lint exits 4 with how to report it; a report that cannot be
written is one line, exit 2; neither is confused with "findings" (1)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import FIXTURES, ROOT, cli, lint, located

from eks_lint.cli import check, exit_codes

BAD = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")


def test_a_crash_outside_the_rules_exits_4_and_says_how_to_report_it(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(check, "manifest_stats", broken)
    outcome = cli("check", "--config", str(FIXTURES / "empty-config.yaml"), BAD)
    assert outcome.code == exit_codes.INTERNAL == 4
    lines = outcome.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-2] == "eks-lint: internal error (a bug in eks-lint, not in your input): ValueError: boom"
    assert lines[-1].startswith("eks-lint: please report it to the eks-lint issue tracker")
    assert outcome.stdout == ""


def test_a_rule_crash_stays_a_finding_not_exit_4(monkeypatch, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "always_crashes.py").write_text(
        '"""Crashes.\n\n## What it checks\nx\n\n## Why it matters on EKS\nx\n\n## How to fix\nx\n\n'
        '## Example\nx\n"""\n'
        "from eks_lint.rule import Rule\n"
        'RULE = Rule(code="TST999", name="always-crashes", severity="info", summary="crashes", '
        'source="https://example.com", kinds=("Deployment",))\n'
        "def check(inventory, options):\n    raise KeyError('spec')\n    yield\n"
    )
    outcome = cli(
        "check", "-f", "json", "--config", str(FIXTURES / "empty-config.yaml"), "--rules-dir", str(rules), BAD
    )
    assert outcome.code == exit_codes.FINDINGS
    names = [f["name"] for f in outcome.report["findings"]]
    assert "internal-error" in names


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("output", ["text", "json"])
def test_a_full_stdout_is_one_line_not_a_traceback(output):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "eks_lint", "check", "-f", output, BAD],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    assert done.returncode == exit_codes.USAGE
    assert done.stderr == "eks-lint: cannot write the report: No space left on device\n"


def test_select_never_hides_a_file_that_could_not_be_read(tmp_path):
    """As ruff reports syntax errors whatever is selected: --select names the
    checks to run, it does not turn a broken file into a green run."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: [name\n", encoding="utf-8")
    outcome = lint("--select", "missing-pdb", str(broken))
    assert outcome.code == 1, outcome.stderr
    assert [(line, column, rule) for _, line, column, rule in located(outcome.findings, tmp_path)] == [
        (4, 1, "invalid-yaml")
    ]
    # --ignore is how a team says it does not want it.
    ignored = lint("--select", "missing-pdb", "--ignore", "invalid-yaml", str(broken))
    assert ignored.code == 0 and ignored.findings == []
