"""Kustomize: render an overlay, map its objects back to the file that declared
them, and tell a folder walk which files are patches.

Kustomize adds a ``config.kubernetes.io/origin`` annotation to each object
when the kustomization says ``buildMetadata: [originAnnotations]`` (kustomize
v4.5.4 and later; kubectl 1.32 ships kustomize v5.5.0). The user's
kustomization is never edited: the render runs on a temporary kustomization
that lists the user's folder as its only resource and turns the annotation
on. The annotation's ``path`` is relative to that temporary folder; it is
resolved to a file and the annotation removed before any rule reads the object.
An object with no usable origin (a remote base, a generator without
``configuredIn``) maps to the kustomization folder's ``kustomization.yaml``.
"""

from __future__ import annotations

import os

from eks_lint.engine.errors import EksLintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
INSTALL_HINT = (
    "--kustomize needs kubectl (https://kubernetes.io/docs/tasks/tools/) "
    "or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) on the PATH"
)


def kustomization_file(folder: str) -> str | None:
    for name in KUSTOMIZATION_FILES:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    return None


def render_overlay(folder: str, max_bytes: int) -> tuple[bytes, str]:
    """The rendered objects of ``folder`` (with origin annotations), and the
    folder their origin paths are relative to."""
    if kustomization_file(folder) is None:
        raise EksLintError(f"--kustomize {folder}: no kustomization.yaml in it")
    import shutil
    import tempfile

    from eks_lint.sources.render import find_tool, run_renderer  # a folder walk never needs these

    tool = find_tool("kustomize", "kubectl")
    if tool is None:
        raise EksLintError(INSTALL_HINT)
    wrapper = tempfile.mkdtemp(prefix="eks-lint-kustomize-")
    try:
        # kustomize refuses an absolute resource path: the wrapper names the folder relatively.
        target = os.path.relpath(os.path.abspath(folder), wrapper)
        if any(ch in target for ch in "\r\n"):
            raise EksLintError(f"--kustomize {folder!r}: a folder name with a line break cannot be rendered")
        with open(os.path.join(wrapper, "kustomization.yaml"), "w", encoding="utf-8") as out:
            out.write(
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                f"resources:\n- {_quoted(target)}\nbuildMetadata: [originAnnotations]\n"
            )
        build = "build" if os.path.basename(tool).startswith("kustomize") else "kustomize"
        output = run_renderer([tool, build, wrapper], f"kustomize {folder}", max_bytes=max_bytes)
    finally:
        shutil.rmtree(wrapper, ignore_errors=True)
    return output, wrapper


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def origin_resolver(wrapper: str, folder: str) -> Callable[[int, Any], str | None]:
    """A function from a rendered document to the file that declared it; it also
    removes the origin annotation, which the user's objects do not carry."""
    fallback = kustomization_file(folder) or folder

    def origin(first_line: int, data: Any) -> str | None:
        if not isinstance(data, dict):
            return None
        return _take_origin(data, wrapper) or fallback

    return origin


def _take_origin(data: dict[str, Any], wrapper: str) -> str | None:
    meta = data.get("metadata")
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    if not isinstance(annotations, dict) or ORIGIN_ANNOTATION not in annotations:
        return None
    text = annotations.pop(ORIGIN_ANNOTATION)
    if not annotations:
        del meta["annotations"]
    from eks_lint.engine.yaml_load import YamlProblem, load_one

    try:
        origin = load_one(str(text)).data
    except YamlProblem:
        return None
    if not isinstance(origin, dict) or origin.get("repo"):
        return None  # a remote base: no local file to point at
    path = origin.get("path") or origin.get("configuredIn")
    if not isinstance(path, str) or not path:
        return None
    found = os.path.normpath(os.path.join(wrapper, path))
    relative = os.path.relpath(found)
    return found if relative.startswith("..") else relative


def listed_patches(folder: str) -> set[str]:
    """Absolute paths of the patch files ``folder``'s kustomization lists
    (``patches``, ``patchesStrategicMerge``, ``patchesJson6902``)."""
    path = kustomization_file(folder)
    if path is None:
        return set()
    from eks_lint.engine.files import FileProblem, read_regular_file
    from eks_lint.engine.yaml_load import YamlProblem, load_one

    try:
        data = load_one(read_regular_file(path, 1024 * 1024).decode("utf-8-sig")).data
    except (FileProblem, YamlProblem, UnicodeDecodeError):
        return set()
    if not isinstance(data, dict):
        return set()
    names: list[Any] = []
    for key in ("patches", "patchesJson6902"):
        entries = data.get(key)
        if isinstance(entries, list):
            names.extend(entry.get("path") for entry in entries if isinstance(entry, dict))
    entries = data.get("patchesStrategicMerge")
    if isinstance(entries, list):
        names.extend(entries)
    base = os.path.abspath(folder)
    return {
        os.path.normpath(os.path.join(base, name))
        for name in names
        if isinstance(name, str) and name and "\n" not in name
    }
