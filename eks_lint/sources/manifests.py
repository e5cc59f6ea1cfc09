"""Kubernetes manifests from files, folders and stdin.

Parsing uses PyYAML's C loader. Each document keeps its file and starting
line; exact line and column for a finding are found later, only when a
finding needs them (see ``eks_lint.engine.locate``). Hostile input (alias bombs,
huge files, absurd nesting, binary data, text that is not UTF-8) is reported
as an ``invalid-yaml`` problem on that file, and the other files go on.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.model import K8sObject, ObjectSource
from eks_lint.engine.record import Record

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN_NAME = "<stdin>"
TEMPLATE_REASON = "Go/Helm template"

#: Defaults for hostile-input guards; real manifests are nowhere near them.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NODES_PER_DOCUMENT = 1_000_000
MAX_DEPTH = 200


class LoadProblem(Record):
    """A file, or a document in it, that could not be read as YAML."""

    __slots__ = ("file", "line", "column", "message")
    _fields = __slots__

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message


class ManifestSet:
    def __init__(self) -> None:
        self.objects: list[K8sObject] = []
        self.problems: list[LoadProblem] = []
        self.files = 0
        self.documents = 0
        self.skipped: dict[str, int] = {}
        #: reason -> ``file:line`` of each document skipped for it (templates only).
        self.skipped_at: dict[str, list[str]] = {}
        #: file -> text, and file -> composed YAML nodes per document: the loader
        #: composes nodes anyway, so keeping them makes a finding's line and column
        #: free, where composing the file again would cost as much as loading it.
        self.texts: dict[str, str] = {}
        self.nodes: dict[str, list[Any]] = {}
        #: file -> the scope its objects fell in (see ``eks_lint.sources.scopes``).
        self.scopes: dict[str, str] = {}
        #: With ``--context-dir``: the files whose findings are reported (the
        #: others were read only so that objects relate as in a folder run).
        self.report_only: list[str] | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def skip_template(self, file: str, line: int) -> None:
        """A document that is a Go/Helm template, not YAML: skipped, and where is kept."""
        self.skip(TEMPLATE_REASON)
        self.skipped_at.setdefault(TEMPLATE_REASON, []).append(f"{file}:{line}")


class _DocumentTooLarge(Exception):
    pass


def expand_paths(
    paths: Iterable[str], exclude: Iterable[str] = (), skip: Callable[[str, bool], bool] | None = None
) -> list[str]:
    """Files to read, in a stable order. A folder is walked recursively for
    .yaml/.yml/.json, skipping hidden folders; ``-`` stands for stdin.
    A path given explicitly is read whatever its suffix; a missing one is an error.
    ``skip(file, given_by_name)`` leaves out more (see ``sources.paths``)."""
    patterns = list(exclude)
    out: list[str] = []
    for raw in paths:
        if raw == "-":
            out.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(MANIFEST_SUFFIXES):
                        found.append(os.path.join(root, name))
            out.extend(
                sorted(f for f in found if not _excluded(f, patterns) and not (skip and skip(f, False)))
            )
        elif path.exists():
            if not _excluded(raw, patterns) and not (skip and skip(raw, True)):
                out.append(raw)
        else:
            raise EksLintError(f"{raw}: no such file or directory")
    # A file named twice (``a.yaml`` and ``.`` both given) is read once, under
    # the first spelling: reading it twice would make each object two.
    seen: set[str] = set()
    unique = []
    for name in out:
        key = name if name == "-" else os.path.normcase(os.path.abspath(name))
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _excluded(path: str, patterns: list[str]) -> bool:
    if not patterns:
        return False
    normal = Path(path).as_posix()
    if normal.startswith("./"):
        normal = normal[2:]
    return any(
        fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(Path(normal).name, pattern)
        for pattern in patterns
    )


def load_manifests(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    stdin: Any = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    skip: Callable[[str, bool], bool] | None = None,
    scope: str = "auto",
    scope_roots: Iterable[str] = (),
) -> ManifestSet:
    """Read manifests and put each object in its scope (``scope`` and
    ``scope_roots`` as the config keys of the same names)."""
    result = ManifestSet()
    # Parsing allocates millions of small, acyclic objects that all stay
    # alive for the run; the cyclic garbage collector would rescan them again
    # and again (3.5x the parse time on 5,000 documents, and as much again
    # while the rules run). Collect nothing while parsing, then freeze what
    # was loaded so later collections skip it; new garbage is still collected.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _load_all(paths, exclude, stdin, max_file_bytes, result, skip)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    from eks_lint.sources.scopes import assign_scopes

    files = [*result.texts, *(problem.file for problem in result.problems)]
    result.scopes = assign_scopes(result.objects, files, scope, scope_roots)
    return result


def _load_all(
    paths: Iterable[str],
    exclude: Iterable[str],
    stdin: Any,
    max_file_bytes: int,
    result: ManifestSet,
    skip: Callable[[str, bool], bool] | None = None,
) -> None:
    for path in expand_paths(paths, exclude, skip):
        result.files += 1
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(max_file_bytes + 1)
            name = STDIN_NAME
        else:
            name = path
            try:
                size = os.path.getsize(path)
                if size > max_file_bytes:
                    result.problems.append(_too_big(name, size, max_file_bytes))
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError as error:
                raise EksLintError(f"{path}: {error.strerror or error}") from None
        if len(data) > max_file_bytes:
            result.problems.append(_too_big(name, len(data), max_file_bytes))
            continue
        load_text(name, data, result)


def _too_big(name: str, size: int, limit: int) -> LoadProblem:
    return LoadProblem(
        name,
        1,
        1,
        f"file is {size / 1048576:.1f} MiB, over the {limit / 1048576:.0f} MiB limit for one manifest "
        "file; split it or raise --max-file-size",
    )


def decode(name: str, data: bytes) -> str | LoadProblem:
    """Bytes to text, or the reason they are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return LoadProblem(name, 1, 1, "not valid UTF-16 text despite its byte-order mark")
    nul = data.find(b"\x00")
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        return LoadProblem(name, line, 1, "binary data (a NUL byte), not a YAML or JSON manifest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return LoadProblem(
            name,
            line,
            column,
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded "
            "(YAML and JSON manifests must be UTF-8)",
        )


def load_text(name: str, data: bytes, result: ManifestSet) -> None:
    text = decode(name, data)
    if isinstance(text, LoadProblem):
        result.problems.append(text)
        return
    if _is_helm_template(name):
        result.skip("Helm chart template")
        return
    result.texts[name] = text
    guard = _needs_shape_check(text)
    nodes: list[Any] = []
    result.nodes[name] = nodes
    start: int | None = 0
    while start is not None:
        start = _load_stream(name, text, start, guard, nodes, result)


#: A line that starts a YAML document (``---`` alone or before content).
_DOCUMENT_START = re.compile(r"^---(?=[ \t]|\r?$)", re.MULTILINE)


def _load_stream(
    name: str, text: str, start: int, guard: bool, nodes: list[Any], result: ManifestSet
) -> int | None:
    """Load the documents of ``text`` from offset ``start``; the offset to go on
    from when a Go/Helm-templated document could not be parsed, else None.

    libyaml cannot go on after a parse error, so a later part of the file is
    parsed by a new loader; the text before it is blanked (spaces, newlines
    kept) so every line, column and index stays that of the file.
    """
    source = text if start == 0 else re.sub(r"[^\n]", " ", text[:start]) + text[start:]
    loader = yaml.CSafeLoader(source)
    try:
        while loader.check_node():
            node = loader.get_node()
            nodes.append(node)
            result.documents += 1
            if node is None:
                result.skip("empty document")
                continue
            document = len(nodes) - 1
            start_line = node.start_mark.line + 1
            if guard:
                _check_shape(node)
            try:
                data_ = loader.construct_document(node)
            except yaml.constructor.ConstructorError:
                # ``replicas: {{ .Values.replicas }}`` parses as a mapping used as a key.
                if "{{" not in text[node.start_mark.index : node.end_mark.index]:
                    raise
                result.skip_template(name, start_line)
                continue
            _add_document(result, name, document, start_line, data_)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        templated = _templated_document(text, start, mark)
        if templated is not None:
            first_line, resume = templated
            nodes.append(None)  # keeps later documents' numbers
            result.documents += 1
            result.skip_template(name, first_line)
            return resume
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        reason = error.problem or error.context or "malformed YAML"
        if error.context and error.problem:
            reason = f"{error.context}: {error.problem}"
        if "nesting depth" in reason:  # libyaml refuses more than 1,000 levels
            message = f"nesting too deep ({reason}); not a manifest"
        else:
            message = f"malformed YAML: {reason}"
        result.problems.append(LoadProblem(name, line, column, message))
    except yaml.YAMLError as error:
        result.problems.append(LoadProblem(name, 1, 1, f"malformed YAML: {error}"))
    except _DocumentTooLarge as error:
        result.problems.append(LoadProblem(name, error.args[1], 1, error.args[0]))
    except RecursionError:
        result.problems.append(
            LoadProblem(name, 1, 1, f"nesting deeper than {MAX_DEPTH} levels; not a manifest")
        )
    finally:
        loader.dispose()
    return None


def _templated_document(text: str, start: int, mark: Any) -> tuple[int, int | None] | None:
    """For a parse error inside a document holding ``{{``: (its first line, the
    offset of the next document, or None at the end of the file)."""
    if mark is None:
        return None
    error_line = _offset_of_line(text, mark.line)
    starts = [m.start() for m in _DOCUMENT_START.finditer(text, start)]
    begin = max((offset for offset in starts if offset < error_line), default=start)
    resume = next((offset for offset in starts if offset > begin), None)
    if "{{" not in text[begin:resume]:
        return None
    if begin in starts:  # the document's first line is the one after its ``---``
        first_line = text.count("\n", 0, begin) + 2
    else:
        first_line = text.count("\n", 0, begin) + 1
    return first_line, resume


def _offset_of_line(text: str, line: int) -> int:
    """The offset where 0-based ``line`` starts."""
    offset = 0
    for _ in range(line):
        found = text.find("\n", offset)
        if found == -1:
            return len(text)
        offset = found + 1
    return offset


def _is_helm_template(name: str) -> bool:
    """A file in a chart's templates/ folder (a Chart.yaml above it)."""
    path = Path(name)
    if "templates" not in path.parts[:-1]:
        return False
    index = len(path.parts) - 1 - path.parts[::-1].index("templates")
    chart_dir = Path(*path.parts[:index]) if index else Path(".")
    return (chart_dir / "Chart.yaml").exists()


_ANCHOR = re.compile(r"(?:^|[\s,\[{])&[^\s&]", re.MULTILINE)
_DEEP_INDENT = re.compile(rf"\n[ \t]{{{MAX_DEPTH}}}")


def _needs_shape_check(text: str) -> bool:
    """Whether a file could hold an alias bomb or absurd nesting at all.

    Walking every document costs a quarter of the parse time, so only files
    with an anchor, a very deep indent or many flow brackets are walked.
    """
    return bool(
        _ANCHOR.search(text) or _DEEP_INDENT.search(text) or text.count("[") + text.count("{") > MAX_DEPTH
    )


def _check_shape(root: yaml.Node) -> None:
    """Refuse documents whose expanded size or depth is absurd.

    Aliases share one node, so a "billion laughs" document is small as
    parsed and enormous once anything walks it. Count the expanded size with
    memoised sizes per node, so the check itself stays linear.
    """
    sizes: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
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
                raise _DocumentTooLarge(
                    f"document expands to more than {MAX_NODES_PER_DOCUMENT:,} values "
                    "(YAML aliases repeated: an alias bomb?)",
                    root.start_mark.line + 1,
                )
            if depth > MAX_DEPTH:
                raise _DocumentTooLarge(
                    f"nesting deeper than {MAX_DEPTH} levels; not a manifest",
                    root.start_mark.line + 1,
                )
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


def _add_document(result: ManifestSet, name: str, document: int, line: int, data: Any) -> None:
    if data is None:
        result.skip("empty document")
        return
    if not isinstance(data, dict) or not data.get("apiVersion") or not data.get("kind"):
        result.skip("not a Kubernetes object (no apiVersion/kind)")
        return
    kind = data.get("kind")
    items = data.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict) and item.get("apiVersion") and item.get("kind"):
                source = ObjectSource(name, document, line, index)
                result.objects.append(K8sObject(item, source))
            else:
                result.skip("not a Kubernetes object (no apiVersion/kind)")
        return
    result.objects.append(K8sObject(data, ObjectSource(name, document, line)))
