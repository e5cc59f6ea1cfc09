"""Cluster snapshots: one JSON object per cluster, format ``eks-lint/snapshot@1``.

Each part is the AWS API's own response shape as boto3 returns it, so a user
can assemble a snapshot by hand from ``aws eks describe-*`` output, and a
snapshot collected today stays readable by the rules of tomorrow. A snapshot
is validated against ``eks_lint/schemas/snapshot.schema.json`` on load; a
malformed one is an ``EksLintError`` (exit 2) naming the JSON path at fault.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, int_or_text, read_bounded, read_regular_file
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import INVENTORY_PARTS, PARTS, K8sObject, Location

FORMAT = "eks-lint/snapshot@1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "snapshot.schema.json"
#: Keys of a snapshot that describe it rather than the cluster.
HEADER_KEYS = ("format", "collected_at", "account_id", "region", "partition", "kubernetes_access")
#: Parts in the order a snapshot is written (the README documents this order).
PART_ORDER = PARTS
#: A snapshot of a very large cluster is tens of megabytes; this bounds memory.
MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024
#: More problems than this are summarised: the first ones name the fault.
MAX_PROBLEMS = 20


@dataclass
class Snapshot:
    """A loaded, valid snapshot and where it came from."""

    data: dict[str, Any]
    file: str = "<snapshot>"
    problems: list[str] = field(default_factory=list)
    #: The text read, kept so a finding can point at the line of its resource.
    text: str | None = field(default=None, repr=False)
    _lines: Any = field(default=None, repr=False, compare=False)
    #: Where a resource is declared in its source, asked before the snapshot's own
    #: lines: a Terraform plan's ``.tf`` files (``eks_lint.sources.tf_files``).
    declared: Any = field(default=None, repr=False, compare=False)

    @property
    def cluster_name(self) -> str:
        cluster = self.data.get("cluster") or {}
        return str(cluster.get("name") or Path(self.file).stem.removeprefix("live:"))

    @property
    def region(self) -> str | None:
        return self.data.get("region")

    @property
    def collected_on(self) -> date | None:
        """The day it was collected, the default "today" for an offline check."""
        text = str(self.data.get("collected_at") or "")
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None

    def to_inventory(self) -> Inventory:
        return to_inventory(self.data)

    def locate(self, target: Any) -> Location | None:
        """The line of ``target``'s object in the file this snapshot was read from.

        None for a snapshot with no file behind it (a live cluster, stdin).
        """
        if self.declared is not None:
            found = self.declared(target)
            if found is not None:
                return found
        if self._lines is None:
            text = self.text
            if text is None and not self.file.startswith(("<", "live:")):
                try:
                    text = Path(self.file).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
            if text is None or self.file.startswith("<"):
                return None
            from eks_lint.sources.lines import JsonLines

            self._lines = JsonLines(self.file, text)
        return self._lines.locate(target)


def load_snapshot(path: str, stdin: Any = None) -> Snapshot:
    """Read, parse and validate one snapshot file ('-' reads stdin)."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        try:
            text = read_bounded(stream, MAX_SNAPSHOT_BYTES)
        except FileProblem as problem:
            raise EksLintError(f"--snapshot -: {problem}") from None
        name = "<stdin>"
    else:
        name = path
        try:
            text = read_regular_file(path, MAX_SNAPSHOT_BYTES).decode("utf-8")
        except FileProblem as problem:
            if not os.path.lexists(path):
                raise EksLintError(f"--snapshot {path}: file not found") from None
            if os.path.isdir(path):
                raise EksLintError(f"--snapshot {path}: is a folder, not a snapshot file") from None
            raise EksLintError(f"--snapshot {path}: {problem}") from None
        except UnicodeDecodeError:
            raise EksLintError(f"--snapshot {path}: not UTF-8 text, so not a JSON snapshot") from None
    return parse_snapshot(text, name)


def parse_snapshot(text: str | bytes, name: str = "<snapshot>") -> Snapshot:
    # As for manifests: what is loaded lives for the whole run and holds no cycle,
    # so the collector would only rescan it (a sixth of a 20,000-object snapshot's
    # check). Nothing is collected while loading; what was loaded is frozen.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = _load_json(text, name)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    problems = schema_problems(data)
    if problems:
        raise EksLintError(problem_text(name, "invalid snapshot", problems))
    return Snapshot(
        data=data, file=name, text=text if isinstance(text, str) else text.decode("utf-8", "replace")
    )


def _load_json(text: str | bytes, name: str) -> Any:
    try:
        return json.loads(text, parse_int=int_or_text)
    except json.JSONDecodeError as error:
        raise EksLintError(
            f"{name}:{error.lineno}:{error.colno}: snapshot is not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise EksLintError(f"{name}: snapshot nests too deep to be one") from None


def problem_text(name: str, what: str, problems: list[str]) -> str:
    """``name: what (N problems):`` and the first ``MAX_PROBLEMS`` of them, one a line."""
    lines = [f"{name}: {what} ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
    lines.extend(f"  {problem}" for problem in problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"  ... and {len(problems) - MAX_PROBLEMS} more")
    return "\n".join(lines)


def schema_problems(data: Any, types_only: bool = False) -> list[str]:
    """Every schema violation as ``json.path: message``, sorted by path.

    ``types_only`` keeps values of the wrong type only: what eksctl and Terraform
    adapters produce is checked for that, since a planned resource legitimately
    lacks what only AWS assigns (a subnet's id, an OIDC provider's ARN)."""
    if not isinstance(data, dict):
        return [f"$: a snapshot is a JSON object, not {type(data).__name__}"]
    if data.get("format") not in (None, FORMAT) and isinstance(data.get("format"), str):
        # A newer or foreign format: one clear line instead of a list of unknown keys.
        return [f"$.format: {data['format']!r} is not a format this eks-lint reads (it reads {FORMAT!r})"]
    items_valid = kubernetes_items_valid(data.get("kubernetes"))
    if items_valid and _quick_check()(data):
        # The common case, a valid snapshot: answered without importing jsonschema
        # or walking the AWS parts one keyword at a time. jsonschema runs only to
        # name what is wrong.
        return []
    import jsonschema

    schema = _schema()
    if items_valid:
        # Tens of thousands of items the schema would walk one keyword at a time
        # (most of a large snapshot's validation): checked above, in one pass.
        schema["properties"]["kubernetes"] = {"type": "array"}
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        if types_only and error.validator != "type":
            continue
        problems.append(f"{json_path(error.absolute_path)}: {_short(error)}")
    return problems


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def _quick_check() -> Any:
    """The snapshot schema compiled to a yes/no check (its Kubernetes items left
    to ``kubernetes_items_valid``), once per process. A schema the compiler does
    not cover gives a check that always says no: jsonschema then decides."""
    from eks_lint.engine.schema_check import compile_schema

    schema = _schema()
    schema["properties"]["kubernetes"] = {"type": "array"}
    return compile_schema(schema) or (lambda data: False)


def kubernetes_items_valid(items: Any) -> bool:
    """Whether every item of a snapshot's ``kubernetes`` list is what the schema's
    ``kubernetes.items`` asks (an object with a non-empty string ``apiVersion`` and
    ``kind``, ``metadata`` an object when present). False sends the list to the
    full schema validation, which names each problem."""
    if not isinstance(items, list):
        return False
    for item in items:
        if not isinstance(item, dict):
            return False
        api_version, kind = item.get("apiVersion"), item.get("kind")
        if not (isinstance(api_version, str) and api_version and isinstance(kind, str) and kind):
            return False
        if "metadata" in item and not isinstance(item["metadata"], dict):
            return False
    return True


def json_path(parts: Any) -> str:
    """``["nodegroups", 1, "scalingConfig"]`` -> ``$.nodegroups[1].scalingConfig``."""
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _short(error: Any) -> str:
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        unknown = [key for key in error.instance if key not in known and not str(key).startswith("x-")]
        return "; ".join(_unknown_key(key, list(known)) for key in unknown) or error.message
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    message = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _unknown_key(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(key), known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else "keys of your own must start with 'x-'"
    return f"unknown key {key!r} ({hint})"


def to_inventory(data: dict[str, Any]) -> Inventory:
    """The inventory a snapshot describes: parts as they are, Kubernetes objects wrapped."""
    inventory = Inventory()
    for key, value in data.items():
        if key in INVENTORY_PARTS and key != "kubernetes":
            inventory.parts[key] = value
    if "kubernetes" in data:
        inventory.parts["kubernetes"] = data["kubernetes"]
        # Objects from a snapshot have no manifest file: findings on them name the
        # object (Kind/namespace/name) rather than a line.
        inventory.add_objects([K8sObject(obj) for obj in data["kubernetes"]])
    inventory.errors = list(data.get("errors") or [])
    inventory.settings["snapshot"] = {key: data[key] for key in HEADER_KEYS if key in data}
    return inventory


def dump_snapshot(data: dict[str, Any]) -> str:
    """Serialise in the documented key order, datetimes as ISO 8601."""
    ordered: dict[str, Any] = {key: data[key] for key in HEADER_KEYS if key in data}
    for key in (*PART_ORDER, "errors"):
        if key in data:
            ordered[key] = data[key]
    for key, value in data.items():
        ordered.setdefault(key, value)
    return json.dumps(ordered, indent=2, default=_json_default, ensure_ascii=False) + "\n"


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    if isinstance(value, (bytes, bytearray)):
        return None  # binary blobs (never needed by a rule) are not kept
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")
