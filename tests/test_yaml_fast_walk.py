"""The loader's shortcuts (one walk of the nodes, tags cached per scalar) give
exactly what the safe constructor gives: the same data with the same types,
the same duplicates and the same errors, on hand-picked odd texts, on
generated ones, and on every manifest of the fixtures and both corpora."""

from __future__ import annotations

import math
import os
from typing import Any

import pytest
from helpers import CORPUS, FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from eks_lint.engine import yaml_load
from eks_lint.engine.yaml_load import YamlProblem, iter_documents


def strict(value: Any) -> Any:
    """``value`` with every type spelled out: ``1 == True`` and ``{}`` order hide differences."""
    if isinstance(value, dict):
        return ("dict", tuple((strict(k), strict(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(strict(v) for v in value))
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def loaded(text: str, walk: bool, outline: bool = False) -> list[Any]:
    """Each document's strict data and duplicates, then the problem that stopped it
    (``outline``: the loader outlines each document as it builds it)."""
    original = yaml_load.Loader.__init__

    def init(self: Any, stream: Any) -> None:
        original(self, stream)
        if not walk:
            self.walk = False

    yaml_load.Loader.__init__ = init  # type: ignore[method-assign]
    out: list[Any] = []
    walked = []
    original_walk = yaml_load.Loader._walk

    def counting(self: Any, node: Any, *rest: Any) -> Any:
        walked.append(node)
        return original_walk(self, node, *rest)

    yaml_load.Loader._walk = counting  # type: ignore[method-assign]
    try:
        for document in iter_documents(text, outline=outline):
            duplicates = [(d.key, d.line, d.column, d.first_line) for d in document.duplicates]
            out.append((strict(document.data), duplicates))
    except YamlProblem as problem:
        out.append(("problem", problem.message, problem.line, problem.column))
    finally:
        yaml_load.Loader.__init__ = original  # type: ignore[method-assign]
        yaml_load.Loader._walk = original_walk  # type: ignore[method-assign]
    if not walk:
        assert walked == []
    return out


ODD = [
    "a: 1\nb: yes\nc: ~\nd: 1.5\ne: .inf\nf: .nan\ng: 2024-02-30\nh: 0x1f\ni: 1:20\nj: '1'\n",
    "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n",  # duplicates, at two depths
    "outer:\n  x: 1\n  x: 2\ny: 1\ny: 3\n",  # duplicate order: outer first, then nested
    "base: &b {a: 1}\nmerged:\n  <<: *b\n  a: 2\n",  # anchors and a merge key
    "<<: {a: 1}\nb: 2\n",  # a merge key without an anchor
    "=: value\n",  # the value key
    "1: one\ntrue: yes\n~: null\n",  # keys that are not strings
    "? [a, b]\n: c\n",  # an unhashable key
    "? {a: 1}\n: c\n",
    "a: !Ref Bucket\n",  # an unknown tag
    "a: !!binary aGVsbG8=\nb: !!binary '%%%'\n",
    "a: !!set {x, y}\nb: !!omap [{x: 1}]\nc: !!pairs [{x: 1}]\n",
    "a: !!str 1\nb: !!int '7'\nc: !!float 3\nd: !!map {x: 1}\ne: !!seq [1]\n",
    "a: !!int 'x'\n",  # a constructor error
    "big: " + "9" * 5000 + "\n",  # longer than Python converts from text
    "just a scalar\n",
    "- 1\n- [2, [3, [4]]]\n- {a: [b, {c: d}]}\n",
    "---\n---\nkind: Pod\n...\n---\n- x\n",
    "a: [1, 2\n",  # malformed
    "a: b: c\n",
    "x: " + "[" * 150 + "]" * 150 + "\n",  # deep, under the depth limit
    "x: " + "[" * 300 + "]" * 300 + "\n",  # beyond it
    "a: 'q&a'\nb: &x 1\nc: *x\n",
    '{"a":&x 1, "b": *x}\n',
    "key: |\n  line one\n  line two\nother: >-\n  folded\n  text\n",
    "a: 1\n---\na: 1\na: 1\n---\nb: !!bool yes\n",
    "a: 1_000\nb: 0o17\nc: +12\nd: -0\ne: 190:20:30.15\nf: 6.8523015e+5\ng: NO\nh: Off\n",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: v\n  k: w\n",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_texts_load_as_the_safe_constructor_loads_them(text: str) -> None:
    assert loaded(text, walk=True) == loaded(text, walk=False) == loaded(text, walk=True, outline=True)


def test_plain_documents_are_walked_and_unusual_ones_are_not() -> None:
    """The shortcut is taken where it can be (else the comparison above proves
    nothing) and left where the text may hold an anchor."""
    plain = yaml_load.Loader("a: {b: [1, x, null]}\n")
    try:
        assert plain.walk
        node = plain.get_single_node()
        assert plain._walk(node, None, []) == {"a": {"b": [1, "x", None]}}
    finally:
        plain.dispose()
    anchored = yaml_load.Loader("a: &x 1\nb: *x\n")
    try:
        assert not anchored.walk
    finally:
        anchored.dispose()
    for text in ("a: 1\na: 2\n", "<<: {a: 1}\n", "a: !Ref b\n", "1: x\n"):
        loader = yaml_load.Loader(text)
        try:
            with pytest.raises(yaml_load._Unusual):
                loader._walk(loader.get_single_node(), None, [])
        finally:
            loader.dispose()


def test_tags_are_resolved_as_the_resolver_resolves_them_and_the_cache_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_load, "_TAGS", {})
    monkeypatch.setattr(yaml_load, "_TAGS_MAX", 3)
    values = ["1", "yes", "x", "~", "1.5", "2024-01-01", "", "1", "x"]
    for value in values:
        loader = yaml_load.Loader("")
        try:
            got = loader.resolve(yaml_load.yaml.ScalarNode, value, (True, False))
            want = yaml_load.yaml.resolver.Resolver.resolve(
                loader, yaml_load.yaml.ScalarNode, value, (True, False)
            )
            assert got == want
            assert len(yaml_load._TAGS) <= 3
        finally:
            loader.dispose()


SCALARS = st.sampled_from(
    ["1", "x", "yes", "~", "''", "1.5", ".nan", "0x1", "2024-01-01", "!!str 2", "!Ref y", "&a 1", "*a", "<<"]
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """Small block-style texts from a vocabulary that reaches every branch."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = "  " * draw(st.integers(0, 2))
        key = draw(st.sampled_from(["a", "b", "a", "1", "<<", "? [x]", "=", "c"]))
        value = draw(st.one_of(SCALARS, st.just(""), st.just("[1, {y: 2}]")))
        bullet = draw(st.sampled_from(["", "- "]))
        lines.append(f"{indent}{bullet}{key}: {value}".rstrip())
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(yaml_texts())
def test_generated_texts_load_as_the_safe_constructor_loads_them(text: str) -> None:
    assert loaded(text, walk=True) == loaded(text, walk=False)


def _manifests() -> list[str]:
    roots = [FIXTURES, CORPUS / "manifests", CORPUS / "manifests2", CORPUS / "eksctl"]
    out = []
    for root in roots:
        for folder, _, names in os.walk(root):
            out.extend(
                os.path.join(folder, name) for name in sorted(names) if name.endswith((".yaml", ".yml"))
            )
    return out


def test_every_fixture_and_corpus_manifest_loads_as_before() -> None:
    files = _manifests()
    assert len(files) > 300  # the corpora are there
    walked = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        assert loaded(text, walk=True) == loaded(text, walk=False), path
        assert loaded(text, walk=True, outline=True) == loaded(text, walk=False), path
        walked += "&" not in text
    assert walked > 300
