"""Helm: render a chart with ``helm template``, and map rendered objects back
to the template that produced them.

``helm template`` prints ``---`` then ``# Source: <chart>/templates/<file>``
before each document (``<chart>/charts/<sub>/templates/<file>`` for a
subchart's). The first part is the chart's name, not its folder: the path
is mapped onto the chart folder when it is known (``--helm DIR``), else
looked for from the working folder and from the rendered file's folders up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.render import find_tool, run_renderer

#: Helm's own default when no release name is given.
DEFAULT_RELEASE = "release-name"
_SOURCE = re.compile(r"^# Source: (\S.*?)\s*$", re.MULTILINE)
INSTALL_HINT = (
    "--helm needs the helm binary on the PATH (https://helm.sh/docs/intro/install/), "
    "or pipe its output in: helm template CHART | eks-lint check -"
)


class ValuesRender:
    """One render of a chart: a name and the values files layered in it."""

    __slots__ = ("name", "files")

    def __init__(self, name: str, files: list[str]) -> None:
        self.name = name
        self.files = files


def parse_values(specs: list[str]) -> list[ValuesRender]:
    """``--values`` arguments to renders: ``FILE``, ``NAME=FILE`` or ``NAME=A,B``.

    Each argument is one render, its own scope; files joined by a comma are
    layered in that render as ``helm template -f A -f B`` does. No argument:
    one render with the chart's own values.
    """
    renders: list[ValuesRender] = []
    for spec in specs:
        name, sep, files = spec.partition("=")
        if not sep:
            name, files = Path(spec).stem, spec
        paths = [part for part in files.split(",") if part]
        if not name or not paths:
            raise EksLintError(f"--values {spec}: give FILE, NAME=FILE or NAME=FILE,FILE")
        for path in paths:
            if not os.path.isfile(path):
                raise EksLintError(f"--values {path}: no such file")
        if any(render.name == name for render in renders):
            raise EksLintError(f"--values {spec}: the render name {name!r} is given twice")
        renders.append(ValuesRender(name, paths))
    return renders or [ValuesRender("", [])]


def template_argv(
    helm: str,
    chart: str,
    render: ValuesRender,
    sets: list[str],
    release: str | None,
    namespace: str | None,
    kube_version: str,
) -> list[str]:
    """The ``helm template`` command line for one render."""
    argv = [helm, "template", release or DEFAULT_RELEASE, chart, "--kube-version", kube_version]
    if namespace:
        argv += ["--namespace", namespace]
    for path in render.files:
        argv += ["--values", path]
    for assignment in sets:
        argv += ["--set", assignment]
    return argv


def render_chart(
    chart: str,
    render: ValuesRender,
    sets: list[str],
    release: str | None,
    namespace: str | None,
    kube_version: str,
    max_bytes: int,
) -> bytes:
    """``helm template`` output for one render of ``chart``."""
    if not os.path.isfile(os.path.join(chart, "Chart.yaml")):
        raise EksLintError(f"--helm {chart}: not a chart folder (no Chart.yaml)")
    helm = find_tool("helm")
    if helm is None:
        raise EksLintError(INSTALL_HINT)
    argv = template_argv(helm, chart, render, sets, release, namespace, kube_version)
    return run_renderer(argv, f"helm template {chart}", max_bytes=max_bytes)


def render_name(chart: str, render: ValuesRender) -> str:
    """How a render's output is named in reports: ``<helm template CHART (values NAME)>``."""
    values = f" (values {render.name})" if render.name else ""
    return f"<helm template {chart}{values}>"


def source_resolver(
    text: str, rendered: str, chart_dir: str | None
) -> Callable[[int, Any], str | None] | None:
    """For text holding ``# Source:`` comments: a function from a document's first
    line (0-based) to the template file that produced it; None for other text."""
    comments = [(text.count("\n", 0, match.start()), match.group(1)) for match in _SOURCE.finditer(text)]
    if not comments:
        return None
    lines = [line for line, _ in comments]
    cache: dict[str, str | None] = {}

    def origin(first_line: int, data: Any) -> str | None:
        import bisect

        index = bisect.bisect_left(lines, first_line) - 1
        if index < 0:
            return None
        source = comments[index][1]
        if source not in cache:
            cache[source] = template_file(source, rendered, chart_dir)
        return cache[source]

    return origin


def template_file(source: str, rendered: str, chart_dir: str | None) -> str | None:
    """The file a ``# Source:`` path names, as a path from the working folder;
    None when it is not found."""
    path = PurePosixPath(source)
    parts = path.parts
    if path.is_absolute() or ".." in parts or len(parts) < 2:
        return None  # not a chart's file: helm prints <chart>/templates/<file>
    if chart_dir is not None:
        return os.path.normpath(os.path.join(chart_dir, *parts[1:]))
    candidates = [os.path.join(*parts)]
    if not rendered.startswith("<"):
        folder = os.path.dirname(os.path.abspath(rendered))
        while True:
            candidates.append(os.path.join(folder, *parts))
            if os.path.basename(folder) == parts[0]:
                candidates.append(os.path.join(folder, *parts[1:]))
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    for candidate in candidates:
        if os.path.isfile(candidate):
            relative = os.path.relpath(candidate)
            return candidate if relative.startswith("..") else relative
    # Not here (rendered manifests kept in a repository without their chart):
    # the rendered file is then the one a reviewer edits, and findings stay on it.
    return None
