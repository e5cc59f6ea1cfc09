"""The data model every rule reads, whatever the source.

An ``Inventory`` holds the snapshot parts (AWS API response shapes, exactly as
boto3 returns them) and Kubernetes objects indexed by kind. Sources fill it;
rules only read it and never learn where the data came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from eks_lint.engine.model import INVENTORY_PARTS, Anchor, AwsResource, K8sObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


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
        self._by_name: dict[tuple[str, str, str], K8sObject] | None = None
        #: Indexes built once per inventory (and so per scope) by whoever needs them; see ``memo``.
        self._memo: dict[str, Any] = {}
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
        self._by_name = None
        self._memo = {}

    def memo(self, key: str, build: Callable[[Inventory], Any]) -> Any:
        """``build(self)``, computed once per inventory (so once per scope) and kept.

        For indexes rules share (the Services by selector label, the workloads
        by pod label): built on first use, dropped when objects are added.
        """
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

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
        """The first object of that kind and name; a missing namespace means ``default``.

        A dict lookup: rules call this once per workload (its ServiceAccount, its Secrets).
        """
        if self._by_name is None:
            index: dict[tuple[str, str, str], K8sObject] = {}
            for obj in self.objects:
                index.setdefault((obj.kind, obj.namespace or "default", obj.name), obj)
            self._by_name = index
        return self._by_name.get((kind, namespace or "default", name))


def aws(type_: str, id_: str, arn: str | None = None) -> AwsResource:
    """Shorthand for rules: ``aws("nodegroup", name, arn)``."""
    return AwsResource(type=type_, id=id_, arn=arn)
