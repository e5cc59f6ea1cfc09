"""A run with findings of every shape, for the report tests.

Test-only rules (``tests/report/rules``) over ``fixtures/reports``: findings
on manifests (located), a suppressed one, a whole file (``invalid-yaml``) and
AWS resources from a snapshot, so the goldens do not change when the
built-in rules' wording does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eks_lint.engine import runner
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Severity
from eks_lint.engine.registry import discover, select_rules
from eks_lint.report import Report
from eks_lint.sources.manifests import load_manifests
from eks_lint.sources.snapshot import Snapshot

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = Path(__file__).resolve().parent / "rules"
GOLDEN = Path(__file__).resolve().parent / "golden"
REPORT_FIXTURES = "fixtures/reports"
SELECTED = ["invalid-yaml", "TST"]


def build_report(show_suppressed: bool = False, with_inventory: bool = True) -> Report:
    rules = select_rules(discover([str(RULES_DIR)], plugins=False), SELECTED)
    manifests = load_manifests([f"{REPORT_FIXTURES}/manifests"], [])
    inventory = Inventory()
    inventory.add_objects(manifests.objects)
    inventory.settings["load_problems"] = manifests.problems
    text = (ROOT / REPORT_FIXTURES / "cluster.json").read_text()
    snapshot = Snapshot(data=json.loads(text), file=f"{REPORT_FIXTURES}/cluster.json", text=text)
    inventory.parts.update({key: snapshot.data[key] for key in ("cluster", "nodegroups")})
    result = runner.run(rules, inventory, {}, manifests.texts)
    return Report(
        result=result,
        rules=rules,
        fail_on=Severity.ERROR,
        show_suppressed=show_suppressed,
        stats={"files": manifests.files, "documents": manifests.documents, "objects": len(manifests.objects)},
        inventory=inventory if with_inventory else None,
        # Findings on the cluster's resources point at their lines in cluster.json,
        # as the command line's snapshot runs do.
        anchor=lambda finding: None if finding.location else snapshot.locate(finding.target),
    )


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository root, with the default documentation URL."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("EKS_LINT_DOCS_URL", raising=False)
    return ROOT


@pytest.fixture
def report(in_repo) -> Report:
    return build_report()


def golden(name: str, text: str) -> None:
    """Compare with tests/report/golden/NAME; EKS_LINT_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("EKS_LINT_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} missing: run with EKS_LINT_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"
