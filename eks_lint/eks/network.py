"""Who enforces NetworkPolicy, and what the VPC CNI's switches say: shared by the networking rules.

The VPC CNI enforces NetworkPolicy only when its node agent runs with
``--enable-network-policy=true`` (the ``aws-network-policy-agent`` container of
the ``kube-system/aws-node`` DaemonSet, ``aws-eks-nodeagent`` in the EKS
add-on; the add-on sets it from ``enableNetworkPolicy: "true"`` in its
configuration values). On EKS Auto Mode there is no aws-node DaemonSet: the
``kube-system/amazon-vpc-cni`` ConfigMap's ``enable-network-policy-controller``
turns it on. Other policy engines are recognised by their agent images.
Sources: https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html,
https://docs.aws.amazon.com/eks/latest/userguide/auto-net-pol.html.
"""

from __future__ import annotations

from eks_lint.data.retired_controllers import image_repository
from eks_lint.eks.cni_config import addon_values, daemonset_env
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

COMPUTE_TYPE_LABEL = "eks.amazonaws.com/compute-type"
HYBRID = "hybrid"
OS_LABEL = "kubernetes.io/os"
VPC_CNI_CONFIGMAP = ("kube-system", "amazon-vpc-cni")
AGENT_CONTAINERS = ("aws-network-policy-agent", "aws-eks-nodeagent")
AGENT_FLAG = "--enable-network-policy"


def policy_engine(image: Any) -> str | None:
    """The NetworkPolicy engine an agent image belongs to (by repository name), or None."""
    if not isinstance(image, str) or not image.strip():
        return None
    segments = image_repository(image.strip()).lower().split("/")
    last, parent = segments[-1], segments[-2] if len(segments) > 1 else ""
    if last == "cilium" or last == "cilium-ee":
        return "Cilium"
    if last in ("node", "cnx-node") and parent in ("calico", "tigera"):
        return "Calico"
    if last.startswith("antrea"):
        return "Antrea"
    if last == "weave-npc":
        return "Weave Net"
    if last == "kube-router":
        return "kube-router"
    return None


#: CNIs AWS supports on hybrid nodes (Cilium; Calico's guide moved to the EKS hybrid examples).
HYBRID_CNIS = ("Cilium", "Calico")


def other_cni(image: Any) -> str | None:
    """A CNI other than the VPC CNI, told by its agent image: the policy engines, and Flannel."""
    engine = policy_engine(image)
    if engine:
        return engine
    if isinstance(image, str) and image_repository(image.strip()).lower().split("/")[-1] == "flannel":
        return "Flannel"
    return None


def cni_daemonsets(inventory: Inventory) -> Iterator[tuple[K8sObject, str]]:
    """DaemonSets in the input that run a CNI other than the VPC CNI, with its name."""
    return _daemonsets_running(inventory, other_cni)


def policy_engines(inventory: Inventory) -> Iterator[tuple[K8sObject, str]]:
    """DaemonSets in the input that run a NetworkPolicy engine other than the VPC CNI, with its name."""
    return _daemonsets_running(inventory, policy_engine)


def _daemonsets_running(
    inventory: Inventory, name_of: Callable[[Any], str | None]
) -> Iterator[tuple[K8sObject, str]]:
    """Each DaemonSet with the name ``name_of`` gives its first container's image that it knows."""
    for daemonset in inventory.of_kind("DaemonSet"):
        spec = daemonset.get("spec", "template", "spec")
        items = spec.get("containers") if isinstance(spec, dict) else None
        for container in items if isinstance(items, list) else []:
            name = name_of(container.get("image")) if isinstance(container, dict) else None
            if name:
                yield daemonset, name
                break


def aws_node(inventory: Inventory) -> K8sObject | None:
    return inventory.find("DaemonSet", "kube-system", "aws-node")


def network_policy_agent(daemonset: K8sObject) -> tuple[bool, tuple[str | int, ...]]:
    """Whether aws-node's node agent enforces NetworkPolicy, and the path that says so.

    An aws-node without the agent container (VPC CNI before 1.14) enforces nothing.
    The flag's last occurrence wins, as in the agent's flag parser.
    """
    spec = daemonset.get("spec", "template", "spec")
    items = spec.get("containers") if isinstance(spec, dict) else None
    for index, container in enumerate(items if isinstance(items, list) else []):
        if not isinstance(container, dict) or container.get("name") not in AGENT_CONTAINERS:
            continue
        path: tuple[str | int, ...] = ("spec", "template", "spec", "containers", index)
        words = [str(w) for w in (container.get("args") or []) if isinstance(w, (str, int, bool))]
        value = None
        for word in words:
            if word == AGENT_FLAG:
                value = "true"
            elif word.startswith(AGENT_FLAG + "="):
                value = word.split("=", 1)[1].strip().lower()
        return value == "true", (*path, "args") if "args" in container else path
    return False, ("spec", "template", "spec", "containers")


def vpc_cni_addon(inventory: Inventory) -> dict[str, Any] | None:
    for addon in inventory.parts.get("addons") or []:
        if isinstance(addon, dict) and addon.get("addonName") == "vpc-cni":
            return addon
    return None


def addon_enables_network_policy(inventory: Inventory) -> bool:
    """``enableNetworkPolicy: "true"`` in the vpc-cni add-on's configuration values."""
    addon = vpc_cni_addon(inventory)
    values = addon_values(addon) if addon else None
    return str((values or {}).get("enableNetworkPolicy", "")).strip().lower() == "true"


def vpc_cni_configmap(inventory: Inventory) -> K8sObject | None:
    return inventory.find("ConfigMap", *VPC_CNI_CONFIGMAP)


def configmap_flag(configmap: K8sObject, key: str) -> bool:
    data = configmap.get("data")
    return isinstance(data, dict) and str(data.get(key, "")).strip().lower() == "true"


def aws_node_env(inventory: Inventory) -> dict[str, str] | None:
    """aws-node's literal env with the add-on's configuration values under it; None without aws-node.

    The DaemonSet is what ipamd reads and where the documented ``kubectl set env``
    lands, so it is required: the add-on's values alone cannot tell.
    """
    daemonset = aws_node(inventory)
    if daemonset is None:
        return None
    env: dict[str, str] = {}
    addon = vpc_cni_addon(inventory)
    values = addon_values(addon) if addon else None
    if isinstance(values, dict) and isinstance(values.get("env"), dict):
        env.update({str(k): str(v) for k, v in values["env"].items()})
    env.update(daemonset_env(daemonset) or {})
    return env


def auto_mode(inventory: Inventory) -> bool:
    """EKS Auto Mode: the cluster's ``computeConfig.enabled``."""
    compute = (inventory.cluster or {}).get("computeConfig") or {}
    return compute.get("enabled") is True


def hybrid_nodes(inventory: Inventory) -> list[K8sObject]:
    return [node for node in inventory.of_kind("Node") if node.labels.get(COMPUTE_TYPE_LABEL) == HYBRID]


def remote_networks(cluster: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """(remote node CIDRs, remote pod CIDRs) of a cluster's ``remoteNetworkConfig``."""
    config = (cluster or {}).get("remoteNetworkConfig") or {}

    def cidrs(key: str) -> list[str]:
        return [
            str(cidr)
            for network in config.get(key) or []
            if isinstance(network, dict)
            for cidr in network.get("cidrs") or []
        ]

    return cidrs("remoteNodeNetworks"), cidrs("remotePodNetworks")


def runs_on_hybrid_nodes(spec: dict[str, Any]) -> bool:
    """A pod spec that can only schedule on hybrid nodes: a nodeSelector or a required node
    affinity (every term) on ``eks.amazonaws.com/compute-type: hybrid``."""
    selector = spec.get("nodeSelector")
    if isinstance(selector, dict) and selector.get(COMPUTE_TYPE_LABEL) == HYBRID:
        return True
    affinity = (spec.get("affinity") or {}) if isinstance(spec.get("affinity"), dict) else {}
    node = affinity.get("nodeAffinity") if isinstance(affinity.get("nodeAffinity"), dict) else {}
    required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
    terms = required.get("nodeSelectorTerms") if isinstance(required, dict) else None
    if not isinstance(terms, list) or not terms:
        return False

    def hybrid_only(term: Any) -> bool:
        for expression in (term.get("matchExpressions") or []) if isinstance(term, dict) else []:
            if (
                isinstance(expression, dict)
                and expression.get("key") == COMPUTE_TYPE_LABEL
                and expression.get("operator") == "In"
                and expression.get("values") == [HYBRID]
            ):
                return True
        return False

    return all(hybrid_only(term) for term in terms)


def node_ready(node: K8sObject) -> bool | None:
    for condition in node.get("status", "conditions") or []:
        if isinstance(condition, dict) and condition.get("type") == "Ready":
            return condition.get("status") == "True"
    return None
