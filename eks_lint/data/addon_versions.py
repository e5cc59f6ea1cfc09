"""EKS add-on versions per Kubernetes version: vpc-cni, coredns, kube-proxy.

Used only when a snapshot has no ``addon_versions`` (eks:DescribeAddonVersions)
for the Kubernetes version in question; live data always wins.

Sources:
- VPC CNI oldest recommended version per Kubernetes version: aws/amazon-vpc-cni-k8s
  README.md, section "Recommended Version" (summarised in shared/knowledge/eks-gotchas.md R4).
- Latest Amazon EKS add-on version per Kubernetes version: Amazon EKS User Guide,
  https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html (VPC CNI versions),
  https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html (CoreDNS versions),
  https://docs.aws.amazon.com/eks/latest/userguide/managing-kube-proxy.html (kube-proxy versions);
  the newest rows from the page versions seen on 2026-11-24, older rows from the 2024-12 and
  2025 versions of the same tables.
- The VPC CNI has no upper bound: the user guide lists the same newest release for every
  Kubernetes version it covers (v1.19.0 for 1.24-1.31 in 2025, v1.20.1 for 1.27-1.33 in
  2026) and the CNI README recommends the latest release for all of them, so a build
  newer than the table is never judged incompatible; the rows give only "the newest".
- CoreDNS and kube-proxy rows for 1.30-1.36 are from the newest version of those pages
  seen on 2026-12-04 (the translated user-guide copies carry the same tables).
- CoreDNS minors per Kubernetes version: every CoreDNS minor the same CoreDNS table has listed
  for that Kubernetes version across its versions (2024-12 to 2026). eks_lint.eks.addons also
  accepts the minors of the version before, because EKS has CoreDNS updated after the control
  plane (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html), so the previous
  version's CoreDNS runs on the new one until then. 1.36 lists v1.14 only (EKS Distro
  v1-36-eks-6 also ships CoreDNS v1.14.3).
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-03-31"

#: Kubernetes version -> oldest VPC CNI version the CNI README recommends for it.
VPC_CNI_OLDEST_RECOMMENDED: dict[str, str] = {
    "1.28": "v1.13.4",
    "1.29": "v1.14.1",
    "1.30": "v1.16.0",
    "1.31": "v1.16.4",
    "1.32": "v1.17.1",
    "1.33": "v1.17.1",
}

#: add-on -> Kubernetes version -> latest Amazon EKS add-on version listed for it.
LATEST: dict[str, dict[str, str]] = {
    "vpc-cni": {
        "1.23": "v1.18.5-eksbuild.1",
        "1.24": "v1.19.0-eksbuild.1",
        "1.25": "v1.19.0-eksbuild.1",
        "1.26": "v1.19.0-eksbuild.1",
        "1.27": "v1.20.1-eksbuild.3",
        "1.28": "v1.20.1-eksbuild.3",
        "1.29": "v1.20.1-eksbuild.3",
        "1.30": "v1.20.1-eksbuild.3",
        "1.31": "v1.20.1-eksbuild.3",
        "1.32": "v1.20.1-eksbuild.3",
        "1.33": "v1.20.1-eksbuild.3",
    },
    "coredns": {
        "1.23": "v1.8.7-eksbuild.18",
        "1.24": "v1.9.3-eksbuild.19",
        "1.25": "v1.9.3-eksbuild.19",
        "1.26": "v1.9.3-eksbuild.39",
        "1.27": "v1.10.1-eksbuild.35",
        "1.28": "v1.10.1-eksbuild.38",
        "1.29": "v1.11.4-eksbuild.24",
        "1.30": "v1.11.4-eksbuild.40",
        "1.31": "v1.11.4-eksbuild.40",
        "1.32": "v1.11.4-eksbuild.40",
        "1.33": "v1.12.4-eksbuild.18",
        "1.34": "v1.13.2-eksbuild.11",
        "1.35": "v1.14.3-eksbuild.3",
        "1.36": "v1.14.3-eksbuild.3",
    },
    "kube-proxy": {
        "1.23": "v1.23.17-eksbuild.20",
        "1.24": "v1.24.17-eksbuild.19",
        "1.25": "v1.25.16-eksbuild.22",
        "1.26": "v1.26.15-eksbuild.19",
        "1.27": "v1.27.16-eksbuild.41",
        "1.28": "v1.28.15-eksbuild.31",
        "1.29": "v1.29.15-eksbuild.16",
        "1.30": "v1.30.14-eksbuild.28",
        "1.31": "v1.31.14-eksbuild.20",
        "1.32": "v1.32.13-eksbuild.16",
        "1.33": "v1.33.10-eksbuild.13",
        "1.34": "v1.34.6-eksbuild.13",
        "1.35": "v1.35.3-eksbuild.13",
        "1.36": "v1.36.0-eksbuild.14",
    },
}

#: Kubernetes version -> CoreDNS minors the EKS user guide has listed for it.
COREDNS_MINORS: dict[str, tuple[str, ...]] = {
    "1.23": ("1.8",),
    "1.24": ("1.9",),
    "1.25": ("1.9",),
    "1.26": ("1.9",),
    "1.27": ("1.10",),
    "1.28": ("1.10",),
    "1.29": ("1.11",),
    "1.30": ("1.11",),
    "1.31": ("1.11",),
    "1.32": ("1.11",),
    "1.33": ("1.12", "1.13"),
    "1.34": ("1.12", "1.13"),
    "1.35": ("1.13", "1.14"),
    "1.36": ("1.14",),
}
