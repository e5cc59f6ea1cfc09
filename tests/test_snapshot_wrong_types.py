"""Every field of the fixture snapshots that a rule reads, at every wrong JSON
type: either loading names it (exit 2 on the command line), or every rule
copes. The property test in ``test_properties.py`` samples these paths; this
walks them all, in process, so a field a rule reads cannot stay untyped and
turn a wrong value into a rule's internal error (it did for a cluster's
``remoteNetworkConfig``)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date

import pytest
from helpers import ROOT
from test_properties import SNAPSHOTS, TYPED_FIELDS, WRONG_TYPES

from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.registry import discover
from eks_lint.sources.snapshot import json_path, parse_snapshot

#: Every quoted name in the rules and the EKS helpers they call: a field whose
#: name no rule code mentions is read by none.
_MENTIONED = {
    name
    for path in (*ROOT.joinpath("rules").rglob("*.py"), *ROOT.joinpath("eks_lint", "eks").glob("*.py"))
    for name in re.findall(r'"([A-Za-z][A-Za-z0-9]*)"', path.read_text(encoding="utf-8"))
}


def _read_by_rules(path: tuple) -> bool:
    names = [part for part in path if isinstance(part, str)]
    return bool(names) and names[-1] in _MENTIONED


READ_FIELDS = [(file, path) for file, path in TYPED_FIELDS if _read_by_rules(path)]


def test_the_walk_covers_the_fields_rules_read():
    assert len(READ_FIELDS) > 250
    assert (
        "hybrid-nodes-cluster-unsupported/config-map.json",
        ("cluster", "remoteNetworkConfig"),
    ) in READ_FIELDS


@pytest.mark.parametrize("file", sorted({file for file, _ in READ_FIELDS}))
def test_a_wrong_type_in_a_field_rules_read_is_named_or_coped_with(file):
    rules = discover(plugins=False)
    original = json.loads((SNAPSHOTS / file).read_text())
    problems = []
    for _, path in (field for field in READ_FIELDS if field[0] == file):
        value = original
        for part in path:
            value = value[part]
        for wrong in WRONG_TYPES[type(value)]:
            snapshot = copy.deepcopy(original)
            node = snapshot
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = wrong
            try:
                loaded = parse_snapshot(json.dumps(snapshot), file)
            except EksLintError as error:
                if f"{json_path(path)}: " not in str(error):
                    problems.append(f"{json_path(path)} = {wrong!r}: refused without naming it: {error}")
                continue
            inventory = loaded.to_inventory()
            inventory.settings.update(today=date(2026, 12, 4), k8s_version="1.33")
            result = runner.run(rules, inventory)
            if result.tracebacks:
                crash = result.tracebacks[0].strip().splitlines()
                problems.append(f"{json_path(path)} = {wrong!r}: {crash[0]} {crash[-1]}")
    assert problems == []
