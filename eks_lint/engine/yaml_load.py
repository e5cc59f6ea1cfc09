"""The one way eks-lint reads YAML: manifests, the config, eksctl configs,
kubeconfigs and the YAML embedded in aws-auth all go through here.

PyYAML's C loader for speed, with the safe constructors, and four changes so
that ordinary or hostile text is reported, never raised:

- timestamps stay text (``x: 2024-02-30`` is a string to Kubernetes, and
  ``datetime.date`` raised on it);
- an integer too long for Python's int-from-text limit (4,300 digits) stays text;
- duplicate mapping keys are recorded with their lines (kubectl 1.21+ rejects
  such a file, other tools silently keep the last value);
- documents whose expanded size (aliases repeated: an alias bomb) or depth is
  absurd are refused before anything walks them, depth including compact
  nesting (``- - - x`` on one line), which no indentation shows.

Two shortcuts give the same data at half the parse time (see ``Loader``):
tags are resolved once per distinct scalar, and a document with plain
mappings, sequences and scalars is built by one walk of its nodes.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from eks_lint.engine.errors import EksLintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Real manifests are nowhere near these.
MAX_NODES_PER_DOCUMENT = 1_000_000
MAX_DEPTH = 200

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Duplicate:
    """A mapping key given twice: the key, and where each occurrence starts (1-based)."""

    __slots__ = ("key", "line", "column", "first_line")

    def __init__(self, key: Any, line: int, column: int, first_line: int) -> None:
        self.key = key
        self.line = line
        self.column = column
        self.first_line = first_line

    def message(self) -> str:
        return (
            f"duplicate key {str(self.key)!r} (first at line {self.first_line}): kubectl 1.21+ rejects "
            "the file, other tools silently keep only the last value"
        )


class YamlProblem(EksLintError):
    """Text that cannot be loaded: ``message`` at 1-based ``line`` and ``column``."""

    def __init__(self, message: str, line: int = 1, column: int = 1, problem: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        #: the parser's short reason, without its context ("did not find expected '-' indicator")
        self.problem = problem or message


_FLATTENED = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: (node kind, value, implicit) -> tag, shared by every loader of the process:
#: the same keys and values recur in every manifest. Emptied when full.
_TAGS: dict[tuple[Any, Any, Any], str] = {}
_TAGS_MAX = 50_000


#: An outline of a document (what locating a finding needs, see ``locate.Outline``):
#: each node and each mapping key in document order is an entry of ``OUTLINE_WIDTH``
#: ints (0-based line, column, entries in its subtree, kind) in an array, and of a
#: list holding a key's text or a literal block scalar's value (else None).
OUTLINE_WIDTH = 4
SCALAR, LITERAL, MAPPING, SEQUENCE, KEY = range(5)


class _Unusual(Exception):
    """A document the fast walk leaves to the safe constructor (see ``Loader._walk``)."""


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C (or pure Python) safe loader with the changes above; records ``duplicates``."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[Duplicate] = []
        #: Whether documents may be built by ``_walk``: not when the text could hold
        #: an anchor, whose aliases must share one object (and may be a bomb).
        self.walk = "&" not in stream if isinstance(stream, str) else False
        #: Whether to outline each walked document (``outline``, see ``locate.Outline``).
        self.outlining = False
        self.outline: tuple[array[int], list[str | None]] | None = None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The resolver's tag, computed once per distinct scalar: the tag depends on
        nothing else (this loader has no path resolvers), and the composer asks for
        every node, a third of the parse time."""
        key = (kind, value, implicit)
        try:
            return _TAGS[key]
        except KeyError:
            if len(_TAGS) >= _TAGS_MAX:
                _TAGS.clear()
            tag = _TAGS[key] = super().resolve(kind, value, implicit)
            return tag

    def construct_document(self, node: yaml.Node) -> Any:
        """As the safe constructor builds it, by one walk of the nodes when the
        document holds only plain mappings (string keys, each once), sequences and
        scalars of the core tags: what nearly every manifest holds, built at twice
        the speed. Anything else (a merge key, a duplicate, another tag, an error)
        is built by the safe constructor from the start, so its data, duplicates
        and errors come out exactly as they always did.

        With ``outlining`` set, a walked document's outline is left in ``outline``
        (None for a document built the other way)."""
        self.outline = None
        if self.walk:
            marks = array("i") if self.outlining else None
            texts: list[str | None] = []
            try:
                data = self._walk(node, marks, texts)
            except (_Unusual, RecursionError):
                pass
            else:
                if marks is not None:
                    self.outline = (marks, texts)
                return data
        return super().construct_document(node)

    def _walk(self, node: yaml.Node, marks: array[int] | None, texts: list[str | None]) -> Any:
        """The node's data; with ``marks``, its entries appended to the outline."""
        kind = type(node)
        if kind is yaml.ScalarNode:
            if marks is not None:
                mark = node.start_mark
                if node.style == "|":
                    marks.extend((mark.line, mark.column, 1, LITERAL))
                    texts.append(node.value)
                else:
                    marks.extend((mark.line, mark.column, 1, SCALAR))
                    texts.append(None)
            if node.tag == _STR:
                return node.value
            constructor = _SCALARS.get(node.tag)
            if constructor is None:
                raise _Unusual
            try:
                return constructor(self, node)
            except Exception:  # the safe constructor reports it
                raise _Unusual from None
        entry = len(texts)
        if marks is not None:
            mark = node.start_mark
            marks.extend((mark.line, mark.column, 1, MAPPING if kind is yaml.MappingNode else SEQUENCE))
            texts.append(None)
        if kind is yaml.MappingNode and node.tag == _MAP:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                    raise _Unusual  # a merge key, a number or a collection as a key
                key = key_node.value
                if key in mapping:
                    raise _Unusual  # recorded as a duplicate by construct_mapping
                if marks is not None:
                    key_mark = key_node.start_mark
                    marks.extend((key_mark.line, key_mark.column, 1, KEY))
                    texts.append(key)
                mapping[key] = self._walk(value_node, marks, texts)
            if marks is not None:
                marks[entry * OUTLINE_WIDTH + 2] = len(texts) - entry
            return mapping
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            sequence = [self._walk(child, marks, texts) for child in node.value]
            if marks is not None:
                marks[entry * OUTLINE_WIDTH + 2] = len(texts) - entry
            return sequence
        raise _Unusual

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        pairs = node.value
        explicit: set[int] | None = None
        if any(key_node.tag in _FLATTENED for key_node, _ in pairs):
            # Keys a merge (``<<: *base``) brings in may be overridden: not duplicates.
            explicit = {id(key_node) for key_node, _ in pairs}
            self.flatten_mapping(node)
            pairs = node.value
        mapping: dict[Any, Any] = {}
        for key_node, value_node in pairs:
            key = self.construct_object(key_node, deep=deep)
            try:
                seen = key in mapping
            except TypeError:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
            if seen:
                self._duplicate(key, key_node, pairs, explicit)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _duplicate(self, key: Any, key_node: yaml.Node, pairs: list[Any], explicit: set[int] | None) -> None:
        """Record ``key`` given again at ``key_node`` (not when a merge brought the first one)."""
        if explicit is not None and id(key_node) not in explicit:
            return
        earlier = next(
            (k for k, _ in pairs if k is not key_node and getattr(k, "value", None) == key_node.value), None
        )
        if earlier is None or (explicit is not None and id(earlier) not in explicit):
            return
        mark = key_node.start_mark
        self.duplicates.append(Duplicate(key, mark.line + 1, mark.column + 1, earlier.start_mark.line + 1))

    def construct_text_int(self, node: yaml.Node) -> Any:
        try:
            return SafeConstructor.construct_yaml_int(self, node)
        except ValueError:  # more digits than Python converts from text
            return self.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_text_int)
#: Tag -> constructor of the scalars ``Loader._walk`` builds itself: each returns
#: a value from the node alone, with no state (as the safe constructor calls them).
_SCALARS = {
    tag: Loader.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    )
}


class Document:
    """One loaded document: its composed node (positions) and its data."""

    __slots__ = ("node", "data", "duplicates", "outline")

    def __init__(
        self,
        node: yaml.Node | None,
        data: Any,
        duplicates: list[Duplicate],
        outline: tuple[array[int], list[str | None]] | None = None,
    ) -> None:
        self.node = node
        self.data = data
        self.duplicates = duplicates
        #: With ``iter_documents(outline=True)``: the document's outline, when it was walked.
        self.outline = outline


def iter_documents(text: str, shape_check: bool | None = None, outline: bool = False) -> Iterator[Document]:
    """Each document of ``text`` in turn; a ``YamlProblem`` at the first that cannot be loaded.

    ``shape_check`` None checks size and depth only where the text could hold
    an alias bomb or absurd nesting at all (see ``needs_shape_check``).
    ``outline``: give each document that can have one its outline.
    """
    check = needs_shape_check(text) if shape_check is None else shape_check
    loader = Loader(text)
    loader.outlining = outline
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                yield Document(None, None, [])
                continue
            if check:
                check_shape(node)
            loader.duplicates = []
            data = loader.construct_document(node)
            yield Document(node, data, loader.duplicates, loader.outline)
    except yaml.MarkedYAMLError as error:
        raise _problem(error) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"malformed YAML: {error}") from None
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels; not a manifest") from None
    finally:
        loader.dispose()


def load_one(text: str) -> Document:
    """The first document of a single-document file (a config, a kubeconfig, an embedded list)."""
    for document in iter_documents(text, shape_check=True):
        return document
    return Document(None, None, [])


def _problem(error: yaml.MarkedYAMLError) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    reason = error.problem or error.context or "malformed YAML"
    if error.context and error.problem:
        reason = f"{error.context}: {error.problem}"
    if "nesting depth" in reason:  # libyaml refuses more than 1,000 levels
        return YamlProblem(f"nesting too deep ({reason}); not a manifest", line, column)
    return YamlProblem(f"malformed YAML: {reason}", line, column, error.problem or reason)


_ANCHOR = re.compile(r"(?:^|[\s,\[{])&[^\s&]", re.MULTILINE)
# A line whose leading indentation and compact block indicators ("- ", "? ")
# add up to half the depth limit: each is at most one level of nesting.
# (Led by a literal newline, which the regex engine finds fast; the first line apart.)
_DEEP_LINE = re.compile(rf"\n(?:[ \t]|[-?][ \t]){{{MAX_DEPTH // 2}}}")
_DEEP_FIRST_LINE = re.compile(rf"(?:[ \t]|[-?][ \t]){{{MAX_DEPTH // 2}}}")


def needs_shape_check(text: str) -> bool:
    """Whether a text could hold an alias bomb or absurd nesting at all.

    Walking every document costs a quarter of the parse time, so only texts
    with an anchor, a very deep line start or many flow brackets are walked.
    """
    return bool(
        ("&" in text and _ANCHOR.search(text))
        or text.count("[") + text.count("{") > MAX_DEPTH
        or _DEEP_LINE.search(text)
        or _DEEP_FIRST_LINE.match(text)
    )


def check_shape(root: yaml.Node) -> None:
    """Refuse a document whose expanded size or depth is absurd.

    Aliases share one node, so a "billion laughs" document is small as
    parsed and enormous once anything walks it. Count the expanded size with
    memoised sizes per node, so the check itself stays linear.
    """
    sizes: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    line = root.start_mark.line + 1
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            depth_of[key] = 1
            continue
        children = _children(node)
        if children_done:
            size = 1 + sum(sizes[id(c)] for c in children)
            depth = 1 + max((depth_of[id(c)] for c in children), default=0)
            if size > MAX_NODES_PER_DOCUMENT:
                raise YamlProblem(
                    f"document expands to more than {MAX_NODES_PER_DOCUMENT:,} values "
                    "(YAML aliases repeated: an alias bomb?)",
                    line,
                )
            if depth > MAX_DEPTH:
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels; not a manifest", line)
            sizes[key] = size
            depth_of[key] = depth
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    out: list[yaml.Node] = []
    for key, value in node.value:
        out.append(key)
        out.append(value)
    return out
