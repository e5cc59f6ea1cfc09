"""Kubernetes manifests from files, folders and stdin.

Files are read by ``eks_lint.engine.files`` (regular files only, bounded)
and parsed by ``eks_lint.engine.yaml_load`` (PyYAML's C loader, hardened).
Each document keeps its file and starting line; exact line and column for a
finding are found later, only when a finding needs them (see
``eks_lint.engine.locate``). Hostile input (alias bombs,
huge files, absurd nesting, binary data, text that is not UTF-8) is reported
as an ``invalid-yaml`` problem on that file, and the other files go on.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import re
import sys

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, check_regular, read_bounded, read_regular_file
from eks_lint.engine.locate import DocumentSpan, Outline
from eks_lint.engine.model import POD_TEMPLATE_PATHS, K8sObject, ObjectSource
from eks_lint.engine.record import Record
from eks_lint.engine.yaml_load import YamlProblem, iter_documents

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    #: (first line of a document, 0-based; its data) -> the file that declared it.
    OriginOf = Callable[[int, Any], "str | None"]

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN_NAME = "<stdin>"
TEMPLATE_REASON = "Go/Helm template"
PATCH_REASON = "kustomize patch (render the overlay with --kustomize DIR)"
HELM_TEMPLATE_REASON = "Helm chart template (render the chart with --helm CHART_DIR)"
HELM_CHART_FILE_REASON = "Helm chart values or Chart.yaml (not Kubernetes objects)"

#: The default size limit for one manifest file (``--max-file-size``).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The composed nodes of the first this many bytes of text read are kept (a
#: finding there is located at no cost); later documents keep only a span and
#: are composed again when a finding needs them. Nodes take about 60 bytes per
#: byte of text: a 19.5 MB file of tiny Pods took 1.2 GB more with its nodes
#: kept, and 10,000 small documents 105 MiB of the 187 MiB the run peaked at.
KEEP_NODES_BYTES = 256 * 1024


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
        #: file -> text, and file -> composed YAML nodes (or a ``DocumentSpan``) per
        #: document: the loader composes nodes anyway, so keeping them makes a
        #: finding's line and column free, up to ``KEEP_NODES_BYTES`` of text.
        self.texts: dict[str, str] = {}
        self.nodes: dict[str, list[Any]] = {}
        self.kept_bytes = 0
        #: Text whose documents may still be kept as outlines (``Outline``) rather
        #: than spans once nodes are no longer kept: a worker's share.
        self.outline_bytes = 0
        #: file -> the scope its objects fell in (see ``eks_lint.sources.scopes``).
        self.scopes: dict[str, str] = {}
        #: file -> its scope whatever the scope rule: each render (a Helm chart
        #: under one values file, a kustomize overlay) is a scope of its own.
        self.fixed_scopes: dict[str, str] = {}
        #: Files of ``helm template`` output (``# Source:`` comments): two renders
        #: of one chart side by side are two scopes (``assign_scopes``).
        self.helm_outputs: set[str] = set()
        #: With ``--context-dir``: the files whose findings are reported (the
        #: others were read only so that objects relate as in a folder run).
        self.report_only: list[str] | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def skip_template(self, file: str, line: int) -> None:
        """A document that is a Go/Helm template, not YAML: skipped, and where is kept."""
        self.skip(TEMPLATE_REASON)
        self.skipped_at.setdefault(TEMPLATE_REASON, []).append(f"{file}:{line}")


class RenderedText:
    """A renderer's output to read as manifests: its name in reports, its bytes,
    the function that maps a document to the file that declared it, its scope."""

    __slots__ = ("name", "data", "origin_of", "scope")

    def __init__(self, name: str, data: bytes, origin_of: OriginOf | None, scope: str) -> None:
        self.name = name
        self.data = data
        self.origin_of = origin_of
        self.scope = scope


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
        if os.path.isdir(raw):
            found = []
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(MANIFEST_SUFFIXES):
                        found.append(os.path.join(root, name))
            out.extend(
                sorted(f for f in found if not _excluded(f, patterns) and not (skip and skip(f, False)))
            )
        elif not os.path.lexists(raw):
            raise EksLintError(f"{raw}: no such file or directory")
        elif not _excluded(raw, patterns) and not (skip and skip(raw, True)):
            try:
                check_regular(raw)  # given by name: a FIFO or device is a usage error, not a hang
            except FileProblem as problem:
                raise EksLintError(f"{raw}: {problem}") from None
            out.append(raw)
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
    normal = _pure_posix(path)
    if normal.startswith("./"):
        normal = normal[2:]
    name = normal.rsplit("/", 1)[-1] if normal != "." else ""
    return any(fnmatch.fnmatch(normal, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns)


def _pure_posix(path: str) -> str:
    """``Path(path).as_posix()`` (repeated and trailing separators and ``.``
    parts dropped, ``..`` kept) without importing pathlib."""
    path = path.replace(os.sep, "/")
    parts = [part for part in path.split("/") if part and part != "."]
    if path.startswith("//") and not path.startswith("///"):
        head = "//"
    else:
        head = "/" if path.startswith("/") else ""
    return head + "/".join(parts) if parts or head else "."


def load_manifests(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    stdin: Any = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    skip: Callable[[str, bool], bool] | None = None,
    scope: str = "auto",
    scope_roots: Iterable[str] = (),
    rendered: Iterable[RenderedText] = (),
) -> ManifestSet:
    """Read manifests and renders, and put each object in its scope (``scope`` and
    ``scope_roots`` as the config keys of the same names; a render is its own)."""
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
        for render in rendered:
            result.files += 1
            result.fixed_scopes[render.name] = render.scope
            load_text(render.name, render.data, result, render.origin_of)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    from eks_lint.sources.scopes import assign_scopes

    files = [*result.texts, *(problem.file for problem in result.problems)]
    result.scopes = assign_scopes(
        result.objects, files, scope, scope_roots, result.fixed_scopes, result.helm_outputs
    )
    return result


def _load_all(
    paths: Iterable[str],
    exclude: Iterable[str],
    stdin: Any,
    max_file_bytes: int,
    result: ManifestSet,
    skip: Callable[[str, bool], bool] | None = None,
) -> None:
    files = expand_paths(paths, exclude, skip)
    workers = _parallel_workers(files)
    if workers > 1:
        from eks_lint.sources.parallel import in_workers, runs_of_files

        runs = runs_of_files(files, workers * RUNS_PER_WORKER)
        jobs = [(run, max_file_bytes, OUTLINE_BYTES // len(runs)) for run in runs]
        # ``workers`` processes, this one among them: it parses while the others start.
        for part in in_workers(_load_run, jobs, workers):
            _merge(result, part)
    else:
        for path in files:
            load_path(path, stdin, max_file_bytes, result)
    patches = _listed_patches(files)
    if patches:  # what a patch a kustomization lists holds is a patch, not an object
        kept = []
        for obj in result.objects:
            source = obj.source
            if source is not None and source.file != STDIN_NAME and os.path.abspath(source.file) in patches:
                if obj.kind not in POD_TEMPLATE_PATHS:
                    # a fragment of a Service, a NodePool, a StorageClass: what it leaves
                    # out is in its base, so no rule may judge it (--kustomize renders it)
                    result.skip(PATCH_REASON)
                    continue
                obj.patch = True  # workload rules tell what a workload patch can be judged on
            kept.append(obj)
        result.objects = kept


#: Inputs at least this large (and of at least ``PARALLEL_MIN_FILES`` files) are
#: parsed by one process per core (this one and workers): starting a worker costs
#: about what parsing 100 KB does, so a pre-commit run of a few files stays in one.
PARALLEL_MIN_BYTES = 1024 * 1024
PARALLEL_MIN_FILES = 8
#: Never more workers than this, whatever the number of cores.
PARALLEL_MAX_WORKERS = 8
#: Runs of consecutive files per process, each taken by the next free process:
#: small enough that none waits long on the last one.
RUNS_PER_WORKER = 6
#: Workers keep an outline of each document (what locating a finding needs, see
#: ``locate.Outline``: about 3 times the text in memory, a twentieth of its nodes)
#: for this much text in all, spans for the rest: located without composing again.
OUTLINE_BYTES = 32 * 1024 * 1024


def _parallel_workers(files: list[str]) -> int:
    """How many worker processes to parse ``files`` in (1: parse them here)."""
    if len(files) < PARALLEL_MIN_FILES or "-" in files:
        return 1
    cores = _cores()
    if cores < 2:
        return 1
    total = 0
    for path in files:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass  # reported when it is read
        if total >= PARALLEL_MIN_BYTES:
            return min(cores, PARALLEL_MAX_WORKERS, len(files))
    return 1


def _load_run(job: tuple[list[str], int, int]) -> ManifestSet:
    """One run of files, in a worker or here, with outlines (up to a budget of text)
    or spans for every document, not nodes: nodes would cost more to send back
    than to compose again for a finding, and an outline locates at no cost. The
    same whichever process takes the run, so the result does not depend on it."""
    files, max_file_bytes, outline_bytes = job
    gc.disable()  # as in the parent: nothing parsed is garbage before the run ends
    part = ManifestSet()
    part.kept_bytes = KEEP_NODES_BYTES + 1
    part.outline_bytes = outline_bytes
    for path in files:
        load_path(path, None, max_file_bytes, part)
    return part


def _merge(result: ManifestSet, part: ManifestSet) -> None:
    """Add what a worker read to ``result``, as if read here in that order."""
    result.files += part.files
    result.documents += part.documents
    result.objects.extend(part.objects)
    result.problems.extend(part.problems)
    for reason, count in part.skipped.items():
        result.skipped[reason] = result.skipped.get(reason, 0) + count
    for reason, where in part.skipped_at.items():
        result.skipped_at.setdefault(reason, []).extend(where)
    result.texts.update(part.texts)
    result.nodes.update(part.nodes)
    result.helm_outputs |= part.helm_outputs


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_path(path: str, stdin: Any, max_file_bytes: int, result: ManifestSet) -> None:
    """Read and parse one PATH (``-``: stdin) into ``result``."""
    result.files += 1
    try:
        if path == "-":
            name = STDIN_NAME
            data = read_bounded(stdin if stdin is not None else sys.stdin.buffer, max_file_bytes)
        else:
            name = path
            data = read_regular_file(path, max_file_bytes)
    except FileProblem as problem:
        result.problems.append(LoadProblem(name, 1, 1, _file_message(str(problem))))
        return
    load_text(name, data if isinstance(data, bytes) else data.encode("utf-8"), result)


def _listed_patches(files: list[str]) -> set[str]:
    """Absolute paths of the patches listed by the kustomizations in the folders
    read (a patch may sit in another folder: ``path: ../patches/replicas.yaml``)."""
    from eks_lint.sources.kustomize import listed_patches  # small: os and the YAML loader

    folders = {os.path.dirname(os.path.abspath(path)) for path in files if path != "-"}
    out: set[str] = set()
    for folder in folders:
        out |= listed_patches(folder)
    return out


def _file_message(reason: str) -> str:
    if reason.startswith("file is"):
        return (
            reason.replace(" for one file", " for one manifest file") + "; split it or raise --max-file-size"
        )
    return reason


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


def load_text(name: str, data: bytes, result: ManifestSet, origin_of: OriginOf | None = None) -> None:
    """Read one file's (or render's) documents; ``origin_of`` maps each to the
    file that declared it. Text holding ``helm template``'s ``# Source:``
    comments is a render too: mapped to its templates, and a scope of its own."""
    text = decode(name, data)
    if isinstance(text, LoadProblem):
        result.problems.append(text)
        return
    if _is_helm_template(name):
        # Left for --helm CHART_DIR to render; -v lists where.
        result.skip(HELM_TEMPLATE_REASON)
        result.skipped_at.setdefault(HELM_TEMPLATE_REASON, []).append(name)
        return
    if _is_chart_file(name):
        result.skip(HELM_CHART_FILE_REASON)
        result.skipped_at.setdefault(HELM_CHART_FILE_REASON, []).append(name)
        return
    if origin_of is None and "# Source: " in text:
        from eks_lint.sources.helm import source_resolver

        origin_of = source_resolver(text, name, None)
        if origin_of is not None:
            result.helm_outputs.add(name)
    result.texts[name] = text
    nodes: list[Any] = []
    result.nodes[name] = nodes
    keep_nodes = result.kept_bytes + len(text) <= KEEP_NODES_BYTES
    outline = not keep_nodes and len(text) <= result.outline_bytes
    if outline:
        result.outline_bytes -= len(text)
    objects = len(result.objects)
    start: int | None = 0
    while start is not None:
        start = _load_from(name, text, start, keep_nodes, nodes, result, origin_of, outline)
    if len(result.objects) == objects:
        nodes.clear()  # no Kubernetes object: no finding will be located here
    elif keep_nodes:
        result.kept_bytes += len(text)


def _load_from(
    name: str,
    text: str,
    start: int,
    keep_nodes: bool,
    nodes: list[Any],
    result: ManifestSet,
    origin_of: OriginOf | None = None,
    outline: bool = False,
) -> int | None:
    """Load the documents of ``text`` from offset ``start``; the offset to go on
    from after a Go/Helm-templated document that could not be loaded, else None.

    libyaml cannot go on after an error, so the rest of the file is loaded by a
    new loader; the text before it is blanked (newlines kept) so every line,
    column and offset stays that of the file.
    """
    source = text if start == 0 else _NOT_NEWLINE.sub(" ", text[:start]) + text[start:]
    try:
        for loaded in iter_documents(source, outline=outline):
            if keep_nodes or loaded.node is None:
                nodes.append(loaded.node)
            elif loaded.outline is not None:
                nodes.append(Outline(*loaded.outline))
            else:
                nodes.append(_span(source, loaded.node))
            result.documents += 1
            if loaded.node is None:
                result.skip("empty document")
                continue
            for duplicate in loaded.duplicates:
                result.problems.append(
                    LoadProblem(name, duplicate.line, duplicate.column, duplicate.message())
                )
            first = loaded.node.start_mark.line
            origin = origin_of(first, loaded.data) if origin_of is not None else None
            _add_document(result, name, len(nodes) - 1, first + 1, loaded.data, origin)
    except YamlProblem as problem:
        templated = None
        if problem.message.startswith("malformed YAML") and _template_near(text, problem.line):
            templated = _templated_document(text, start, problem.line - 1)
        if templated is not None:
            # ``replicas: {{ .Values.replicas }}`` or a ``{{- if }}`` block: that document
            # is a template, not YAML; the documents after it are still read.
            first_line, resume = templated
            nodes.append(None)  # keeps later documents' numbers
            result.documents += 1
            result.skip_template(name, first_line)
            return resume
        result.problems.append(LoadProblem(name, problem.line, problem.column, problem.message))
    return None


#: How many lines around a YAML error a ``{{`` must be for the error to be taken as
#: a Go/Helm template's doing; anywhere in the file (a quoted annotation) hid real errors.
TEMPLATE_WINDOW = 2
_NOT_NEWLINE = re.compile(r"[^\n]")
#: A line that starts a YAML document (``---`` alone or before content).
_DOCUMENT_START = re.compile(r"^---(?=[ \t]|\r?$)", re.MULTILINE)


def _template_near(text: str, line: int) -> bool:
    """Whether a template action (``{{``) is on the error's line or close to it."""
    lines = text.split("\n", line + TEMPLATE_WINDOW)[: line + TEMPLATE_WINDOW]
    return any("{{" in near for near in lines[max(0, line - 1 - TEMPLATE_WINDOW) :])


def _templated_document(text: str, start: int, error_line: int) -> tuple[int, int | None] | None:
    """For an error (0-based ``error_line``) inside a document holding ``{{``: (its
    first line, the offset of the next document, or None at the end of the file)."""
    error_offset = _offset_of_line(text, error_line)
    starts = [m.start() for m in _DOCUMENT_START.finditer(text, start)]
    begin = max((offset for offset in starts if offset <= error_offset), default=start)
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


def _span(text: str, node: Any) -> DocumentSpan:
    start = node.start_mark
    line_start = start.index - start.column
    return DocumentSpan(line_start, node.end_mark.index, start.line, start.column)


def _is_chart_file(name: str) -> bool:
    """A chart's ``Chart.yaml`` or a values file beside it: chart inputs, not
    Kubernetes objects (``--helm CHART_DIR --values FILE`` renders with them)."""
    folder, base = os.path.split(name)
    if base not in ("Chart.yaml", "Chart.lock") and not (
        base.startswith("values") and base.endswith(MANIFEST_SUFFIXES)
    ):
        return False
    return os.path.isfile(os.path.join(folder, "Chart.yaml"))


def _is_helm_template(name: str) -> bool:
    """A file in a chart's templates/ folder (a Chart.yaml above it)."""
    parts = _pure_posix(name).split("/")
    if "templates" not in parts[:-1]:
        return False
    index = len(parts) - 1 - parts[::-1].index("templates")
    chart_dir = "/".join(parts[:index]) if index else "."
    return os.path.exists(os.path.join(chart_dir or "/", "Chart.yaml"))


def _add_document(
    result: ManifestSet, name: str, document: int, line: int, data: Any, origin: str | None = None
) -> None:
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
                source = ObjectSource(name, document, line, index, origin)
                result.objects.append(K8sObject(item, source))
            else:
                result.skip("not a Kubernetes object (no apiVersion/kind)")
        return
    result.objects.append(K8sObject(data, ObjectSource(name, document, line, origin=origin)))
