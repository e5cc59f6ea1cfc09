"""EKS Auto Mode: which of its parts a cluster turns on, and its NodeClass references.

Auto Mode is one switch over three capabilities that DescribeCluster reports
separately: compute (``computeConfig.enabled``), block storage
(``storageConfig.blockStorage.enabled``) and load balancing
(``kubernetesNetworkConfig.elasticLoadBalancing.enabled``). Auto Mode NodePools point at a
``NodeClass`` of API group ``eks.amazonaws.com``; self-managed Karpenter's
point at an ``EC2NodeClass`` of group ``karpenter.k8s.aws``.
Sources: the EKS API reference (Cluster: computeConfig, storageConfig,
kubernetesNetworkConfig) and https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html.
"""

from __future__ import annotations

from typing import Any

AUTO_NODECLASS_GROUP = "eks.amazonaws.com"
AUTO_NODECLASS_KIND = "NodeClass"
KARPENTER_NODECLASS_GROUP = "karpenter.k8s.aws"
KARPENTER_NODECLASS_KIND = "EC2NodeClass"
#: The provisioner of Auto Mode's block storage, and of the EBS CSI driver (add-on or Helm).
AUTO_EBS_PROVISIONER = "ebs.csi.eks.amazonaws.com"
EBS_CSI_PROVISIONER = "ebs.csi.aws.com"


def _enabled(value: Any) -> bool:
    return isinstance(value, dict) and value.get("enabled") is True


def compute_enabled(cluster: Any) -> bool:
    return isinstance(cluster, dict) and _enabled(cluster.get("computeConfig"))


def block_storage_enabled(cluster: Any) -> bool:
    storage = cluster.get("storageConfig") if isinstance(cluster, dict) else None
    return isinstance(storage, dict) and _enabled(storage.get("blockStorage"))


def load_balancing_enabled(cluster: Any) -> bool:
    network = cluster.get("kubernetesNetworkConfig") if isinstance(cluster, dict) else None
    return isinstance(network, dict) and _enabled(network.get("elasticLoadBalancing"))


def node_class_ref(nodepool: Any) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """A karpenter.sh/v1 NodePool's ``spec.template.spec.nodeClassRef`` and its path."""
    path = ("spec", "template", "spec", "nodeClassRef")
    ref = nodepool.get(*path)
    return (ref, path) if isinstance(ref, dict) else None


def builtin_nodepool(nodepool: Any, cluster: Any) -> bool:
    """One of the NodePools Auto Mode creates and owns (``computeConfig.nodePools``:
    ``general-purpose``, ``system``) on its own NodeClass: AWS does not let users modify
    them, only turn them on or off, so advice to edit them cannot be followed.
    Source: https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html."""
    if not compute_enabled(cluster):
        return False
    names = (cluster.get("computeConfig") or {}).get("nodePools") or []
    found = node_class_ref(nodepool)
    return (
        nodepool.name in names
        and found is not None
        and found[0].get("group") == AUTO_NODECLASS_GROUP
        and found[0].get("kind") == AUTO_NODECLASS_KIND
    )
