"""The right input, or a clear word.

A snapshot or a Terraform plan given as a manifest PATH used to be read as a
JSON manifest with no Kubernetes object in it: "1 file", exit 0, nothing
checked. Files given by name are recognised by their content and moved to
the flag that reads them (``--snapshot``, ``--terraform-plan``), with one
line saying so; folders are not searched, since a repository's JSON files
are rarely either.
"""

from __future__ import annotations

import json
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any

SNAPSHOT_FORMAT = "eks-lint/snapshot@"


def route_json_inputs(args: argparse.Namespace) -> None:
    """Move each snapshot or Terraform plan among ``args.paths`` to its own flag."""
    keep = []
    for path in args.paths or []:
        kind = _json_kind(path)
        if kind is None:
            keep.append(path)
            continue
        flag, dest = kind
        setattr(args, dest, [*(getattr(args, dest, None) or []), path])
        if not getattr(args, "quiet", False):
            what = "a cluster snapshot" if dest == "snapshot" else "a Terraform plan"
            print(f"eks-lint: {path} is {what}: checking it as {flag} {path}", file=sys.stderr)
    args.paths = keep


def _json_kind(path: str) -> tuple[str, str] | None:
    """``("--snapshot", "snapshot")``, ``("--terraform-plan", "terraform_plan")`` or None."""
    if path == "-" or not path.lower().endswith(".json") or not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            data: Any = json.load(handle)
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # the manifest reader reports it
    if not isinstance(data, dict) or "apiVersion" in data or "kind" in data:
        return None
    if str(data.get("format", "")).startswith(SNAPSHOT_FORMAT):
        return "--snapshot", "snapshot"
    if "format_version" in data and ("planned_values" in data or "resource_changes" in data):
        return "--terraform-plan", "terraform_plan"
    return None


def nothing_read(args: argparse.Namespace, manifests: Any) -> str | None:
    """Why the run would check nothing, or None.

    Folders with no manifest in them are a mistake worth failing on (exit 2): a
    CI gate pointed at the wrong folder must not pass. Files given by name
    that the config excludes are not: pre-commit hands over excluded files
    too, and that run rightly checks nothing.
    """
    if manifests is None or manifests.files or manifests.problems:
        return None
    folders = [path for path in args.paths if os.path.isdir(path)]
    if len(folders) != len(args.paths):
        return None
    return (
        f"nothing checked: {', '.join(folders)} "
        f"{'holds' if len(folders) == 1 else 'hold'} no .yaml, .yml or .json file "
        "(outside the excluded paths); give manifest paths, --snapshot FILE, "
        "--terraform-plan FILE or --cluster NAME"
    )
