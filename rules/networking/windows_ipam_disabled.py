"""The cluster has Windows nodes but the VPC CNI's Windows IPAM is off.

## What it checks
When the input shows Windows nodes (a managed node group with a `WINDOWS_*`
AMI type, or a Node labelled `kubernetes.io/os: windows`) and holds the
`kube-system/amazon-vpc-cni` ConfigMap, whether the ConfigMap sets
`enable-windows-ipam: "true"`. EKS creates that ConfigMap; when it is not in
the input the rule cannot tell and says nothing. Auto Mode clusters are not
checked (Auto Mode runs no Windows nodes).

## Why it matters on EKS
Pods on Windows nodes get their addresses from the VPC resource controller in
the control plane, which hands them out only when Windows IPAM is on. With it
off the Windows nodes join and look healthy, and every Windows pod stays in
`ContainerCreating` ("failed to allocate IP"): the node group runs nothing.

## How to fix
Attach `AmazonEKSVPCResourceController` to the cluster role and set
`enable-windows-ipam: "true"` in the `amazon-vpc-cni` ConfigMap
(`kubectl patch configmap/amazon-vpc-cni -n kube-system --type merge
-p '{"data":{"enable-windows-ipam":"true"}}'`).

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: amazon-vpc-cni
  namespace: kube-system
data:
  enable-windows-ipam: "true"
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html
(enable Windows support); https://docs.aws.amazon.com/eks/latest/userguide/disable-windows-support.html.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.network import OS_LABEL, auto_mode, configmap_flag, vpc_cni_configmap
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS836",
    name="windows-ipam-disabled",
    severity="error",
    summary="The cluster has Windows nodes but the amazon-vpc-cni ConfigMap leaves Windows IPAM off.",
    kinds=("ConfigMap", "Node"),
    wants=("cluster", "nodegroups"),
    source="https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    configmap = vpc_cni_configmap(inventory)
    if configmap is None or auto_mode(inventory) or configmap_flag(configmap, "enable-windows-ipam"):
        return
    windows = [
        f"node group {g.get('nodegroupName')} ({g.get('amiType')})"
        for g in inventory.part("nodegroups") or []
        if isinstance(g, dict) and str(g.get("amiType") or "").startswith("WINDOWS_")
    ]
    nodes = [n.name for n in inventory.of_kind("Node") if n.labels.get(OS_LABEL) == "windows"]
    if nodes:
        windows.append(f"{len(nodes)} Windows node{'s' if len(nodes) != 1 else ''} ({', '.join(nodes[:3])})")
    if not windows:
        return
    data = configmap.get("data")
    path = (
        ("data", "enable-windows-ipam")
        if isinstance(data, dict) and "enable-windows-ipam" in data
        else ("data",)
    )
    yield configmap.finding(
        f'{"; ".join(windows)} but enable-windows-ipam is not "true" here: Windows pods get no IP address '
        'and stay in ContainerCreating; set it to "true"',
        path,
    )
