"""Which pods a Fargate profile selects.

EKS matches a pod against every profile's selectors when the pod is created:
the pod's namespace must match the selector's namespace and the pod must carry
every label the selector lists; both may use the wildcards ``*`` and ``?``.
When several profiles match, EKS picks one by profile name in alphabetical
order. Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html
(Fargate profile components; wildcards since 2022).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from eks_lint.eks.k8s import pod_labels, pod_template_annotations
from eks_lint.engine.model import K8sObject

#: Profiles in these states select no new pods.
INACTIVE = frozenset({"DELETING", "CREATE_FAILED", "DELETE_FAILED"})
#: Pod annotation that keeps a pod off Fargate even when a profile matches
#: (the CoreDNS EC2 default). Source: UG fargate-getting-started, "Update CoreDNS".
COMPUTE_TYPE = "eks.amazonaws.com/compute-type"


def selector_matches(selector: Any, namespace: str, labels: dict[str, Any]) -> bool:
    if not isinstance(selector, dict):
        return False
    pattern = str(selector.get("namespace") or "")
    if not pattern or not fnmatchcase(namespace, pattern):
        return False
    wanted = selector.get("labels") or {}
    if not isinstance(wanted, dict):
        return False
    for key_pattern, value_pattern in wanted.items():
        if not any(
            fnmatchcase(str(key), str(key_pattern)) and fnmatchcase(str(value), str(value_pattern))
            for key, value in labels.items()
        ):
            return False
    return True


def profile_for(namespace: str, labels: dict[str, Any], profiles: Any) -> dict[str, Any] | None:
    """The Fargate profile (DescribeFargateProfile shape) that would run such a pod, or None."""
    if not isinstance(profiles, list):
        return None
    candidates = sorted(
        (p for p in profiles if isinstance(p, dict) and p.get("status") not in INACTIVE),
        key=lambda p: str(p.get("fargateProfileName", "")),
    )
    for profile in candidates:
        selectors = profile.get("selectors")
        if any(
            selector_matches(s, namespace, labels) for s in (selectors if isinstance(selectors, list) else [])
        ):
            return profile
    return None


def workload_profile(workload: K8sObject, profiles: Any) -> dict[str, Any] | None:
    """The profile that runs the workload's pods on Fargate, or None (they run on EC2 nodes)."""
    if str(pod_template_annotations(workload).get(COMPUTE_TYPE, "")).lower() == "ec2":
        return None
    return profile_for(workload.namespace or "default", pod_labels(workload), profiles)
