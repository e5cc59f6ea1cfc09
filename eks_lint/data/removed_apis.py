"""Kubernetes API versions removed from the API server, per kind.

Sources:
- https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (kubernetes/website
  content/en/docs/reference/using-api/deprecation-guide.md): the GA and beta removals
  in 1.16, 1.22, 1.25, 1.26, 1.27, 1.29 and 1.32 (the newest section of the copy
  checked on 2026-12-04 is v1.32; later removals are of alpha/beta APIs below).
  PodSecurityPolicy was served by extensions/v1beta1 until 1.16 (the 1.16 section and
  https://kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16/) and by
  policy/v1beta1 until 1.25.
- FairwindsOps/pluto versions.yaml for the 1.17 row and the alpha/beta removals the
  guide does not list (admission policy 1.33, DRA 1.34 and 1.36, VolumeAttributesClass
  1.35); summarised in shared/knowledge/eks-gotchas.md R2.
- storagemigration.k8s.io/v1alpha1 StorageVersionMigration: replaced by v1beta1 when
  the feature went beta in 1.35 (KEP-4192, kubernetes CHANGELOG-1.35); alpha, so only
  clusters that enabled it serve it.
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"

#: (apiVersion, kind) -> (removed in Kubernetes minor, replacement apiVersion)
REMOVED: dict[tuple[str, str], tuple[str, str]] = {}


def _add(version: str, api_versions: tuple[str, ...], kinds: tuple[str, ...], replacement: str) -> None:
    for api_version in api_versions:
        for kind in kinds:
            # An API is removed once: a second entry would silently overwrite the first.
            assert (api_version, kind) not in REMOVED, f"{api_version} {kind} listed twice"
            REMOVED[(api_version, kind)] = (version, replacement)


_add("1.16", ("extensions/v1beta1",), ("DaemonSet", "Deployment", "ReplicaSet"), "apps/v1")
_add("1.16", ("extensions/v1beta1",), ("NetworkPolicy",), "networking.k8s.io/v1")
_add(
    "1.16",
    ("extensions/v1beta1",),
    ("PodSecurityPolicy",),
    "none: use Pod Security Admission (policy/v1beta1 PodSecurityPolicy served until 1.25)",
)
_add("1.16", ("apps/v1beta1",), ("Deployment", "StatefulSet", "ReplicaSet"), "apps/v1")
_add("1.16", ("apps/v1beta2",), ("DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"), "apps/v1")
_add("1.17", ("scheduling.k8s.io/v1alpha1",), ("PriorityClass",), "scheduling.k8s.io/v1")
_add(
    "1.22",
    ("admissionregistration.k8s.io/v1beta1",),
    ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"),
    "admissionregistration.k8s.io/v1",
)
_add("1.22", ("apiextensions.k8s.io/v1beta1",), ("CustomResourceDefinition",), "apiextensions.k8s.io/v1")
_add("1.22", ("apiregistration.k8s.io/v1beta1",), ("APIService",), "apiregistration.k8s.io/v1")
_add("1.22", ("authentication.k8s.io/v1beta1",), ("TokenReview",), "authentication.k8s.io/v1")
_add(
    "1.22",
    ("authorization.k8s.io/v1beta1",),
    ("LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectRulesReview"),
    "authorization.k8s.io/v1",
)
_add("1.22", ("certificates.k8s.io/v1beta1",), ("CertificateSigningRequest",), "certificates.k8s.io/v1")
_add("1.22", ("coordination.k8s.io/v1beta1",), ("Lease",), "coordination.k8s.io/v1")
_add("1.22", ("extensions/v1beta1", "networking.k8s.io/v1beta1"), ("Ingress",), "networking.k8s.io/v1")
_add("1.22", ("networking.k8s.io/v1beta1",), ("IngressClass",), "networking.k8s.io/v1")
_add(
    "1.22",
    ("rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"),
    ("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"),
    "rbac.authorization.k8s.io/v1",
)
_add("1.22", ("scheduling.k8s.io/v1beta1",), ("PriorityClass",), "scheduling.k8s.io/v1")
_add(
    "1.22",
    ("storage.k8s.io/v1beta1",),
    ("CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"),
    "storage.k8s.io/v1",
)
_add("1.25", ("batch/v1beta1",), ("CronJob",), "batch/v1")
_add("1.25", ("discovery.k8s.io/v1beta1",), ("EndpointSlice",), "discovery.k8s.io/v1")
_add("1.25", ("events.k8s.io/v1beta1",), ("Event",), "events.k8s.io/v1")
_add("1.25", ("autoscaling/v2beta1",), ("HorizontalPodAutoscaler",), "autoscaling/v2")
_add("1.25", ("policy/v1beta1",), ("PodDisruptionBudget",), "policy/v1")
_add("1.25", ("policy/v1beta1",), ("PodSecurityPolicy",), "none: use Pod Security Admission")
_add("1.25", ("node.k8s.io/v1beta1",), ("RuntimeClass",), "node.k8s.io/v1")
_add(
    "1.26",
    ("flowcontrol.apiserver.k8s.io/v1beta1",),
    ("FlowSchema", "PriorityLevelConfiguration"),
    "flowcontrol.apiserver.k8s.io/v1",
)
_add("1.26", ("autoscaling/v2beta2",), ("HorizontalPodAutoscaler",), "autoscaling/v2")
_add("1.27", ("storage.k8s.io/v1beta1",), ("CSIStorageCapacity",), "storage.k8s.io/v1")
_add(
    "1.29",
    ("flowcontrol.apiserver.k8s.io/v1beta2",),
    ("FlowSchema", "PriorityLevelConfiguration"),
    "flowcontrol.apiserver.k8s.io/v1",
)
_add(
    "1.32",
    ("flowcontrol.apiserver.k8s.io/v1beta3",),
    ("FlowSchema", "PriorityLevelConfiguration"),
    "flowcontrol.apiserver.k8s.io/v1",
)
_add(
    "1.33",
    ("admissionregistration.k8s.io/v1alpha1",),
    ("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"),
    "admissionregistration.k8s.io/v1",
)
_add(
    "1.34",
    ("resource.k8s.io/v1alpha3",),
    ("ResourceClaim", "ResourceClaimTemplate", "DeviceClass", "ResourceSlice"),
    "resource.k8s.io/v1",
)
_add("1.35", ("storage.k8s.io/v1alpha1",), ("VolumeAttributesClass",), "storage.k8s.io/v1")
_add(
    "1.35",
    ("storagemigration.k8s.io/v1alpha1",),
    ("StorageVersionMigration",),
    "storagemigration.k8s.io/v1beta1",
)
_add(
    "1.36",
    ("resource.k8s.io/v1beta1",),
    ("ResourceClaim", "ResourceClaimTemplate", "DeviceClass", "ResourceSlice"),
    "resource.k8s.io/v1",
)
