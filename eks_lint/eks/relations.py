"""Which Kubernetes objects act on which: HPAs, PDBs, Services, claims and StorageClasses.

Several workload and storage rules ask the same questions of the input ("is
this Deployment scaled by an HPA?", "which StorageClass does this claim get?");
the answers follow Kubernetes semantics and live here, tested once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_labels, same_namespace, selector_matches
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import POD_TEMPLATE_PATHS, K8sObject, pod_template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

REPLICATED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
#: Provisioners that create EBS volumes: the CSI driver and the in-tree plugin.
EBS_PROVISIONERS = ("ebs.csi.aws.com", "kubernetes.io/aws-ebs")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Replicas(tuple):  # type: ignore[type-arg]
    """How many pods a workload runs: at least ``low``, at most ``high``.

    ``scaler`` is the HPA or KEDA ScaledObject that owns the count, or None
    when ``spec.replicas`` (or its default of 1) does. A tuple of the three, as
    a ``NamedTuple`` would be, without importing ``typing`` on every run.
    """

    __slots__ = ()

    def __new__(cls, low: int, high: int, scaler: K8sObject | None = None) -> Replicas:
        return tuple.__new__(cls, (low, high, scaler))

    @property
    def low(self) -> int:
        return self[0]  # type: ignore[no-any-return]

    @property
    def high(self) -> int:
        return self[1]  # type: ignore[no-any-return]

    @property
    def scaler(self) -> K8sObject | None:
        return self[2]  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Replicas(low={self.low!r}, high={self.high!r}, scaler={self.scaler!r})"

    @property
    def runs_pods(self) -> bool:
        """False for a workload scaled to zero: it has no pod to evict or spread."""
        return self.high > 0

    @property
    def low_running(self) -> int:
        """The fewest pods while it runs any: a scale-to-zero workload runs at least one."""
        return max(self.low, 1) if self.high > 0 else 0


#: (kind, namespace, name) of a scale target -> (low, high, the scaler).
Scalers = dict[tuple[str, str, str], tuple[int, int, K8sObject]]


def scalers(inventory: Inventory) -> Scalers:
    """Every HorizontalPodAutoscaler and KEDA ScaledObject in the input, by its target.

    HPA: ``minReplicas`` defaults to 1. ScaledObject: ``minReplicaCount``
    defaults to 0 and ``maxReplicaCount`` to 100, ``scaleTargetRef.kind`` to
    Deployment (https://keda.sh/docs/latest/reference/scaledobject-spec/).
    """
    out: Scalers = {}
    for scaler in inventory.of_kind("HorizontalPodAutoscaler", "ScaledObject"):
        target = scaler.get("spec", "scaleTargetRef")
        if not isinstance(target, dict) or not target.get("name"):
            continue
        if scaler.kind == "ScaledObject":
            low = _int(scaler.get("spec", "minReplicaCount"))
            high = _int(scaler.get("spec", "maxReplicaCount"))
            low, high = (0 if low is None else low), (100 if high is None else high)
            kind = str(target.get("kind") or "Deployment")
        else:
            low = _int(scaler.get("spec", "minReplicas"))
            high = _int(scaler.get("spec", "maxReplicas"))
            low = 1 if low is None else low
            high = low if high is None else high
            kind = str(target.get("kind"))
        out[(kind, scaler.namespace or "default", str(target.get("name")))] = (low, max(low, high), scaler)
    return out


def replicas(workload: K8sObject, known: Scalers) -> Replicas:
    """How many pods the workload can run, at least and at most.

    - An HPA or ScaledObject in the input that targets it owns the count: its range.
      Except ``replicas: 0`` under an HPA (not KEDA): the HPA stops scaling a
      target scaled to zero ("implicit maintenance-mode deactivation",
      https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/).
    - Else ``spec.replicas``; unset means 1 (the API server's default).
    """
    declared = _int(workload.get("spec", "replicas"))
    found = known.get((workload.kind, workload.namespace or "default", workload.name))
    if found is not None:
        low, high, scaler = found
        if declared == 0 and scaler.kind == "HorizontalPodAutoscaler" and low > 0:
            return Replicas(0, 0)
        return Replicas(low, high, scaler)
    count = 1 if declared is None else max(declared, 0)
    return Replicas(count, count)


def pdbs_covering(workload: K8sObject, pdbs: Iterable[K8sObject]) -> list[K8sObject]:
    """PodDisruptionBudgets in the workload's namespace whose selector matches its pods."""
    labels = pod_labels(workload)
    return [
        pdb
        for pdb in pdbs
        if same_namespace(pdb, workload) and selector_matches(pdb.get("spec", "selector"), labels)
    ]


def service_selects(service: K8sObject, workload: K8sObject) -> bool:
    """A Service's plain map selector matches the workload's pods (no selector: none)."""
    selector = service.get("spec", "selector")
    if not isinstance(selector, dict) or not selector or not same_namespace(service, workload):
        return False
    labels = pod_labels(workload)
    return all(key in labels and str(labels[key]) == str(value) for key, value in selector.items())


# Indexes for relations between objects. A selector can only match pods that
# carry every label it requires, so a selector is checked only against the
# objects carrying one of them; selectors that require none (only expressions,
# empty, malformed) are the short list always checked. Built once per inventory,
# and so once per scope; every answer is in the order a plain scan would give.

if TYPE_CHECKING:
    Pair = tuple[Any, str]


def _required(selector: Any, plain: bool) -> list[Pair]:
    """Labels (key, value) every pod a selector matches must carry.

    ``plain``: a Service's map selector; else a LabelSelector's ``matchLabels``.
    """
    if not isinstance(selector, dict):
        return []
    labels = selector if plain else selector.get("matchLabels")
    return [(key, str(value)) for key, value in labels.items()] if isinstance(labels, dict) else []


class _BySelector:
    """Objects holding a selector, filed under one label their selector requires.

    The label chosen is the one fewest pods of the namespace carry (``app: api``
    rather than ``team: shop``), so a workload meets only the selectors that
    could match it.
    """

    def __init__(self, holders: list[K8sObject], plain: bool, pods: list[K8sObject]) -> None:
        carried: dict[Pair, int] = {}
        for pod in pods:
            for key, value in pod_labels(pod).items():
                pair = (key, str(value))
                carried[pair] = carried.get(pair, 0) + 1
        self.position = {id(holder): index for index, holder in enumerate(holders)}
        self.by_label: dict[Pair, list[K8sObject]] = {}
        self.always: list[K8sObject] = []
        for holder in holders:
            selector = holder.get("spec", "selector")
            required = _required(selector, plain)
            if required:
                rarest = min(required, key=lambda pair: carried.get(pair, 0))
                self.by_label.setdefault(rarest, []).append(holder)
            elif not plain:  # a Service without a map selector selects nothing
                self.always.append(holder)

    def candidates(self, labels: dict[str, Any]) -> list[K8sObject]:
        found = list(self.always)
        for key, value in labels.items():
            found.extend(self.by_label.get((key, str(value)), ()))
        found.sort(key=lambda holder: self.position[id(holder)])
        return found


class _ByLabel:
    """Workloads filed under each label their pods carry, in scan order."""

    def __init__(self, objects: list[K8sObject]) -> None:
        self.all = objects
        self.by_label: dict[Pair, list[K8sObject]] = {}
        for obj in objects:
            for key, value in pod_labels(obj).items():
                self.by_label.setdefault((key, str(value)), []).append(obj)

    def candidates(self, required: list[Pair]) -> list[K8sObject]:
        if not required:
            return self.all
        return min((self.by_label.get(pair, []) for pair in required), key=len)


def _selector_index(inventory: Inventory, kind: str, namespace: str | None, plain: bool) -> _BySelector:
    namespace = namespace or "default"

    def build(inv: Inventory) -> _BySelector:
        pods = [w for pod_kind in WORKLOAD_KINDS for w in inv.in_namespace(pod_kind, namespace)]
        return _BySelector(inv.in_namespace(kind, namespace), plain, pods)

    return inventory.memo(f"by-selector:{kind}:{namespace}:{plain}", build)


def _label_index(inventory: Inventory, kinds: tuple[str, ...], namespace: str | None) -> _ByLabel:
    namespace = namespace or "default"

    def build(inv: Inventory) -> _ByLabel:
        return _ByLabel([w for kind in kinds for w in inv.in_namespace(kind, namespace)])

    return inventory.memo(f"by-label:{','.join(kinds)}:{namespace}", build)


def services_selecting(inventory: Inventory, workload: K8sObject) -> list[K8sObject]:
    """The Services of the workload's namespace whose selector matches its pods, in input order."""
    index = _selector_index(inventory, "Service", workload.namespace, plain=True)
    return [s for s in index.candidates(pod_labels(workload)) if service_selects(s, workload)]


def pdbs_selecting(inventory: Inventory, workload: K8sObject) -> list[K8sObject]:
    """The PodDisruptionBudgets of the workload's namespace whose selector matches its pods."""
    index = _selector_index(inventory, "PodDisruptionBudget", workload.namespace, plain=False)
    labels = pod_labels(workload)
    return [p for p in index.candidates(labels) if selector_matches(p.get("spec", "selector"), labels)]


def workloads_selected(
    inventory: Inventory, selector: Any, namespace: str | None, kinds: tuple[str, ...]
) -> list[K8sObject]:
    """The objects of these kinds in the namespace whose pods a LabelSelector matches.

    In scan order: kind by kind, each in input order.
    """
    candidates = _label_index(inventory, kinds, namespace).candidates(_required(selector, plain=False))
    return [w for w in candidates if selector_matches(selector, pod_labels(w))]


def workloads_served(inventory: Inventory, service: K8sObject, kinds: tuple[str, ...]) -> list[K8sObject]:
    """The objects of these kinds in the Service's namespace whose pods its selector matches."""
    required = _required(service.get("spec", "selector"), plain=True)
    if not required:
        return []  # no selector: endpoints are managed by hand
    index = _label_index(inventory, kinds, service.namespace)
    return [w for w in index.candidates(required) if service_selects(service, w)]


def is_default_class(storage_class: K8sObject) -> bool:
    return any(
        str(storage_class.annotations.get(key, "")).lower() == "true" for key in DEFAULT_CLASS_ANNOTATIONS
    )


def claim_class_name(claim: dict[str, Any]) -> str | None:
    """The class a PersistentVolumeClaim (or claim template) asks for.

    The beta annotation wins over ``spec.storageClassName`` as in Kubernetes;
    ``""`` means "no class" (static volumes) and None means "the default class".
    """
    meta = claim.get("metadata") if isinstance(claim.get("metadata"), dict) else {}
    annotations = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    if "volume.beta.kubernetes.io/storage-class" in annotations:
        return str(annotations["volume.beta.kubernetes.io/storage-class"] or "")
    spec = claim.get("spec") if isinstance(claim.get("spec"), dict) else {}
    name = spec.get("storageClassName")
    return None if name is None else str(name)


def claim_storage_class(claim: dict[str, Any], classes: list[K8sObject]) -> K8sObject | None:
    """The StorageClass in the input that provisions the claim, or None when unknown."""
    name = claim_class_name(claim)
    if name == "":
        return None
    if name is None:
        defaults = [c for c in classes if is_default_class(c)]
        return defaults[0] if len(defaults) == 1 else None
    return next((c for c in classes if c.name == name), None)


def is_ebs(storage_class: K8sObject) -> bool:
    return storage_class.get("provisioner") in EBS_PROVISIONERS


def ebs_volume_type(storage_class: K8sObject) -> str:
    """The EBS volume type a class creates: ``parameters.type``, else the provisioner's default.

    The EBS CSI driver defaults to gp3; the in-tree plugin to gp2.
    """
    parameters = storage_class.get("parameters")
    value = parameters.get("type") if isinstance(parameters, dict) else None
    if value:
        return str(value).lower()
    return "gp3" if storage_class.get("provisioner") == "ebs.csi.aws.com" else "gp2"


def is_owned_pod(obj: K8sObject) -> bool:
    """A Pod a controller created (read from a live cluster): its owner is judged instead."""
    return obj.kind == "Pod" and bool(obj.metadata.get("ownerReferences"))


#: Built-in priority classes for cluster components (CNI, kube-proxy, CoreDNS, CSI
#: controllers). Their pods' resources, spreading and budgets are set by their vendor
#: (for EKS add-ons, through the add-on's configuration values), and the kubelet does
#: not evict them under node pressure. Source:
#: https://kubernetes.io/docs/tasks/administer-cluster/guaranteed-scheduling-critical-addon-pods/
CRITICAL_PRIORITY_CLASSES = ("system-node-critical", "system-cluster-critical")


def is_system_critical(workload: K8sObject) -> bool:
    """The workload's pods run at a built-in system-critical priority (cluster components)."""
    from eks_lint.eks.k8s import pod_spec

    found = pod_spec(workload)
    return found is not None and found[0].get("priorityClassName") in CRITICAL_PRIORITY_CLASSES


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else ``[]``: manifests in a repository are not schema-checked."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else ``{}``."""
    return value if isinstance(value, dict) else {}


def is_patch(workload: K8sObject) -> bool:
    """A workload document that is a fragment (a kustomize patch), not an object to judge.

    A patch names a Deployment and sets a few fields (``replicas``, a
    container's ``resources``); kustomize merges it into the base. It has
    no pod template, or a template none of whose containers names an image.
    A complete base whose selector kustomize adds (labels transformer) is
    not a patch: its template names its images.

    Kept on the object after the first call, as ``pod_labels`` is: every
    rule that reads ``workloads`` asks it of every workload.
    """
    if workload.patch:  # a kustomization lists it among its patches
        return True
    known = workload.__dict__
    if "_is_patch" not in known:
        known["_is_patch"] = _is_fragment(workload)
    return known["_is_patch"]  # type: ignore[no-any-return]


def _is_fragment(workload: K8sObject) -> bool:
    """No pod template, or one none of whose containers names an image (see ``is_patch``)."""
    if workload.kind not in POD_TEMPLATE_PATHS or workload.kind == "Pod":
        return False
    found = pod_template(workload)
    spec = found[0].get("spec") if found is not None else None
    if not isinstance(spec, dict):
        return True
    return not any(isinstance(c, dict) and c.get("image") for c in as_list(spec.get("containers")))


def workloads(inventory: Inventory, *kinds: str) -> Iterator[K8sObject]:
    """The workloads of these kinds that are whole objects (kustomize patches left out).

    For rules that judge what a workload leaves out (no budget, no requests, no
    probe, one replica): a patch leaves out everything its base holds. Rules
    that judge a field that is there (hostNetwork, a socket mount, an image tag)
    read patches too: the field survives the merge.
    """
    for workload in inventory.of_kind(*kinds):
        if not is_patch(workload):
            yield workload


#: Words in a Service port's name that mark it as kept for monitoring, not for
#: clients: Prometheus scrapes pods directly through such a port, and nothing
#: is served to users if it is down for a minute.
MONITORING_PORT_WORDS = ("metrics", "prometheus", "profiling", "pprof", "probes", "health", "monitoring")


def is_headless(service: K8sObject) -> bool:
    """A headless Service (``clusterIP: None``): DNS names for pods, no load balancing."""
    return str(service.get("spec", "clusterIP") or "").lower() == "none"


def traffic_ports(service: K8sObject) -> list[dict[str, Any]]:
    """The Service's ports that carry client traffic (monitoring ports left out)."""
    out = []
    for port in as_list(service.get("spec", "ports")):
        if not isinstance(port, dict):
            continue
        name = str(port.get("name") or "").lower()
        if not any(word in name for word in MONITORING_PORT_WORDS):
            out.append(port)
    return out


def routes_to_container(service: K8sObject, container: dict[str, Any]) -> bool:
    """One of the Service's traffic ports targets a port this container declares.

    ``targetPort`` is a number or the name of a container port; unset, it is
    the Service ``port``. A number no container declares is not matched: the
    linter cannot tell which container listens on it.
    """
    declared = [p for p in as_list(container.get("ports")) if isinstance(p, dict)]
    numbers = {_int(p.get("containerPort")) for p in declared} - {None}
    names = {p.get("name") for p in declared if isinstance(p.get("name"), str)}
    for port in traffic_ports(service):
        target = port.get("targetPort", port.get("port"))
        if isinstance(target, str) and not target.isdigit():
            if target in names:
                return True
        elif isinstance(target, (int, str)) and not isinstance(target, bool) and int(target) in numbers:
            return True
    return False
