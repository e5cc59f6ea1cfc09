"""Build inventories from snapshot fixtures for the version rules' tests.

Independent of the snapshot loader so the rules are tested on the exact API
shapes in the fixture files; the CLI tests go through ``--snapshot``.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from helpers import SNAPSHOTS, run_rule

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import INVENTORY_PARTS, K8sObject


def inventory(data: dict[str, Any] | Path | str, today: str = "2026-11-24", **settings: Any) -> Inventory:
    if not isinstance(data, dict):
        data = json.loads((SNAPSHOTS / data if isinstance(data, str) else data).read_text())
    data = copy.deepcopy(data)
    parts = {k: v for k, v in data.items() if k in INVENTORY_PARTS and k != "kubernetes"}
    inv = Inventory(parts=parts, errors=list(data.get("errors") or []))
    inv.add_objects([K8sObject(obj) for obj in data.get("kubernetes") or []])
    inv.settings.update({"today": date.fromisoformat(today), **settings})
    return inv


def findings(rule: str, inv: Inventory) -> list[tuple[str, str, str, str]]:
    """(rule, resource, severity, message) for each finding, in report order."""
    result = run_rule(rule, inv)
    assert not result.tracebacks, result.tracebacks
    assert rule in result.rules_run, result.skipped
    return [(f.name, f.resource_display, str(f.severity), f.message) for f in result.findings]
