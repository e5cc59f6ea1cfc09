"""Read the ``kube-system/aws-auth`` ConfigMap the way aws-iam-authenticator does.

Its ``data`` holds YAML text under ``mapRoles``, ``mapUsers`` and
``mapAccounts``. The authenticator (pkg/mapper/configmap/configmap.go,
``ParseMap``) converts each to JSON and decodes it with Go's ``encoding/json``:
keys match case-insensitively, unknown keys are dropped silently, and a
section that fails to parse is left out ("Only saving data that was good"),
so every mapping in it stops working at once. This module reproduces that
reading so the access rules agree on what the ConfigMap means.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from eks_lint.data.eks_platform import AWS_AUTH_DATA_KEYS, AWS_AUTH_ROLE_KEYS, AWS_AUTH_USER_KEYS
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject
from eks_lint.engine.record import Record
from eks_lint.engine.yaml_load import YamlProblem, load_one

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Mapping(Record):
    """One entry of ``mapRoles`` or ``mapUsers``, keys lower-cased as the authenticator
    matches them (a record, not a dataclass: see ``eks_lint.engine.record``)."""

    __slots__ = ("section", "index", "fields", "written", "line", "key_lines")
    _fields = __slots__

    def __init__(
        self,
        section: str,
        index: int,
        fields: dict[str, Any],
        written: dict[str, str],
        line: tuple[int, int] | None = None,
        key_lines: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        self.section = section  # "mapRoles" or "mapUsers"
        self.index = index
        self.fields = fields
        #: The keys as written (lower-cased key -> original), for messages.
        self.written = written
        #: (line, column), 0-based, of the entry inside the section's text, for locations.
        self.line = line
        #: (line, column) of each key (lower-cased) inside the section's text.
        self.key_lines = key_lines if key_lines is not None else {}

    @property
    def arn(self) -> str:
        key = "rolearn" if self.section == "mapRoles" else "userarn"
        return str(self.fields.get(key) or "")

    @property
    def groups(self) -> list[str]:
        groups = self.fields.get("groups")
        return [str(group) for group in groups] if isinstance(groups, list) else []


class AwsAuth(Record):
    __slots__ = ("obj", "mappings", "problems")
    _fields = __slots__

    def __init__(
        self,
        obj: K8sObject,
        mappings: list[Mapping] | None = None,
        problems: list[tuple[str, str, tuple[int, int] | None]] | None = None,
    ) -> None:
        self.obj = obj
        self.mappings = mappings if mappings is not None else []
        #: (data key or "data", problem, (line, column) inside that key's text or None)
        #: for everything the authenticator would drop or reject.
        self.problems = problems if problems is not None else []


def aws_auth_configmaps(inventory: Inventory) -> Iterator[K8sObject]:
    for obj in inventory.of_kind("ConfigMap"):
        if obj.name == "aws-auth" and obj.namespace == "kube-system":
            yield obj


def parse(obj: K8sObject) -> AwsAuth:
    result = AwsAuth(obj)
    data = obj.get("data")
    if data is None:
        return result
    if not isinstance(data, dict):
        result.problems.append(("data", "data is not a map of strings", None))
        return result
    for key in data:
        if key not in AWS_AUTH_DATA_KEYS:
            result.problems.append(
                (
                    str(key),
                    f"data key {key!r} is not read by the authenticator (it reads mapRoles, mapUsers and "
                    "mapAccounts, case-sensitively), so its mappings grant nothing",
                    None,
                )
            )
    for section, allowed, arn_keys in (
        ("mapRoles", AWS_AUTH_ROLE_KEYS, ("rolearn", "sso")),
        ("mapUsers", AWS_AUTH_USER_KEYS, ("userarn",)),
    ):
        entries, nodes = _load(result, data, section)
        broken = [
            index
            for index, entry in enumerate(entries)
            if not isinstance(entry, dict) or not isinstance(_lower(entry).get("groups", []), list)
        ]
        if broken:  # Go's json.Unmarshal rejects the whole list
            what = (
                "is not a mapping"
                if not isinstance(entries[broken[0]], dict)
                else "has groups that is not a list"
            )
            text = f"{section} entry {broken[0] + 1} {what}"
            result.problems.append(
                (
                    section,
                    f"{text}, so the authenticator drops every mapping in {section}",
                    _line(nodes, broken[0]),
                )
            )
            continue
        for index, entry in enumerate(entries):
            written = {str(key).lower(): str(key) for key in entry}
            fields = _lower(entry)
            key_lines = _key_lines(nodes, index)
            unknown = [written[key] for key in fields if key not in allowed]
            has_arn = any(fields.get(key) for key in arn_keys)
            if unknown or not has_arn:
                line = key_lines.get(unknown[0].lower()) if unknown else _line(nodes, index)
                text = _entry_problem(section, index, unknown, has_arn, arn_keys[0])
                result.problems.append((section, text, line))
            result.mappings.append(Mapping(section, index, fields, written, _line(nodes, index), key_lines))
    accounts, _nodes = _load(result, data, "mapAccounts")
    if any(isinstance(account, (dict, list)) or account is None for account in accounts):
        text = "mapAccounts is not a list of account ids, so the authenticator drops all of it"
        result.problems.append(("mapAccounts", text, None))
    return result


def _entry_problem(section: str, index: int, unknown: list[str], has_arn: bool, arn_key: str) -> str:
    text = f"{section} entry {index + 1} has "
    if unknown:
        text += f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}, which the authenticator "
        text += "ignores, and " if not has_arn else "ignores"
    if not has_arn:
        text += f"no {arn_key}, so it maps nothing"
    return text


def _lower(entry: dict[Any, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in entry.items()}


def _load(result: AwsAuth, data: dict[str, Any], section: str) -> tuple[list[Any], list[yaml.Node]]:
    """The section's entries and their YAML nodes (for line numbers); empty when unusable."""
    text = data.get(section)
    if text is None:
        return [], []
    if not isinstance(text, str):
        problem = f"{section} is not a string holding YAML, so the authenticator drops it"
        result.problems.append((section, problem, None))
        return [], []
    if text.strip() in ("", "``", '""'):  # the authenticator skips these
        return [], []
    try:
        document = load_one(text)
    except YamlProblem as error:
        problem = error.problem
        text = f"{section} is not valid YAML ({problem} at line {error.line} of its text)"
        line = (error.line - 1, error.column - 1)
        result.problems.append((section, f"{text}, so the authenticator drops every mapping in it", line))
        return [], []
    loaded, node = document.data, document.node
    if loaded is None:
        return [], []
    if not isinstance(loaded, list):
        result.problems.append(
            (section, f"{section} is not a YAML list, so the authenticator drops all of it", (0, 0))
        )
        return [], []
    return loaded, list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _line(nodes: list[yaml.Node], index: int) -> tuple[int, int] | None:
    if index >= len(nodes):
        return None
    mark = nodes[index].start_mark
    return mark.line, mark.column


def _key_lines(nodes: list[yaml.Node], index: int) -> dict[str, tuple[int, int]]:
    node = nodes[index] if index < len(nodes) else None
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value).lower(): (key.start_mark.line, key.start_mark.column) for key, _ in node.value}
