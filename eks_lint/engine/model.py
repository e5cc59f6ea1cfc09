"""The rule contract's data model: rule metadata, findings, severities, and
what a finding is about (a Kubernetes object, an AWS resource, a file).

Rule authors import these through ``eks_lint.rule``; the engine and the
sources use them directly. Nothing here knows about EKS: the inventory parts
are keys of the snapshot format, opaque to the engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import IntEnum

from eks_lint.engine.record import FrozenRecord, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Severity(IntEnum):
    """Ordered so that ``severity >= fail_on`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


CODE_PATTERN = re.compile(r"^[A-Z]{2,5}[0-9]{3,4}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
OPTION_TYPES = (bool, int, float, str, list)

#: The inventory parts a rule may declare in ``needs`` or ``wants``; each is a
#: key of the snapshot format (see README, "Snapshot format"), in the order a
#: snapshot is written.
PARTS = (
    "cluster",
    "nodegroups",
    "addons",
    "addon_versions",
    "cluster_versions",
    "fargate_profiles",
    "access_entries",
    "pod_identity_associations",
    "insights",
    "subnets",
    "instance_types",
    "launch_template_versions",
    "auto_scaling_groups",
    "oidc_providers",
    "iam_roles",
    "security_groups",
    "lifecycle_hooks",
    "vpcs",
    "capabilities",
    "kubernetes",
)
INVENTORY_PARTS = frozenset(PARTS)


class Rule(Record):
    """A rule's metadata record.

    ``needs``: inventory parts without which the rule cannot say anything; the
    engine skips it (and says why with ``-v``) when one is absent.
    ``wants``: parts it reads when present (the live collector fetches them).
    ``kinds``: Kubernetes kinds it reads; non-empty implies the rule needs
    Kubernetes objects (unless ``"kubernetes"`` is in ``wants``: then they are
    read when present), and tells the live reader which lists to fetch.
    ``options``: option name -> default; the default's type is the option's type.
    """

    __slots__ = (
        "code",
        "name",
        "severity",
        "summary",
        "needs",
        "needs_any",
        "wants",
        "kinds",
        "options",
        "source",
        "area",
    )
    _fields = __slots__

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity | str,
        summary: str,
        needs: tuple[str, ...] = (),
        needs_any: tuple[str, ...] = (),  # at least one of these parts (node groups *or* ASGs)
        wants: tuple[str, ...] = (),
        kinds: tuple[str, ...] = (),
        options: Mapping[str, Any] | None = None,
        source: str = "",
        area: str = "",
    ) -> None:
        self.code = code
        self.name = name
        self.severity: Severity = Severity.parse(severity) if isinstance(severity, str) else severity
        self.summary = summary
        self.needs = tuple(needs)
        self.needs_any = tuple(needs_any)
        self.wants = tuple(wants)
        self.kinds = tuple(kinds)
        self.options: Mapping[str, Any] = dict(options or {})
        self.source = source
        self.area = area
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_index(cls, meta: Mapping[str, Any]) -> Rule:
        """A record from the shipped rule index, written from records already
        validated: every run reads a hundred of them, so they are not checked again."""
        rule = cls.__new__(cls)
        for name in cls._fields:  # JSON lists are the record's tuples
            value = meta[name]
            setattr(rule, name, tuple(value) if isinstance(value, list) else value)
        rule.severity = Severity.parse(meta["severity"])
        rule.options = dict(meta["options"])
        return rule

    def problems(self) -> list[str]:
        found = []
        if not CODE_PATTERN.match(self.code):
            found.append(f"code {self.code!r} is not like 'EKS101'")
        if not NAME_PATTERN.match(self.name):
            found.append(f"name {self.name!r} is not kebab-case")
        for part in (*self.needs, *self.needs_any, *self.wants):
            if part not in INVENTORY_PARTS:
                found.append(f"unknown inventory part {part!r}")
        for option, default in self.options.items():
            if not isinstance(default, OPTION_TYPES):
                found.append(f"option {option!r} has a default of unsupported type")
        return found

    @property
    def needs_kubernetes(self) -> bool:
        return (bool(self.kinds) and "kubernetes" not in self.wants) or "kubernetes" in self.needs

    @property
    def required_parts(self) -> tuple[str, ...]:
        parts = tuple(self.needs)
        if self.kinds and "kubernetes" not in parts and "kubernetes" not in self.wants:
            parts = ("kubernetes", *parts)
        return parts


class AwsResource(FrozenRecord):
    """An AWS resource a finding is about: an ARN where there is one, else type and id.

    ``address`` is the Terraform resource address that declares it, for
    findings on a plan.
    """

    __slots__ = ("type", "id", "arn", "address")
    _fields = __slots__

    def __init__(self, type: str, id: str, arn: str | None = None, address: str | None = None) -> None:  # noqa: A002
        self.type = type
        self.id = id
        self.arn = arn
        self.address = address

    def display(self) -> str:
        return self.address or self.arn or f"{self.type}/{self.id}"

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "id": self.id}
        if self.arn:
            out["arn"] = self.arn
        if self.address:
            out["address"] = self.address
        return out


#: How closely a location in a file that declared a rendered object (a Helm
#: template, a kustomize base) is known: the finding's field itself, its
#: nearest parent key, the object's first line, or only the file.
PRECISIONS = ("field", "parent", "object", "file")


class Location(FrozenRecord):
    """A position in a file.

    For an object rendered by a tool (Helm, kustomize) the location is in the
    file a reviewer edits (the template or base), ``rendered`` is the position
    in the rendered output, and ``precision`` says how closely the first is known.
    """

    __slots__ = ("file", "line", "column", "rendered", "precision")
    _fields = __slots__

    def __init__(
        self,
        file: str,
        line: int,
        column: int,
        rendered: Location | None = None,
        precision: str = "field",
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.rendered = rendered
        self.precision = precision

    @property
    def line_known(self) -> bool:
        """False when only the file is known (the line and column are then 1)."""
        return self.precision != "file"


class FileTarget(FrozenRecord):
    """A whole file, for problems found before any object exists (invalid YAML)."""

    __slots__ = ("file",)
    _fields = __slots__

    def __init__(self, file: str) -> None:
        self.file = file

    def display(self) -> str:
        return self.file

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file}


class ObjectSource(FrozenRecord):
    """Where a Kubernetes object came from: a file and the document inside it.

    ``item`` is the index inside a ``kind: List`` document, or None.
    ``origin`` is the file that declared the object when ``file`` is a tool's
    rendered output (a Helm template, a kustomize base or overlay): findings
    are reported there, the file a reviewer would edit.
    """

    __slots__ = ("file", "document", "line", "item", "origin")
    _fields = __slots__

    def __init__(
        self, file: str, document: int, line: int, item: int | None = None, origin: str | None = None
    ) -> None:
        self.file = file
        self.document = document
        self.line = line
        self.item = item
        self.origin = origin


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

    __slots__ = (
        "data",
        "source",
        "kind",
        "name",
        "namespace",
        "api_version",
        "anchor",
        "scope",
        "patch",
        "__dict__",
    )

    def __init__(
        self, data: dict[str, Any], source: ObjectSource | None = None, anchor: Anchor | None = None
    ) -> None:
        self.data = data
        self.source = source
        #: Set by adapters: the object is synthesized, and findings on it belong there.
        self.anchor = anchor
        #: Which environment the object belongs to (set by the manifest source):
        #: objects of different scopes never relate. None: shared by every
        #: scope (a cluster's own objects, an adapter's).
        self.scope: str | None = None
        #: A patch a kustomization lists (merged into a base, never applied alone).
        self.patch = False
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
        return text_keys(self.metadata.get("labels"))

    @property
    def annotations(self) -> dict[str, Any]:
        return text_keys(self.metadata.get("annotations"))

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


#: Kinds with a pod template, and the path to it.
POD_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "ReplicationController": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
    "Pod": (),
}


def pod_template(obj: K8sObject) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """(pod template, its path) for a workload: the object itself for a Pod.

    Kept on the object after the first call (loaded objects never change): rules
    ask it of every workload about thirty times, a fifth of their time on
    10,000 documents.
    """
    known = obj.__dict__
    if "_pod_template" in known:
        return known["_pod_template"]  # type: ignore[no-any-return]
    path = POD_TEMPLATE_PATHS.get(obj.kind)
    template = None if path is None else obj.get(*path) if path else obj.data
    known["_pod_template"] = (template, path) if path is not None and isinstance(template, dict) else None
    return known["_pod_template"]  # type: ignore[no-any-return]


def pod_template_annotations(obj: K8sObject) -> dict[str, Any]:
    found = pod_template(obj)
    if found is None or not found[1]:
        return {}
    meta = found[0].get("metadata")
    annotations = meta.get("annotations") if isinstance(meta, dict) else None
    return annotations if isinstance(annotations, dict) else {}


if TYPE_CHECKING:
    Target = K8sObject | AwsResource | FileTarget


class Finding(Record):
    """One problem. Rules fill ``target``, ``message`` and ``path``; the engine the rest.

    ``path`` points inside a Kubernetes object (``("spec", "replicas")``) so the
    engine can give the exact line and column; for AWS resources it may name
    the field at fault for the reader (it is shown, not located).
    """

    __slots__ = (
        "target",
        "message",
        "path",
        "code",
        "name",
        "severity",
        "location",
        "suppressed_by",
        "area",
        "level",
        "cluster",
    )
    _fields = __slots__

    def __init__(
        self,
        target: Target,
        message: str,
        path: tuple[str | int, ...] = (),
        code: str = "",
        name: str = "",
        severity: Severity = Severity.WARNING,
        location: Location | None = None,
        suppressed_by: str | None = None,
        area: str = "",
        level: Severity | str | None = None,
        cluster: dict[str, str] | None = None,
    ) -> None:
        self.target = target
        self.message = message
        self.path = tuple(path)
        self.code = code
        self.name = name
        self.severity = severity
        self.location = location
        self.suppressed_by = suppressed_by
        self.area = area
        #: The rule's own severity for this finding when it differs from the
        #: rule's default (an error among warnings); a severity set in the config wins.
        self.level = level
        #: The cluster the finding was made on, when checking cluster data:
        #: ``name``, ``account_id`` and ``region`` as far as they are known
        #: (set by the command line after each cluster's run; None for manifests alone).
        self.cluster = cluster

    @property
    def resource_display(self) -> str:
        return self.target.display()


def text_keys(value: Any) -> dict[str, Any]:
    """A mapping with its keys as text, as Kubernetes reads them (YAML ``5:`` or
    ``2024-01-01:`` is the key "5" or "2024-01-01" once converted to JSON);
    ``{}`` for anything that is not a mapping."""
    if not isinstance(value, dict):
        return {}
    if all(isinstance(key, str) for key in value):
        return value
    return {str(key): item for key, item in value.items()}


def format_path(path: tuple[str | int, ...]) -> str:
    """``("spec", "containers", 0, "image")`` -> ``spec.containers[0].image``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``plural(1, "file")`` -> ``1 file``; ``plural(3, "file")`` -> ``3 files``."""
    word = noun if count == 1 else (plural_form or noun + "s")
    return f"{count:,} {word}"
