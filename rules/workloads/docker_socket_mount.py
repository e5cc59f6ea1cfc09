"""A pod that mounts the Docker (or dockershim) socket from the node.

## What it checks
A `hostPath` volume whose path ends in `docker.sock` or `dockershim.sock`.

Not reported: a pod that also mounts the containerd socket (a path ending
in `containerd.sock`, or the `/run/containerd` directory) and whose Docker
socket volume does not demand that the socket exist (`type` unset or
`DirectoryOrCreate`). Monitoring and security agents mount both and talk to
whichever runtime the node has; on EKS the Docker one is a leftover
fallback that does no harm. With `type: Socket` (or `File`) the pod cannot
start on a node without Docker, so that is still reported
(https://kubernetes.io/docs/concepts/storage/volumes/#hostpath-volume-types).

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

from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec
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


CONTAINERD = ("containerd.sock", "/run/containerd", "/var/run/containerd")
#: hostPath types under which the kubelet refuses to start the pod when the path is missing.
MUST_EXIST = ("Socket", "File")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        volumes = spec.get("volumes") if isinstance(spec.get("volumes"), list) else []
        host_paths = [_host_path(v) for v in volumes]
        has_containerd = any(p.endswith(CONTAINERD) for p, _ in host_paths)
        for index, volume in enumerate(volumes):
            target, kind = host_paths[index]
            if not target.endswith(SOCKETS):
                continue
            if has_containerd and kind not in MUST_EXIST:
                continue  # a fallback beside the containerd socket: the agent uses containerd
            yield workload.finding(
                f"volume {volume.get('name', '?')} mounts {target} from the node; EKS nodes run "
                "containerd only since Kubernetes 1.24: use a CRI-aware tool instead",
                (*path, "volumes", index, "hostPath", "path"),
            )


def _host_path(volume: object) -> tuple[str, str]:
    """(path without a trailing slash, type) of a hostPath volume; ("", "") for other volumes."""
    host_path = volume.get("hostPath") if isinstance(volume, dict) else None
    if not isinstance(host_path, dict):
        return "", ""
    return str(host_path.get("path") or "").rstrip("/"), str(host_path.get("type") or "")
