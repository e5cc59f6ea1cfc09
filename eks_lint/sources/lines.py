"""Where a resource is declared in a JSON input (a snapshot or a Terraform plan).

Findings on AWS resources and on a snapshot's Kubernetes objects carry no
location: rules see parsed data, not text. CI formats need one all the same
(code scanning rejects a result without a file), so the report points at the
input that declared the resource, at the line of the object describing it.
The text is composed into YAML nodes (JSON is YAML; nodes carry positions)
only when a finding asks, once per file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import yaml

from eks_lint.engine.model import AwsResource, K8sObject, Location

#: Keys whose value names a resource: ``name``, ``nodegroupName``, ``subnetId``, ...
_NAME_SUFFIXES = ("name", "Name", "id", "Id", "arn", "Arn")


class JsonLines:
    """Finds the line of a resource's object in one JSON document's text."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._objects: dict[tuple[str | None, ...], yaml.MappingNode] | None = None

    def locate(self, target: Any) -> Location:
        """The start of the object describing ``target``; line 1 when none does."""
        root = self._compose()
        node = None
        if root is not None:
            if isinstance(target, K8sObject):
                node = self._object_index(root).get((target.kind, target.name, target.namespace))
            elif isinstance(target, AwsResource):
                node = _aws_node(root, target)
        if node is None:
            return Location(self.file, 1, 1)
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _object_index(self, root: yaml.Node) -> dict[tuple[str | None, ...], yaml.MappingNode]:
        """The first mapping under ``kubernetes``, in document order, for each
        (kind, metadata.name, metadata.namespace): what a scan for one object
        finds, built in one walk instead of one per finding."""
        if self._objects is None:
            index: dict[tuple[str | None, ...], yaml.MappingNode] = {}
            start = _value(root, "kubernetes")
            for node in _mappings(start) if start is not None else ():
                values = _scalars(node)
                namespace = values.get("metadata.namespace") or None
                index.setdefault((values.get("kind"), values.get("metadata.name"), namespace), node)
            self._objects = index
        return self._objects

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                self._root = None  # valid JSON that YAML 1.1 reads otherwise: line 1
        return self._root


def _aws_node(root: yaml.Node, target: AwsResource) -> yaml.Node | None:
    if target.address:
        found = _first(root, lambda values: values.get("address") == target.address)
        if found is not None:
            return found
    if target.arn:
        found = _first(root, lambda values: target.arn in values.values())
        if found is not None:
            return found
    return _first(
        root, lambda values: any(v == target.id and k.endswith(_NAME_SUFFIXES) for k, v in values.items())
    )


def _first(
    root: yaml.Node, predicate: Callable[[dict[str, str]], bool], under: str | None = None
) -> yaml.MappingNode | None:
    """The first mapping, in document order, whose scalar fields satisfy ``predicate``.

    Fields are the mapping's own scalars plus ``metadata.*`` scalars, so a
    Kubernetes object is matched on kind, name and namespace together.
    """
    start: yaml.Node | None = root
    if under is not None:
        start = _value(root, under)
    if start is None:
        return None
    for node in _mappings(start):
        if predicate(_scalars(node)):
            return node
    return None


def _mappings(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            yield current
            stack.extend(value for _, value in reversed(current.value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))


def _scalars(node: yaml.MappingNode) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if isinstance(value, yaml.ScalarNode):
            values[key.value] = value.value
        elif key.value == "metadata" and isinstance(value, yaml.MappingNode):
            for inner_key, inner in value.value:
                if isinstance(inner_key, yaml.ScalarNode) and isinstance(inner, yaml.ScalarNode):
                    values[f"metadata.{inner_key.value}"] = inner.value
    return values


def _value(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None
