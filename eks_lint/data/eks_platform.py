"""EKS platform facts the control-plane, access and node rules share.

Sources:
- Default envelope encryption of all Kubernetes API data from Kubernetes 1.28:
  https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
  ("Default envelope encryption for all Kubernetes API data"; repeated in the
  eksctl guide https://docs.aws.amazon.com/eks/latest/eksctl/kms-encryption.html).
- Platform versions from which access entries (authenticationMode API /
  API_AND_CONFIG_MAP) are available: https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
  (prerequisites table; UG manage-access/k8s-access/grant-k8s-access.adoc).
- aws-auth keys: kubernetes-sigs/aws-iam-authenticator pkg/config/types.go
  (RoleMapping, UserMapping) and pkg/mapper/configmap/configmap.go (ParseMap
  reads mapUsers, mapRoles, mapAccounts; Go's JSON decoding matches keys
  case-insensitively and drops unknown keys).
- Tags: EKS tags a managed node group's Auto Scaling group ``eks:nodegroup-name``
  and ``k8s.io/cluster-autoscaler/enabled`` + ``k8s.io/cluster-autoscaler/<cluster>``
  (UG nodes/managed-node-groups.adoc); cluster-autoscaler's auto-discovery
  example uses the same two keys (kubernetes/autoscaler cluster-autoscaler/
  cloudprovider/aws/README.md).
- Cluster insight categories: the ``Category`` enum of the EKS API (ListInsights
  ``filter.categories``, DescribeInsight ``category``; botocore eks 2017-11-01,
  checked against botocore 1.44.8): UPGRADE_READINESS, MISCONFIGURATION and
  ROLLBACK_READINESS (https://docs.aws.amazon.com/eks/latest/APIReference/API_Insight.html).
  The collector lists insights without a category filter, so a category added
  later is read too; this table only documents the known ones.
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-05-31"

#: From this Kubernetes minor EKS envelope-encrypts all API data (Secrets included)
#: with an AWS-owned KMS key, with no configuration.
DEFAULT_ENVELOPE_ENCRYPTION_FROM = "1.28"

#: Kubernetes minor -> first platform version that supports access entries
#: (UG access-entries / add-user-role: the table lists 1.23-1.30; later minors
#: support them from their first platform version).
ACCESS_ENTRIES_MIN_PLATFORM: dict[str, int] = {
    "1.23": 17,
    "1.24": 15,
    "1.25": 12,
    "1.26": 11,
    "1.27": 10,
    "1.28": 6,
    "1.29": 1,
    "1.30": 2,
}

#: The data keys the authenticator reads from kube-system/aws-auth.
AWS_AUTH_DATA_KEYS = ("mapRoles", "mapUsers", "mapAccounts")
#: Keys of one mapRoles / mapUsers entry (compared case-insensitively, like Go's JSON decoder).
AWS_AUTH_ROLE_KEYS = ("rolearn", "sso", "username", "groups", "userid")
AWS_AUTH_USER_KEYS = ("userarn", "username", "groups", "userid")

MANAGED_NODEGROUP_TAG = "eks:nodegroup-name"
CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/"
AUTOSCALER_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled"
AUTOSCALER_CLUSTER_TAG_PREFIX = "k8s.io/cluster-autoscaler/"

#: Every cluster insight category the EKS API defines (none is assumed to be the only one).
INSIGHT_CATEGORIES = ("UPGRADE_READINESS", "MISCONFIGURATION", "ROLLBACK_READINESS")
