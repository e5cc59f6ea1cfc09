"""Which files a run leaves out: ``exclude`` patterns and ``.gitignore``.

``exclude`` patterns in the config are relative to the config file's folder,
and ``--exclude`` patterns to the working folder, whatever way the PATH was
typed (``check .``, ``check $PWD`` and ``check ../repo`` leave out the same
files); a file outside that folder is matched by its absolute path. A
pattern also matches a file's name alone (``*.generated.yaml``), and ``*``
crosses folders (``charts/*`` is everything under charts/).

Inside a git work tree, files found by walking a folder are left out when
git ignores them (``.gitignore`` files from the work tree's root down to the
file's folder, read with ``pathspec``, git's own matching rules). Files
given by name are always read, as git itself does with ``git add -f``.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class PathFilter:
    """``filter(file, given_by_name)`` is True for a file the run leaves out."""

    def __init__(self, excludes: Iterable[tuple[str, Iterable[str]]] = (), gitignore: bool = True) -> None:
        #: (folder the patterns are relative to, patterns)
        self.excludes = [(os.path.abspath(root), list(patterns)) for root, patterns in excludes]
        self.gitignore = gitignore
        self._work_trees: dict[str, str | None] = {}
        self._specs: dict[str, Any] = {}

    def __call__(self, file: str, given_by_name: bool) -> bool:
        absolute = os.path.abspath(file)
        for root, patterns in self.excludes:
            if patterns and _matches(absolute, root, patterns):
                return True
        return self.gitignore and not given_by_name and self._git_ignored(absolute)

    def _git_ignored(self, absolute: str) -> bool:
        folder = os.path.dirname(absolute)
        top = self._work_tree(folder)
        if top is None:
            return False
        # The .gitignore of every folder from the top down to the file's, each
        # matching paths relative to its own folder; a later (deeper) one wins.
        chain = [folder]
        while chain[-1] != top and os.path.dirname(chain[-1]) != chain[-1]:
            chain.append(os.path.dirname(chain[-1]))
        ignored = False
        for base in reversed(chain):
            spec = self._spec(base)
            if spec is None:
                continue
            relative = relative_posix(absolute, base)
            if relative is None:
                continue
            result = spec.check_file(relative)
            if result.include is not None:
                ignored = result.include
        return ignored

    def _spec(self, folder: str) -> Any:
        if folder not in self._specs:
            path = os.path.join(folder, ".gitignore")
            spec = None
            if os.path.isfile(path):
                import pathspec  # only inside a git work tree that has a .gitignore

                with open(path, encoding="utf-8", errors="replace") as handle:
                    spec = pathspec.GitIgnoreSpec.from_lines(handle)
            self._specs[folder] = spec
        return self._specs[folder]

    def _work_tree(self, folder: str) -> str | None:
        """The work tree's top folder (the one holding ``.git``), or None outside one."""
        if folder not in self._work_trees:
            parent = os.path.dirname(folder)
            if os.path.exists(os.path.join(folder, ".git")):
                self._work_trees[folder] = folder
            elif parent == folder:
                self._work_trees[folder] = None
            else:
                self._work_trees[folder] = self._work_tree(parent)
        return self._work_trees[folder]


def _matches(absolute: str, root: str, patterns: list[str]) -> bool:
    where = relative_posix(absolute, root)
    if where is None:
        where = absolute.replace(os.sep, "/")  # outside the patterns' folder: its absolute path
    name = os.path.basename(absolute)
    for pattern in patterns:
        pattern = pattern[2:] if pattern.startswith("./") else pattern
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(where, pattern):
            return True
    return False


def relative_posix(absolute: str, root: str) -> str | None:
    """``absolute`` relative to ``root`` with ``/`` separators (both normalised
    absolute paths), or None when it is not under ``root``: what
    ``Path.relative_to`` says, without importing pathlib on every run."""
    if absolute == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if not absolute.startswith(prefix):
        return None
    return absolute[len(prefix) :].replace(os.sep, "/")
