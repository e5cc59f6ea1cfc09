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
    """The file a ``# Source:`` path names, as a path from the working folder (a
    packaged subchart's archive for its templates); None when it is not found."""
    path = PurePosixPath(source)
    parts = path.parts
    if path.is_absolute() or ".." in parts or len(parts) < 2:
        return None  # not a chart's file: helm prints <chart>/templates/<file>
    if chart_dir is not None:
        return _on_disk(chart_dir, parts[1:])
    charts = [parts[0]]  # the chart's folder: here, or beside or above the rendered file
    if not rendered.startswith("<"):
        folder = os.path.dirname(os.path.abspath(rendered))
        while True:
            charts.append(os.path.join(folder, parts[0]))
            if os.path.basename(folder) == parts[0]:
                charts.append(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    for chart in charts:
        found = _on_disk(chart, parts[1:]) if os.path.isdir(chart) else None
        if found is not None:
            relative = os.path.relpath(found)
            return found if relative.startswith("..") else relative
    # Not here (rendered manifests kept in a repository without their chart):
    # the rendered file is then the one a reviewer edits, and findings stay on it.
    return None


def _on_disk(chart_dir: str, parts: tuple[str, ...]) -> str | None:
    """``parts`` (``templates/x.yaml``, ``charts/sub/templates/x.yaml``, ...) under
    ``chart_dir``: the file when it is there; else the packaged subchart
    (``charts/sub-1.2.0.tgz``) that holds it, whose findings are then placed on
    the archive as a whole; else None (the findings stay on the rendered output)."""
    path = os.path.normpath(os.path.join(chart_dir, *parts))
    if os.path.isfile(path):
        return path
    folder = chart_dir
    for index in range(len(parts) - 1):
        if parts[index] != "charts":
            continue
        name = parts[index + 1]
        if os.path.isdir(os.path.join(folder, "charts", name)):
            folder = os.path.join(folder, "charts", name)
            continue
        return _packaged_subchart(os.path.join(folder, "charts"), name)
    return None


def _packaged_subchart(charts: str, name: str) -> str | None:
    """``charts/NAME-VERSION.tgz`` (as ``helm dependency build`` leaves it) whose
    top folder is ``NAME``: a prefix match alone could be another chart
    (``cache-proxy-1.0.0.tgz`` for ``cache``)."""
    try:
        entries = sorted(os.listdir(charts))
    except OSError:
        return None
    for entry in entries:
        if entry.endswith(".tgz") and (entry == f"{name}.tgz" or entry.startswith(f"{name}-")):
            archive = os.path.join(charts, entry)
            if _top_folder(archive) == name:
                return os.path.normpath(archive)
    return None


def _top_folder(archive: str) -> str | None:
    """The first member's top folder in a chart archive; None if it cannot be read."""
    import tarfile

    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.next()
    except (OSError, tarfile.TarError, EOFError):
        return None
    return member.name.split("/", 1)[0] if member is not None else None
