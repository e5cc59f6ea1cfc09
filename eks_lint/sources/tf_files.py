"""Where a Terraform resource is declared in the ``.tf`` files beside its plan.

A plan (``terraform show -json``) names each resource by its address
(``module.eks.aws_eks_cluster.this[0]``) but records no file or line. When
the plan file sits in the root module's folder, as ``terraform show -json
plan.out > plan.json`` run there leaves it, the ``resource "TYPE" "NAME"``
block is found in that folder's ``.tf`` files, or in the module's folder:
``.terraform/modules/modules.json`` (written by ``terraform init``) maps each
module call to its folder, and the plan's ``configuration`` gives local
sources (``./modules/eks``). Found nowhere, the caller falls back to the
resource's line in the plan.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from eks_lint.engine.files import FileProblem, read_regular_file
from eks_lint.engine.model import AwsResource, Location

#: A .tf file larger than this is not searched (a configuration file is kilobytes).
MAX_TF_BYTES = 4 * 1024 * 1024
#: Keys of a resource address: ``["default"]`` or ``[0]``.
_KEYS = re.compile(r"\[[^\]]*\]")


class TfSources:
    """Finds ``resource`` blocks in the root module's folder and its modules' folders."""

    def __init__(self, plan_file: str, plan: dict[str, Any]) -> None:
        self.root = Path(plan_file).parent
        self.modules = _module_dirs(self.root, plan)
        self._texts: dict[Path, list[tuple[Path, str]]] = {}

    def locate(self, target: Any) -> Location | None:
        """The ``resource`` line of ``target``'s address, or None."""
        address = getattr(target, "address", None) if isinstance(target, AwsResource) else None
        if not address:
            return None
        parsed = split_address(address)
        if parsed is None:
            return None
        module, kind, name = parsed
        folder = self.modules.get(module)
        if folder is None:
            return None
        pattern = re.compile(
            rf'^([ \t]*)resource[ \t]+"{re.escape(kind)}"[ \t]+"{re.escape(name)}"[ \t]*\{{', re.MULTILINE
        )
        for file, text in self._files(folder):
            found = pattern.search(text)
            if found is not None:
                line = text.count("\n", 0, found.start()) + 1
                return Location(str(file), line, len(found.group(1)) + 1)
        return None

    def _files(self, folder: Path) -> list[tuple[Path, str]]:
        cached = self._texts.get(folder)
        if cached is None:
            cached = []
            try:
                names = sorted(folder.glob("*.tf"))
            except OSError:
                names = []
            for path in names:
                try:
                    cached.append((path, read_regular_file(str(path), MAX_TF_BYTES).decode("utf-8")))
                except (FileProblem, UnicodeDecodeError):
                    continue  # not a readable configuration file: the plan line is used instead
            self._texts[folder] = cached
        return cached


def split_address(address: str) -> tuple[str, str, str] | None:
    """``module.eks.module.ng["a"].aws_launch_template.this[0]`` ->
    ``("eks.ng", "aws_launch_template", "this")``: the module key as
    ``modules.json`` writes it, the resource type and name. None for a data
    source or anything else that is not a managed resource's address."""
    parts = _KEYS.sub("", address).split(".")
    modules = []
    while len(parts) > 2 and parts[0] == "module":
        modules.append(parts[1])
        parts = parts[2:]
    if len(parts) != 2 or parts[0] in ("data", "module"):
        return None
    return ".".join(modules), parts[0], parts[1]


def _module_dirs(root: Path, plan: dict[str, Any]) -> dict[str, Path]:
    """Module key (``""`` for the root) -> its folder."""
    dirs = {"": root}
    config = plan.get("configuration")
    root_module = config.get("root_module") if isinstance(config, dict) else None
    _local_calls(root_module, "", root, dirs)
    for key, folder in _installed(root).items():
        dirs.setdefault(key, folder)
    return dirs


def _local_calls(module: Any, prefix: str, folder: Path, dirs: dict[str, Path]) -> None:
    """Module calls with a local ``source`` (``./``, ``../``), as the plan's configuration gives them."""
    calls = module.get("module_calls") if isinstance(module, dict) else None
    if not isinstance(calls, dict):
        return
    for name, call in calls.items():
        if not isinstance(call, dict):
            continue
        source = call.get("source")
        key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(source, str) and source.startswith(("./", "../")):
            dirs[key] = folder / source
            _local_calls(call.get("module"), key, folder / source, dirs)


def _installed(root: Path) -> dict[str, Path]:
    """What ``terraform init`` recorded in ``.terraform/modules/modules.json``:
    every module call, registry and git ones included, with the folder it was
    installed in (relative to the root module)."""
    manifest = root / ".terraform" / "modules" / "modules.json"
    try:
        data = json.loads(read_regular_file(str(manifest), MAX_TF_BYTES).decode("utf-8"))
    except (FileProblem, UnicodeDecodeError, ValueError):
        return {}
    out: dict[str, Path] = {}
    modules = data.get("Modules") if isinstance(data, dict) else None
    for entry in modules if isinstance(modules, list) else ():
        key, folder = (entry.get("Key"), entry.get("Dir")) if isinstance(entry, dict) else (None, None)
        if isinstance(key, str) and isinstance(folder, str):
            out[key] = root / folder
    return out
