"""A snapshot's Kubernetes items are checked in one fast pass; the full JSON
schema validation of them runs only to explain a problem, with the same words
as before. What is loaded is frozen out of the garbage collector's sight."""

from __future__ import annotations

import gc
import json

import jsonschema
import pytest
from helpers import SNAPSHOTS

from eks_lint.sources import snapshot
from eks_lint.sources.snapshot import (
    FORMAT,
    SCHEMA_PATH,
    kubernetes_items_valid,
    parse_snapshot,
    schema_problems,
)

ITEMS = [
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}},
    {"apiVersion": "apps/v1", "kind": "Deployment"},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": None},
    {"apiVersion": "", "kind": "Pod"},
    {"apiVersion": "v1", "kind": ""},
    {"apiVersion": "v1"},
    {"kind": "Pod"},
    {"apiVersion": 1, "kind": "Pod"},
    {"apiVersion": None, "kind": "Pod"},
    {"apiVersion": "v1", "kind": True},
    {"apiVersion": "v1", "kind": "Pod", "metadata": None},
    {"apiVersion": "v1", "kind": "Pod", "metadata": ["name"]},
    ["apiVersion", "v1"],
    "Pod",
    None,
]


def _item_schema():
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)["properties"]["kubernetes"]


def test_the_fast_check_encodes_the_schema_of_kubernetes_items():
    """If the schema's items change, the fast check must change with it."""
    assert _item_schema() == {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["apiVersion", "kind"],
            "properties": {
                "apiVersion": {"type": "string", "minLength": 1},
                "kind": {"type": "string", "minLength": 1},
                "metadata": {"type": "object"},
            },
        },
    }


@pytest.mark.parametrize("item", ITEMS, ids=[json.dumps(item) for item in ITEMS])
def test_the_fast_check_agrees_with_the_schema(item):
    validator = jsonschema.Draft202012Validator(_item_schema())
    assert kubernetes_items_valid([item]) == validator.is_valid([item])
    assert kubernetes_items_valid([ITEMS[0], item, ITEMS[1]]) == validator.is_valid([item])


def test_not_a_list_goes_to_the_schema():
    assert kubernetes_items_valid(None) is False
    assert kubernetes_items_valid({"apiVersion": "v1", "kind": "Pod"}) is False
    assert kubernetes_items_valid([]) is True


def test_a_bad_item_is_still_explained_by_the_schema():
    data = {"format": FORMAT, "kubernetes": [ITEMS[0], {"apiVersion": "v1", "kind": ""}, {"kind": "Pod"}]}
    assert schema_problems(data) == [
        "$.kubernetes[1].kind: '' should be non-empty",
        "$.kubernetes[2]: 'apiVersion' is missing",
    ]


def test_other_parts_are_still_validated_when_the_items_are_fine():
    data = {"format": FORMAT, "kubernetes": [ITEMS[0]], "subnets": [{"SubnetId": 7}], "colour": 1}
    problems = schema_problems(data)
    assert any(p.startswith("$.subnets[0].SubnetId: 7 is not of type 'string'") for p in problems), problems
    assert any(p.startswith("$: unknown key 'colour'") for p in problems), problems


def test_the_items_are_not_walked_by_the_schema_when_they_are_fine(monkeypatch):
    seen = []
    fast = snapshot.kubernetes_items_valid

    def spy(items):
        seen.append(len(items))
        return fast(items)

    monkeypatch.setattr(snapshot, "kubernetes_items_valid", spy)
    validated = []
    original = jsonschema.Draft202012Validator.iter_errors

    def record(self, instance, *args, **kwargs):
        validated.append(self.schema["properties"]["kubernetes"])
        return original(self, instance, *args, **kwargs)

    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors", record)
    assert schema_problems({"format": FORMAT, "kubernetes": ITEMS[:3]}) == []
    assert seen == [3] and validated == []  # valid: jsonschema is not even asked
    problems = schema_problems({"format": FORMAT, "kubernetes": ITEMS[:3], "subnets": [{"SubnetId": 7}]})
    assert problems == ["$.subnets[0].SubnetId: 7 is not of type 'string'"]
    assert seen == [3, 3] and validated == [{"type": "array"}]  # a bad AWS part: items still not walked


def test_a_loaded_snapshot_is_frozen_out_of_the_collector():
    gc.unfreeze()
    text = (SNAPSHOTS / "healthy.json").read_text(encoding="utf-8")
    parsed = parse_snapshot(text, "healthy.json")
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()
    assert parsed.data["format"] == FORMAT
