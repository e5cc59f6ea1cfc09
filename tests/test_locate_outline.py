"""A document's outline (what a worker process sends back instead of its YAML
nodes) locates every path exactly as the nodes do: each key, item and scalar
of every fixture and corpus manifest, paths that go past what exists, items of
a ``kind: List``, lines inside literal block scalars; and documents that
cannot have one (an anchor, a duplicate key) are kept as spans."""

from __future__ import annotations

import os
import pickle
from typing import Any

from helpers import CORPUS, FIXTURES

from eks_lint.engine.locate import DocumentSpan, Locator, Outline
from eks_lint.engine.model import K8sObject, ObjectSource
from eks_lint.engine.yaml_load import iter_documents
from eks_lint.sources import manifests

LIST = """apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: a}
    data:
      script: |
        #!/bin/sh
          echo "one"
        echo two
  - apiVersion: v1
    kind: Secret
    metadata:
      name: b
    stringData: {x: "1", "y": [1, [2, 3], {z: 4}]}
"""


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``data``, and past its ends (a missing key, an index too far)."""
    out = [prefix, (*prefix, "missing"), (*prefix, 99), (*prefix, -1)]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, (*prefix, index)))
    elif isinstance(data, str) and "\n" in data:
        lines = data.count("\n") + 1
        out.extend((*prefix, line, column) for line in range(lines + 1) for column in (0, 3))
        out.extend((*prefix, line) for line in range(lines + 1))
    return out


def _compare(name: str, text: str) -> int:
    """Locate every path of every document through nodes and through outlines;
    the number of documents that had an outline."""
    nodes: list[Any] = []
    outlines: list[Any] = []
    data: list[Any] = []
    for document in iter_documents(text, outline=True):
        nodes.append(document.node)
        data.append(document.data)
        outline = document.outline
        # What a worker sends back: through pickle.
        outlines.append(pickle.loads(pickle.dumps(Outline(*outline))) if outline else document.node)
    by_nodes = Locator({name: text}, {name: nodes})
    by_outlines = Locator({name: text}, {name: outlines})
    for index, value in enumerate(data):
        if not isinstance(outlines[index], Outline):
            continue
        items = value.get("items") if isinstance(value, dict) else None
        targets = [(None, value)]
        if isinstance(items, list):
            targets += list(enumerate(items))
        for item, target in targets:
            obj = K8sObject({}, ObjectSource(name, index, 1, item))
            for path in _paths(target):
                assert by_outlines.locate(obj, path) == by_nodes.locate(obj, path), (name, index, item, path)
    return sum(isinstance(outline, Outline) for outline in outlines)


def test_a_list_with_a_literal_block_scalar_locates_as_its_nodes():
    assert _compare("list.yaml", LIST) == 1
    obj = K8sObject({}, ObjectSource("list.yaml", 0, 1, 0))
    outline = Outline(*next(iter_documents(LIST, outline=True)).outline)
    locator = Locator({"list.yaml": LIST}, {"list.yaml": [outline]})
    assert locator.locate(obj, ("data", "script", 1, 2)).line == 10
    assert locator.locate(obj, ("data", "script", 1, 2)).column == 11  # past the block's indentation
    second = K8sObject({}, ObjectSource("list.yaml", 0, 1, 1))
    location = locator.locate(second, ("stringData", "y", 2, "z"))
    assert (location.line, location.column) == (16, 47)  # a scalar: at its value


def test_every_fixture_and_corpus_document_locates_as_its_nodes():
    outlined = 0
    roots = [FIXTURES, CORPUS / "manifests", CORPUS / "manifests2", CORPUS / "eksctl"]
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith((".yaml", ".yml")):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                try:
                    outlined += _compare(name, text)
                except Exception as error:  # a file that does not load: no outline to compare
                    assert "YAML" in type(error).__name__ or "Problem" in type(error).__name__, error
    assert outlined > 500


def test_documents_that_cannot_be_outlined_are_kept_as_spans(tmp_path):
    anchored = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: &v '1', y: *v}\n"
    duplicate = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: '1', x: '2'}\n"
    plain = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
    files = []
    for index, text in enumerate((anchored, duplicate, plain + "---\n" + duplicate)):
        path = tmp_path / f"{index}.yaml"
        path.write_text(text)
        files.append(str(path))
    part = manifests._load_run((files, manifests.MAX_FILE_BYTES, 10**6))
    kinds = [[type(node).__name__ for node in part.nodes[file]] for file in files]
    assert kinds == [["DocumentSpan"], ["DocumentSpan"], ["Outline", "DocumentSpan"]]
    # Over the budget of outlined text: spans only.
    part = manifests._load_run((files, manifests.MAX_FILE_BYTES, len(anchored)))
    assert all(isinstance(node, DocumentSpan) for file in files for node in part.nodes[file])
