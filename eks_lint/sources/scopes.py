"""Which manifest objects may relate to which: one scope per environment.

A GitOps repository keeps environments side by side (``envs/prod``,
``envs/staging``, kustomize ``base`` and ``overlays/*``, one folder per
cluster), each declaring the same Deployment under the same name. Rules that
relate objects (a PDB and its workloads, a Service and its pods) must judge
each environment alone: objects of two scopes never meet in one rule run.

Rules (the ``scope`` config key):

``auto`` (default)
    Files in one folder share a scope. Going up the tree, a folder's
    subfolders join it in one scope unless two of them (or a subfolder and
    the folder's own files) declare the same object (API group, kind,
    namespace, name): the same object twice means two environments, so each
    such subfolder stays a scope of its own. An app split over
    ``deployment.yaml``, ``pdb.yaml`` and ``hpa/hpa.yaml`` stays one scope;
    ``envs/prod`` and ``envs/staging`` become two.
``folder``
    Each folder is a scope.
``file``
    Each file is a scope.
``one``
    Everything is one scope (the behaviour before scopes).

``scope-roots`` (glob patterns matched against folder paths as given on the
command line) name folders that are a scope each, with everything below
them, whatever the rule says for the other files.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.model import K8sObject

SCOPE_RULES = ("auto", "folder", "file", "one")
STDIN_SCOPE = "<stdin>"

Identity = tuple[str, str, str, str]


#: Kinds that are not cluster objects but a tool's file, one per folder: every
#: kustomize folder has a nameless Kustomization, which says nothing about
#: environments (a kustomization with components in subfolders is one app).
_NOT_OBJECTS = {("kustomize.config.k8s.io", "Kustomization"), ("kustomize.config.k8s.io", "Component")}


def identity(obj: K8sObject) -> Identity | None:
    """What makes two declarations the same object: API group, kind, namespace,
    name; None for what cannot clash (no name or only a generateName, a kustomize file)."""
    if not obj.metadata.get("name") or (obj.group, obj.kind) in _NOT_OBJECTS:  # generateName: new each time
        return None
    return (obj.group, obj.kind, obj.namespace or "", obj.name)


def assign_scopes(
    objects: list[K8sObject],
    files: Iterable[str],
    rule: str = "auto",
    roots: Iterable[str] = (),
    fixed: dict[str, str] | None = None,
    renders: Iterable[str] = (),
) -> dict[str, str]:
    """Set ``scope`` on every object and return file -> scope name, for ``-v``.

    ``files`` are all files read (so a file without objects is still listed).
    ``fixed`` gives some files their scope whatever the rule: a render (a Helm
    chart under one values file, a kustomize overlay) is a scope of its own.
    ``renders`` are files of ``helm template`` output: those of one scope that
    declare the same object are two renders (two values files), each its own
    scope; the files of one render split with ``--output-dir`` stay together.
    A scope is named after its folder (``envs/prod``), or the file for ``file``.
    """
    if rule not in SCOPE_RULES:
        raise EksLintError(f"scope: unknown rule {rule!r} (choose from {', '.join(SCOPE_RULES)})")
    names = sorted(set(files) | {obj.source.file for obj in objects if obj.source is not None})
    by_file: dict[str, list[K8sObject]] = {}
    for obj in objects:
        if obj.source is not None:
            by_file.setdefault(obj.source.file, []).append(obj)
    scopes: dict[str, str] = {}
    rest: list[str] = []
    patterns = list(roots)
    for name in names:
        root = _matching_root(name, patterns)
        if fixed and name in fixed:
            scopes[name] = fixed[name]
        elif root is not None:
            scopes[name] = root
        elif name == STDIN_SCOPE or rule == "file":
            scopes[name] = name
        elif rule == "one":
            scopes[name] = "."
        elif rule == "folder":
            scopes[name] = _folder(name)
        else:
            rest.append(name)
    if rest:
        scopes.update(_auto(rest, by_file))
    if renders:
        _split_renders(
            scopes, [name for name in names if name in renders and not (fixed and name in fixed)], by_file
        )
    for name, scope in scopes.items():
        for obj in by_file.get(name, ()):
            obj.scope = scope
    return scopes


def _split_renders(scopes: dict[str, str], renders: list[str], by_file: dict[str, list[K8sObject]]) -> None:
    groups: dict[str, list[str]] = {}
    for name in renders:
        groups.setdefault(scopes[name], []).append(name)
    for names in groups.values():
        seen: set[Identity] = set()
        clash = False
        for name in names:
            ids = {key for obj in by_file.get(name, ()) if (key := identity(obj)) is not None}
            if seen & ids:
                clash = True
                break
            seen |= ids
        if clash:
            for name in names:
                scopes[name] = name


def _folder(name: str) -> str:
    return os.path.dirname(os.path.normpath(name)) or "."


def _matching_root(name: str, patterns: list[str]) -> str | None:
    """The topmost folder of ``name`` that matches a ``scope-roots`` pattern:
    a root holds everything below it (fnmatch's ``*`` also matches ``/``)."""
    if not patterns or name == STDIN_SCOPE:
        return None
    folder = _folder(name)
    parts = folder.split(os.sep) if folder != "." else []
    for depth in range(1, len(parts) + 1):
        candidate = os.sep.join(parts[:depth])
        posix = candidate.replace(os.sep, "/")
        if any(fnmatch.fnmatchcase(posix, pattern.rstrip("/")) for pattern in patterns):
            return candidate
    return None


class _Node:
    """A folder while scopes are merged bottom-up."""

    __slots__ = ("path", "files", "children")

    def __init__(self, path: str) -> None:
        self.path = path
        self.files: list[str] = []
        self.children: dict[str, _Node] = {}


def _auto(files: list[str], by_file: dict[str, list[K8sObject]]) -> dict[str, str]:
    """Folders merge upwards until the same object would be declared twice."""
    absolute = {name: os.path.abspath(name) for name in files}
    folders = {name: os.path.dirname(path) for name, path in absolute.items()}
    top = os.path.commonpath(list(folders.values()))
    root = _Node(top)
    nodes = {top: root}
    for name in files:
        folder = folders[name]
        relative = os.path.relpath(folder, top)
        node = root
        if relative != ".":
            path = top
            for part in relative.split(os.sep):
                path = os.path.join(path, part)
                if path not in nodes:
                    nodes[path] = node.children[part] = _Node(path)
                node = nodes[path]
        node.files.append(name)

    def display(node: _Node) -> str:
        # Named as the user wrote the path: relative to the working folder when under it.
        relative = os.path.relpath(node.path)
        return node.path if relative.startswith("..") else relative

    scopes: dict[str, str] = {}

    def walk(node: _Node) -> tuple[set[Identity], list[str]] | None:
        """The objects and files of a folder that is whole (one scope), or None
        when it had to be split (its parts' scopes are then already recorded)."""
        own: set[Identity] = set()
        for name in node.files:
            own.update(key for obj in by_file.get(name, ()) if (key := identity(obj)) is not None)
        parts: list[tuple[_Node | None, set[Identity], list[str]]] = [(None, own, list(node.files))]
        whole = True
        for child in node.children.values():
            merged = walk(child)
            if merged is None:
                whole = False
            else:
                parts.append((child, *merged))
        if whole:
            seen: set[Identity] = set()
            for _, ids, _ in parts:
                if seen & ids:
                    whole = False
                    break
                seen |= ids
            if whole:
                return seen, [name for _, _, names in parts for name in names]
        for child, _, names in parts:
            label = display(child if child is not None else node)
            for name in names:
                scopes[name] = label
        return None

    merged = walk(root)
    if merged is not None:
        label = display(root)
        for name in merged[1]:
            scopes[name] = label
    return scopes
