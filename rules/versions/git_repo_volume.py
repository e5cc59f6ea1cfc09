"""A pod uses a `gitRepo` volume, which the kubelet refuses to run from Kubernetes 1.36.

## What it checks
Every volume of a workload's pod template (Pods, Deployments, StatefulSets,
DaemonSets, Jobs, CronJobs, ...) with a `gitRepo` source, when the version
checked (`--target-version` for an upgrade, else `--k8s-version`, else the
cluster's version, else the newest EKS version known) is 1.36 or later.

## Why it matters on EKS
`gitRepo` is permanently disabled in Kubernetes 1.36 and cannot be
re-enabled: the API server still accepts the pod, but the kubelet refuses to
run it, so the workload stops starting on nodes upgraded to 1.36. EKS lists
it as "action required" before upgrading to 1.36.

## How to fix
Clone the repository in an init container into an `emptyDir` volume, or run
a git-sync sidecar.

## Example
```yaml
initContainers:
  - name: clone
    image: alpine/git:2.45.2
    args: [clone, --depth=1, https://github.com/example/config.git, /repo]
    volumeMounts: [{name: repo, mountPath: /repo}]
volumes:
  - name: repo
    emptyDir: {}
```

Threshold: Kubernetes 1.36 (`eks_lint/data/node_runtime.py`).
Source: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-36
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.node_runtime import GIT_REPO_DISABLED_FROM
from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec
from eks_lint.eks.versions import minor
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS210",
    name="git-repo-volume",
    severity="error",
    summary="A pod uses a gitRepo volume, which the kubelet refuses to run from Kubernetes 1.36.",
    needs=("kubernetes",),
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-36",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    settings = inventory.settings
    version = settings.get("target_version") or settings.get("k8s_version")
    checked, disabled = minor(version), minor(GIT_REPO_DISABLED_FROM)
    if checked is None or disabled is None or checked < disabled:
        return
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        volumes = spec.get("volumes")
        for index, volume in enumerate(volumes if isinstance(volumes, list) else []):
            if isinstance(volume, dict) and "gitRepo" in volume:
                yield workload.finding(
                    f"volume {volume.get('name', '?')} is a gitRepo volume, which the kubelet refuses to run "
                    f"from Kubernetes {GIT_REPO_DISABLED_FROM} (checked against {version}): clone the "
                    "repository in an init container into an emptyDir volume, or use a git-sync sidecar",
                    (*path, "volumes", index, "gitRepo"),
                )
