"""Turn a finding's path inside an object into file, line and column.

Only findings pay for this: a document kept as a span (see ``DocumentSpan``)
is composed again into YAML nodes (which carry their positions) when one of
its findings needs a location, and only the last one composed is kept; the
runner locates findings document by document, so each is composed once.
A worker process that parsed a document keeps its ``Outline`` instead: the
positions of its nodes in a flat array, cheap to send back and to walk.
"""

from __future__ import annotations

import yaml

from eks_lint.engine.model import K8sObject, Location
from eks_lint.engine.yaml_load import LITERAL, MAPPING, OUTLINE_WIDTH, SCALAR, SEQUENCE, Loader

TYPE_CHECKING = False
if TYPE_CHECKING:
    from array import array


class DocumentSpan:
    """Where one document of a large file lies in its text, kept instead of its
    composed nodes: nodes cost about 60 times the text they come from, so a large
    file keeps only spans and composes a document again when a finding needs it."""

    __slots__ = ("start", "end", "line", "column")

    def __init__(self, start: int, end: int, line: int, column: int) -> None:
        self.start = start  # index of the first character of the document's first line
        self.end = end
        self.line = line  # 0-based line of ``start``
        self.column = column  # 0-based column where the document's root node begins

    def compose(self, text: str) -> yaml.Node | None:
        """The document's nodes, with marks placed as in the whole text."""
        node = self.compose_alone(text)
        stack = [node] if node is not None else []
        seen: set[int] = set()
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            current.start_mark = self._shift(current.start_mark)
            current.end_mark = self._shift(current.end_mark)
            if isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
            elif isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    stack.extend((key, value))
        return node

    def compose_alone(self, text: str) -> yaml.Node | None:
        """The document's nodes with their columns as in the whole text and their
        lines counted from ``self.line`` (add it): no walk to shift every mark."""
        part = " " * self.column + text[self.start + self.column : self.end]
        try:
            return yaml.compose(part, Loader=Loader)  # its tags are cached: half the time
        except yaml.YAMLError:
            return None

    def _shift(self, mark: yaml.Mark) -> yaml.Mark:
        return yaml.Mark(mark.name, mark.index + self.start, mark.line + self.line, mark.column, None, None)


class Outline:
    """What locating needs of a document's nodes, without the nodes: each node and
    each mapping key in document order, with its position, the size of its subtree
    and its kind, as the loader recorded them while building the document (see
    ``yaml_load.OUTLINE_WIDTH``). A worker process sends this back instead of the
    nodes: a fraction of their size, and a finding is located without composing
    the document again."""

    __slots__ = ("marks", "texts")

    def __init__(self, marks: array[int], texts: list[str | None]) -> None:
        self.marks = marks
        self.texts = texts

    def __getstate__(self) -> tuple[array[int], list[str | None]]:
        return self.marks, self.texts

    def __setstate__(self, state: tuple[array[int], list[str | None]]) -> None:
        self.marks, self.texts = state

    def kind(self, entry: int) -> int:
        return self.marks[entry * OUTLINE_WIDTH + 3]

    def mark(self, entry: int) -> tuple[int, int]:
        return self.marks[entry * OUTLINE_WIDTH], self.marks[entry * OUTLINE_WIDTH + 1]

    def child(self, entry: int, part: str | int) -> tuple[int | None, int] | None:
        """(key entry or None, value entry) at ``part``, as ``_child`` finds it in nodes."""
        marks = self.marks
        kind = marks[entry * OUTLINE_WIDTH + 3]
        end = entry + marks[entry * OUTLINE_WIDTH + 2]
        at = entry + 1
        if kind == MAPPING and isinstance(part, str):
            while at < end:  # a key, then its value's subtree
                value = at + 1
                if self.texts[at] == part:
                    return at, value
                at = value + marks[value * OUTLINE_WIDTH + 2]
            return None
        if kind == SEQUENCE and isinstance(part, int) and part >= 0:
            for _ in range(part):
                if at >= end:
                    return None
                at += marks[at * OUTLINE_WIDTH + 2]
            return (None, at) if at < end else None
        return None


class Locator:
    def __init__(
        self, texts: dict[str, str], documents: dict[str, list[yaml.Node | None]] | None = None
    ) -> None:
        self.texts = texts
        self._documents: dict[str, list[yaml.Node | None]] = documents if documents is not None else {}
        self._last_span: tuple[DocumentSpan, yaml.Node | None] | None = None

    def locate(self, obj: K8sObject, path: tuple[str | int, ...]) -> Location | None:
        source = obj.source
        if source is None:
            return None
        documents = self._compose(source.file)
        node = documents[source.document] if source.document < len(documents) else None
        if isinstance(node, Outline):
            return _locate_outline(source.file, source.item, node, path, self.texts)
        lines = 0  # what to add to a mark's line
        if isinstance(node, DocumentSpan):
            # Only the last composed document is kept: findings come document by
            # document, and keeping every one would rebuild the memory the span saved.
            if self._last_span is None or self._last_span[0] is not node:
                self._last_span = (node, node.compose_alone(self.texts.get(source.file, "")))
            lines = node.line
            node = self._last_span[1]
        if node is None:
            return Location(source.file, source.line, 1)
        if source.item is not None:
            node = _step(node, "items") or node
            node = _step(node, source.item) or node
        # Walk as far as the path exists: a missing field is reported at its
        # nearest existing parent. A scalar is reported at its value, a
        # collection at its key (the ``env:`` line, not its first item).
        mark = node.start_mark
        for position, part in enumerate(path):
            if isinstance(part, int) and isinstance(node, yaml.ScalarNode) and node.style == "|":
                # Line ``part`` (and column, when the path goes on) of a literal block
                # scalar's text, an embedded document such as aws-auth's mapRoles:
                # its lines map one to one onto the source lines.
                rest = path[position + 1 : position + 2]
                column = rest[0] if rest and isinstance(rest[0], int) else None
                text = self.texts.get(source.file, "")
                found = _block_line(text, source.file, node.value, node.start_mark.line, part, column, lines)
                return found or Location(source.file, mark.line + lines + 1, mark.column + 1)
            found = _child(node, part)
            if found is None:
                break
            key, node = found
            mark = (
                key.start_mark
                if key is not None and not isinstance(node, yaml.ScalarNode)
                else node.start_mark
            )
        return Location(source.file, mark.line + lines + 1, mark.column + 1)

    def _compose(self, file: str) -> list[yaml.Node | None]:
        cached = self._documents.get(file)
        if cached is None:
            cached = []
            loader = Loader(self.texts.get(file, ""))
            try:
                while loader.check_node():
                    cached.append(loader.get_node())
            except yaml.YAMLError:
                pass  # documents before the malformed one keep their positions
            finally:
                loader.dispose()
            self._documents[file] = cached
        return cached


def _locate_outline(
    file: str, item: int | None, outline: Outline, path: tuple[str | int, ...], texts: dict[str, str]
) -> Location:
    """``Locator.locate`` on an outline: the same walk, entry by entry."""
    entry = 0
    if item is not None:
        for part in ("items", item):
            found = outline.child(entry, part)
            if found is not None:
                entry = found[1]
    line, column = outline.mark(entry)
    for position, part in enumerate(path):
        if isinstance(part, int) and outline.kind(entry) == LITERAL:
            rest = path[position + 1 : position + 2]
            within = rest[0] if rest and isinstance(rest[0], int) else None
            value = outline.texts[entry] or ""
            block = _block_line(texts.get(file, ""), file, value, outline.mark(entry)[0], part, within)
            return block or Location(file, line + 1, column + 1)
        found = outline.child(entry, part)
        if found is None:
            break
        key, entry = found
        scalar = outline.kind(entry) in (SCALAR, LITERAL)
        line, column = outline.mark(key if key is not None and not scalar else entry)
    return Location(file, line + 1, column + 1)


def _block_line(
    text: str,
    file: str,
    value: str,
    start_line: int,
    index: int,
    column: int | None,
    shift: int = 0,
) -> Location | None:
    """Where line ``index`` (at ``column`` of the value's text, else its first non-blank
    character) of a literal block scalar's ``value`` (its node starting on 0-based line
    ``start_line``) is in the source (``shift``: what to add to that line)."""
    if index < 0 or index >= len(value.splitlines() or [""]):
        return None
    lines = text.splitlines()
    first = start_line + shift + 1  # the header line (``|``) comes first
    number = first + index
    if number >= len(lines):
        return None
    line = lines[number]
    if column is not None:
        content = next((ln for ln in lines[first : number + 1] if ln.strip()), line)
        indent = len(content) - len(content.lstrip())
        return Location(file, number + 1, indent + column + 1)
    return Location(file, number + 1, len(line) - len(line.lstrip()) + 1)


def _step(node: yaml.Node, part: str | int) -> yaml.Node | None:
    found = _child(node, part)
    return found[1] if found else None


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node or None, value node) at ``part`` of a mapping or sequence."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            return None, node.value[part]
    return None
