"""Locate a finding on a rendered object in the file that declared it.

An object rendered by Helm or kustomize is read from the tool's output, but a
reviewer edits the template or the base: the finding is reported there, with
the rendered position alongside (``Location.rendered``).

A file that is YAML (a kustomize base or overlay, a template without template
actions in its structure) is composed and walked as ``Locator`` walks
manifests. A Go template is not YAML: the finding's keys are looked for in
its text, each one indented deeper than the key before it. ``precision``
says honestly how far that went: the field, its nearest parent key, the
object's first line, or only the file.
"""

from __future__ import annotations

import re

import yaml

from eks_lint.engine.files import FileProblem, read_regular_file
from eks_lint.engine.locate import _child
from eks_lint.engine.model import K8sObject, Location

#: Declaring files larger than this are not read again to place a finding.
MAX_ORIGIN_BYTES = 5 * 1024 * 1024
_DOCUMENT_START = re.compile(r"^---(?=[ \t]|\r?$)", re.MULTILINE)


class OriginLocator:
    """Positions in declaring files; each file is read and composed once per run."""

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}
        self._documents: dict[str, list[yaml.Node] | None] = {}

    def locate(self, obj: K8sObject, path: tuple[str | int, ...], rendered: Location | None) -> Location:
        source = obj.source
        assert source is not None and source.origin is not None
        origin = source.origin
        text = self._text(origin)
        if text is None:
            return Location(origin, 1, 1, rendered, "file")
        documents = self._compose(origin, text)
        if documents:
            node = _matching_document(documents, obj)
            if node is not None:
                return _walk(origin, node, path, rendered)
        return _search(origin, text, obj, path, rendered)

    def _text(self, file: str) -> str | None:
        if file not in self._texts:
            try:
                data = read_regular_file(file, MAX_ORIGIN_BYTES)
                self._texts[file] = data.decode("utf-8-sig")
            except (FileProblem, OSError, UnicodeDecodeError):
                self._texts[file] = None
        return self._texts[file]

    def _compose(self, file: str, text: str) -> list[yaml.Node] | None:
        """The file's documents, or None when it is not YAML (a Go template)."""
        if file not in self._documents:
            found: list[yaml.Node] | None = []
            loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
            try:
                while loader.check_node():
                    node = loader.get_node()
                    if node is not None:
                        found.append(node)
            except yaml.YAMLError:
                found = None
            finally:
                loader.dispose()
            self._documents[file] = found
        return self._documents[file]


def _scalar(node: yaml.Node, *path: str) -> str | None:
    for part in path:
        found = _child(node, part)
        if found is None:
            return None
        node = found[1]
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _matching_document(documents: list[yaml.Node], obj: K8sObject) -> yaml.Node | None:
    """The document declaring ``obj``: same kind, and among several the one whose
    name is part of the rendered name (kustomize adds prefixes and suffixes)."""
    same_kind = [node for node in documents if _scalar(node, "kind") == obj.kind]
    if len(same_kind) == 1:
        return same_kind[0]
    named = [node for node in same_kind if (_scalar(node, "metadata", "name") or "\0") in obj.name]
    if named:
        return max(named, key=lambda node: len(_scalar(node, "metadata", "name") or ""))
    return None


def _walk(file: str, node: yaml.Node, path: tuple[str | int, ...], rendered: Location | None) -> Location:
    """As ``Locator.locate``: a missing field is placed at its nearest existing parent."""
    mark = node.start_mark
    precision = "field"
    for depth, part in enumerate(path):
        found = _child(node, part)
        if found is None:
            precision = "parent" if depth else "object"
            break
        key, node = found
        mark = (
            key.start_mark if key is not None and not isinstance(node, yaml.ScalarNode) else node.start_mark
        )
    return Location(file, mark.line + 1, mark.column + 1, rendered, precision)


def _search(
    file: str, text: str, obj: K8sObject, path: tuple[str | int, ...], rendered: Location | None
) -> Location:
    """Find the object's document, then the finding's keys, in a template's text."""
    lines = text.splitlines()
    begin, end = _document_lines(text, lines, obj)
    if begin is None:
        return Location(file, 1, 1, rendered, "file")
    first = next((n for n in range(begin, end) if _content(lines[n])), begin)
    line, column = first, _indent(lines[first])
    keys = [part for part in path if isinstance(part, str)]  # list items are not searched
    precision = "field"
    indent, start = _base_indent(lines, begin, end) - 1, begin
    for depth, key in enumerate(keys):
        found = _find_key(lines, start, end, key, indent, top=depth == 0)
        if found is None:
            precision = "parent" if depth else "object"
            break
        line, column = found
        indent, start = column, line + 1
    return Location(file, line + 1, column + 1, rendered, precision)


def _document_lines(text: str, lines: list[str], obj: K8sObject) -> tuple[int | None, int]:
    """(first, end) 0-based lines of the template document declaring ``obj``'s kind."""
    bounds = [0]
    for match in _DOCUMENT_START.finditer(text):
        bounds.append(text.count("\n", 0, match.start()) + 1)
    bounds.append(len(lines))
    kind = re.compile(rf"^\s*kind:\s*[\"']?{re.escape(obj.kind)}[\"']?\s*(#.*)?$")
    candidates = []
    for begin, end in zip(bounds, bounds[1:], strict=False):
        base = _base_indent(lines, begin, end)
        # at the document's own indentation: a RoleBinding's ``roleRef.kind: Role`` is no Role
        if any(kind.match(lines[n]) and _indent(lines[n]) == base for n in range(begin, end)):
            candidates.append((begin, end))
    if not candidates:
        return None, 0
    if len(candidates) > 1 and obj.name:
        named = [(b, e) for b, e in candidates if any(obj.name in lines[n] for n in range(b, e))]
        candidates = named or candidates
    return candidates[0]


def _find_key(
    lines: list[str], start: int, end: int, key: str, deeper_than: int, top: bool = False
) -> tuple[int, int] | None:
    """(line, column) of ``key:`` indented deeper than ``deeper_than`` (just one
    deeper for a ``top`` key: the document's own), before the block that holds
    it ends (a YAML line indented no deeper)."""
    pattern = re.compile(rf"^(\s*(?:-\s+)*)[\"']?{re.escape(key)}[\"']?\s*:(\s|$)")
    for number in range(start, end):
        line = lines[number]
        if not _content(line):
            continue
        match = pattern.match(line)
        column = len(match.group(1)) if match else -1
        if column > deeper_than and (not top or column == deeper_than + 1):
            return number, column
        if _indent(line) <= deeper_than and not line.lstrip().startswith("- "):
            return None
    return None


def _base_indent(lines: list[str], begin: int, end: int) -> int:
    """The indentation of a document's first YAML line (0 unless the template indents it)."""
    return next((_indent(lines[n]) for n in range(begin, end) if _content(lines[n])), 0)


def _content(line: str) -> bool:
    """A YAML line: not blank, not a comment, not a template action alone."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("#", "{{")) and stripped != "---"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
