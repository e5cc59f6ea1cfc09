"""The data model every rule reads, whatever the source.

An ``Inventory`` holds the snapshot parts (AWS API response shapes, exactly as
boto3 returns them) and Kubernetes objects indexed by kind. Sources fill it;
rules only read it and never learn where the data came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eks_lint.record import FrozenRecord, Record
from eks_lint.rule import INVENTORY_PARTS, AwsResource, Finding


class ObjectSource(FrozenRecord):
    """Where a Kubernetes object came from: a file and the document inside it.

    ``item`` is the index inside a ``kind: List`` document, or None.
    """

    __slots__ = ("file", "document", "line", "item")
    _fields = __slots__

    def __init__(self, file: str, document: int, line: int, item: int | None = None) -> None:
        self.file = file
        self.document = document
        self.line = line
        self.item = item


class Anchor(Record):
    """Where an object or AWS resource produced by an adapter (eksctl,
    Terraform) is declared: a document and the path inside it, and/or the
    Terraform resource address. Findings on it are located there."""

    __slots__ = ("obj", "path", "address")
    _fields = __slots__

    def __init__(
        self, obj: K8sObject | None, path: tuple[str | int, ...] = (), address: str | None = None
    ) -> None:
        self.obj = obj
        self.path = tuple(path)
        self.address = address


class K8sObject:
    """A plain Kubernetes API object plus where it came from.

    Objects are never changed once loaded, so identity fields are read once:
    rules ask for ``kind``, ``name`` and ``namespace`` millions of times on a
    large repository.
    """

    __slots__ = ("data", "source", "kind", "name", "namespace", "api_version", "anchor", "__dict__")

    def __init__(
        self, data: dict[str, Any], source: ObjectSource | None = None, anchor: Anchor | None = None
    ) -> None:
        self.data = data
        self.source = source
        #: Set by adapters: the object is synthesized, and findings on it belong there.
        self.anchor = anchor
        self.api_version = str(data.get("apiVersion") or "")
        self.kind = str(data.get("kind") or "")
        meta = data.get("metadata")
        meta = meta if isinstance(meta, dict) else {}
        self.name = str(meta.get("name") or meta.get("generateName") or "")
        namespace = meta.get("namespace")
        self.namespace = str(namespace) if namespace else None

    def __repr__(self) -> str:
        return f"K8sObject({self.display()})"

    @property
    def metadata(self) -> dict[str, Any]:
        meta = self.data.get("metadata")
        return meta if isinstance(meta, dict) else {}

    @property
    def labels(self) -> dict[str, str]:
        labels = self.metadata.get("labels")
        return labels if isinstance(labels, dict) else {}

    @property
    def annotations(self) -> dict[str, Any]:
        annotations = self.metadata.get("annotations")
        return annotations if isinstance(annotations, dict) else {}

    @property
    def group(self) -> str:
        """The API group: ``apps`` for ``apps/v1``, ``""`` for core ``v1``."""
        return self.api_version.rpartition("/")[0]

    def get(self, *path: str | int, default: Any = None) -> Any:
        """The value at ``path``, or ``default`` when any step is missing or of the wrong type."""
        node: Any = self.data
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, list) or not -len(node) <= step < len(node):
                    return default
            elif not isinstance(node, dict) or step not in node:
                return default
            node = node[step]
        return node

    def display(self) -> str:
        namespace = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind}/{namespace}{self.name}"

    def as_json(self) -> dict[str, Any]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
        }

    def finding(self, message: str, path: tuple[str | int, ...] = ()) -> Finding:
        return Finding(target=self, message=message, path=path)


class Inventory:
    """Cluster data and Kubernetes objects for one run.

    ``parts`` maps a snapshot key (``cluster``, ``nodegroups``, ...) to the
    AWS API shape; a key that is absent means "not known", which is different
    from an empty list ("known to be none").
    """

    def __init__(
        self,
        parts: dict[str, Any] | None = None,
        objects: list[K8sObject] | None = None,
        errors: list[dict[str, Any]] | None = None,
        settings: dict[str, Any] | None = None,
        anchors: dict[tuple[str, str], Anchor] | None = None,
    ) -> None:
        self.parts: dict[str, Any] = parts if parts is not None else {}
        self.objects: list[K8sObject] = objects if objects is not None else []
        self.errors: list[dict[str, Any]] = errors if errors is not None else []
        #: Reference facts for the run, set by the pipeline: ``k8s_version`` (str),
        #: ``target_version`` (str, for upgrade checks), ``today`` (datetime.date),
        #: ``load_problems`` (manifest files that could not be read).
        self.settings: dict[str, Any] = settings if settings is not None else {}
        #: (resource type, id) -> where an adapter's input declares it.
        self.anchors: dict[tuple[str, str], Anchor] = anchors if anchors is not None else {}
        self._by_kind: dict[str, list[K8sObject]] | None = None
        self._by_namespace: dict[tuple[str, str], list[K8sObject]] | None = None
        #: The object a rule was last handed, so a rule that raises can be
        #: reported against it. Per inventory (per run), never global.
        self.last_object: K8sObject | None = None

    def __repr__(self) -> str:
        return (
            f"Inventory(parts={sorted(self.parts)}, objects={len(self.objects)}, errors={len(self.errors)})"
        )

    def has(self, part: str) -> bool:
        if part == "kubernetes":
            return bool(self.objects) or "kubernetes" in self.parts
        return part in self.parts

    def part(self, name: str, default: Any = None) -> Any:
        if name not in INVENTORY_PARTS:
            raise KeyError(f"unknown inventory part {name!r}")
        return self.parts.get(name, default)

    @property
    def cluster(self) -> dict[str, Any] | None:
        return self.parts.get("cluster")

    def add_objects(self, objects: list[K8sObject]) -> None:
        self.objects.extend(objects)
        self._by_kind = None
        self._by_namespace = None

    def _index(self) -> dict[str, list[K8sObject]]:
        if self._by_kind is None:
            index: dict[str, list[K8sObject]] = {}
            for obj in self.objects:
                index.setdefault(obj.kind, []).append(obj)
            self._by_kind = index
        return self._by_kind

    def in_namespace(self, kind: str, namespace: str | None) -> list[K8sObject]:
        """Objects of a kind in one namespace (a missing namespace means ``default``):
        an index, so cross-object rules (a PDB's workloads, a Service's pods) stay linear."""
        if self._by_namespace is None:
            index: dict[tuple[str, str], list[K8sObject]] = {}
            for obj in self.objects:
                index.setdefault((obj.kind, obj.namespace or "default"), []).append(obj)
            self._by_namespace = index
        return self._by_namespace.get((kind, namespace or "default"), [])

    def has_kind(self, kind: str) -> bool:
        """Whether any object of this kind is present."""
        return bool(self._index().get(kind))

    def of_kind(self, *kinds: str) -> Iterator[K8sObject]:
        """Objects of the given kinds, in input order; remembers the last one handed out."""
        index = self._index()
        for kind in kinds:
            for obj in index.get(kind, ()):
                self.last_object = obj
                yield obj

    def find(self, kind: str, namespace: str | None, name: str) -> K8sObject | None:
        """The object of that kind and name; a missing namespace means ``default``."""
        for obj in self.in_namespace(kind, namespace):
            if obj.name == name:
                return obj
        return None


def aws(type_: str, id_: str, arn: str | None = None) -> AwsResource:
    """Shorthand for rules: ``aws("nodegroup", name, arn)``."""
    return AwsResource(type=type_, id=id_, arn=arn)
