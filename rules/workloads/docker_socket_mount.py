"""A pod that mounts the Docker (or dockershim) socket from the node.

## What it checks
A `hostPath` volume whose path ends in `docker.sock` or `dockershim.sock`.

## Why it matters on EKS
EKS removed dockershim with Kubernetes 1.24, and EKS-optimized AMIs
(Amazon Linux 2023, Bottlerocket) run containerd only: the socket does not
exist. The pod either fails to start (`type: Socket`) or gets an empty
directory and breaks at run time; build tools and monitoring agents that
talk to Docker stop working after a node upgrade.

## How to fix
Use the containerd socket (`/run/containerd/containerd.sock`) through a
CRI-aware tool, or build images without a daemon (Kaniko, BuildKit rootless).

## Example
```yaml
volumes:
  - name: containerd
    hostPath: {path: /run/containerd/containerd.sock, type: Socket}
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/dockershim-deprecation.html;
eksup check K8S008.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, as_list, pod_spec
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS603",
    name="docker-socket-mount",
    severity="warning",
    summary="A pod mounts docker.sock or dockershim.sock, which EKS nodes no longer have.",
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/userguide/dockershim-deprecation.html",
)

SOCKETS = ("docker.sock", "dockershim.sock")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        for index, volume in enumerate(as_list(spec.get("volumes"))):
            host_path = volume.get("hostPath") if isinstance(volume, dict) else None
            if not isinstance(host_path, dict):
                continue
            target = str(host_path.get("path") or "").rstrip("/")
            if target.endswith(SOCKETS):
                yield workload.finding(
                    f"volume {volume.get('name', '?')} mounts {target} from the node; EKS nodes run "
                    "containerd only since Kubernetes 1.24: use a CRI-aware tool instead",
                    (*path, "volumes", index, "hostPath", "path"),
                )
