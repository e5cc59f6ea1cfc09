"""Wheel build hook: refuse to build a wheel whose shipped rule index is stale.

An installed eks-lint reads every built-in rule's metadata from
``rules/_index.json`` without listing the rules folder (a one-file run cannot
afford it), so the index must describe exactly the rule files the wheel
ships. The index records each rule file's size; this compares them with no
import of eks-lint (the build environment has only hatchling).
"""

from __future__ import annotations

import json
import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def stale_entries(rules_folder: str) -> list[str]:
    """Rule files the index does not describe as they are: added, removed or resized."""
    with open(os.path.join(rules_folder, "_index.json"), encoding="utf-8") as handle:
        recorded = json.load(handle)["files"]
    found = {}
    for root, dirs, files in os.walk(rules_folder):
        dirs[:] = [name for name in dirs if not name.startswith((".", "_"))]
        for name in files:
            if name.endswith(".py") and not name.startswith("_"):
                path = os.path.join(root, name)
                found[os.path.relpath(path, rules_folder).replace(os.sep, "/")] = os.path.getsize(path)
    return sorted(name for name in recorded.keys() | found.keys() if recorded.get(name) != found.get(name))


class RuleIndexCheck(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads rules/ itself, and checks the index against it
        stale = stale_entries(os.path.join(self.root, "rules"))
        if stale:
            raise RuntimeError(
                "rules/_index.json does not describe these rule files: "
                + ", ".join(stale)
                + "; run 'python -m eks_lint.cli.docs' and build again"
            )
