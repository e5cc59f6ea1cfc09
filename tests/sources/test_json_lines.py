"""Findings on a snapshot's Kubernetes objects point at their lines: one walk
of the composed file answers every finding, exactly as a scan per finding did."""

from __future__ import annotations

import json

import yaml
from helpers import SNAPSHOTS

from eks_lint.engine.model import K8sObject, Location
from eks_lint.sources import lines
from eks_lint.sources.lines import JsonLines


def _scan(text: str, target: K8sObject) -> Location:
    """Where the scan per finding (before the index) put the object."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)

    def is_target(values: dict[str, str]) -> bool:
        return (
            values.get("kind") == target.kind
            and values.get("metadata.name") == target.name
            and (values.get("metadata.namespace") or None) == target.namespace
        )

    node = lines._first(root, is_target, under="kubernetes")
    if node is None:
        return Location("s.json", 1, 1)
    return Location("s.json", node.start_mark.line + 1, node.start_mark.column + 1)


def _objects(count: int) -> list[dict]:
    out = []
    for index in range(count):
        namespace = None if index % 5 == 0 else ("" if index % 7 == 0 else f"team-{index % 3}")
        meta = {"name": f"app-{index % 40}"}
        if namespace is not None:
            meta["namespace"] = namespace
        out.append(
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment" if index % 2 else "Service",
                "metadata": meta,
                # A nested mapping that looks like an object too: the first in document order wins.
                "spec": {"template": {"kind": "Deployment", "metadata": {"name": f"app-{index % 41}"}}},
            }
        )
    return out


def _text(objects: list[dict]) -> str:
    return json.dumps({"format": "eks-lint/snapshot@1", "kubernetes": objects}, indent=2)


def test_every_object_is_where_the_scan_put_it():
    objects = _objects(120)
    text = _text(objects)
    located = JsonLines("s.json", text)
    targets = [K8sObject(obj) for obj in objects]
    targets += [K8sObject({"kind": "Deployment", "metadata": {"name": "absent"}})]
    targets += [K8sObject({"kind": "Deployment", "metadata": {"name": "app-40", "namespace": "team-1"}})]
    found = [located.locate(target) for target in targets]
    assert found == [_scan(text, target) for target in targets]
    assert found[-2] == Location("s.json", 1, 1)  # not in the file: line 1, as before
    assert len({location.line for location in found}) > 40  # objects are told apart


def test_the_fixture_snapshots_objects_are_where_the_scan_put_them():
    checked = 0
    for file in sorted(SNAPSHOTS.rglob("*.json")):
        text = file.read_text(encoding="utf-8")
        items = json.loads(text).get("kubernetes") or []
        located = JsonLines("s.json", text)
        for item in items:
            target = K8sObject(item)
            assert located.locate(target) == _scan(text, target), (file, target)
            checked += 1
    assert checked > 100


def test_one_walk_answers_every_finding(monkeypatch):
    text = _text(_objects(300))
    calls = []
    scalars = lines._scalars
    monkeypatch.setattr(lines, "_scalars", lambda node: calls.append(1) or scalars(node))
    located = JsonLines("s.json", text)
    located.locate(K8sObject(_objects(1)[0]))
    walked = len(calls)
    for obj in _objects(300):
        located.locate(K8sObject(obj))
    # Each mapping (object, metadata, spec, template, its metadata) read once for all 300.
    assert len(calls) == walked == 300 * 5
