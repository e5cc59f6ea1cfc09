"""Node and pod features a Kubernetes version stops supporting: upgrade blockers
that are not API versions.

Sources:
- cgroup v1: "Kubernetes 1.35 deprecates cgroup v1 support, meaning the kubelet
  will refuse to start by default on nodes using cgroup v1" (Amazon EKS User Guide,
  https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-35;
  kubelet ``failCgroupV1``, KEP-5573). "AL2 supports cgroupv1, and AL2023 supports
  cgroupv2" (https://docs.aws.amazon.com/linux/al2023/ug/cgroupv2.html): an Amazon
  Linux 2 node runs the kubelet on cgroup v1. Fargate "continues to use cgroup v1"
  and is managed by EKS, so it is not reported.
- containerd 1.x: "Kubernetes 1.35 is the last release supporting containerd 1.x.
  You must switch to containerd 2.0 or later before upgrading to the next
  Kubernetes version" (same page, Kubernetes 1.35).
- gitRepo volumes: "The gitRepo volume type is permanently disabled in Kubernetes
  1.36 and cannot be re-enabled ... the kubelet will refuse to run them" (same
  page, Kubernetes 1.36; KEP-5040).
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"

#: The first Kubernetes minor whose kubelet refuses to start on cgroup v1 by default.
CGROUP_V1_FAILS_FROM = "1.35"

#: The first Kubernetes minor that no longer supports containerd 1.x.
CONTAINERD_2_REQUIRED_FROM = "1.36"

#: The first Kubernetes minor whose kubelet refuses to run gitRepo volumes.
GIT_REPO_DISABLED_FROM = "1.36"


def runs_cgroup_v1(os_image: str | None) -> bool:
    """``status.nodeInfo.osImage`` of an OS that runs cgroup v1: Amazon Linux 2, not AL2023."""
    text = str(os_image or "").strip()
    return text == "Amazon Linux 2" or text.startswith("Amazon Linux 2 ")
