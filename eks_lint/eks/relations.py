"""Which Kubernetes objects act on which: HPAs, PDBs, Services, claims and StorageClasses.

Several workload and storage rules ask the same questions of the input ("is
this Deployment scaled by an HPA?", "which StorageClass does this claim get?");
the answers follow Kubernetes semantics and live here, tested once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eks_lint.eks.k8s import pod_labels, same_namespace, selector_matches
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

REPLICATED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet")
DEFAULT_CLASS_ANNOTATIONS = (
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
)
#: Provisioners that create EBS volumes: the CSI driver and the in-tree plugin.
EBS_PROVISIONERS = ("ebs.csi.aws.com", "kubernetes.io/aws-ebs")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def spec_replicas(workload: K8sObject) -> int:
    """``spec.replicas``, or 1 when it is not set (the API server's default)."""
    value = _int(workload.get("spec", "replicas"))
    return 1 if value is None else value


def hpa_bounds(inventory: Inventory) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(kind, namespace, name) of each HPA target -> (minReplicas, maxReplicas)."""
    out = {}
    for hpa in inventory.of_kind("HorizontalPodAutoscaler"):
        target = hpa.get("spec", "scaleTargetRef")
        if not isinstance(target, dict):
            continue
        low = _int(hpa.get("spec", "minReplicas"))
        high = _int(hpa.get("spec", "maxReplicas"))
        low = 1 if low is None else low
        key = (str(target.get("kind")), hpa.namespace or "default", str(target.get("name")))
        out[key] = (low, high if high is not None else low)
    return out


def peak_replicas(workload: K8sObject, hpas: dict[tuple[str, str, str], tuple[int, int]]) -> int:
    """The most replicas the workload can run: the HPA's maxReplicas when one scales it."""
    bounds = hpas.get((workload.kind, workload.namespace or "default", workload.name))
    return bounds[1] if bounds else spec_replicas(workload)


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
