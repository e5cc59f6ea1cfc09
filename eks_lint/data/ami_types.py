"""Amazon Linux 2 end of life for EKS-optimized AMIs.

Amazon EKS published no EKS-optimized Amazon Linux 2 AMIs after 2025-11-26;
Kubernetes 1.32 is the last version with AL2 AMIs, and 1.33 and later have only
AL2023 and Bottlerocket AMIs. Sources: Amazon EKS User Guide, "Build a custom
Amazon Linux AMI" and https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html;
awslabs/amazon-eks-ami#2545; summarised in shared/knowledge/eks-gotchas.md (R1, MNG-05).
The AMI type names are the ``AMITypes`` enum of the EKS API (botocore eks 2017-11-01).
"""

from __future__ import annotations

from datetime import date

CHECKED = "2026-11-24"
REVIEW_BY = "2027-06-30"

#: Managed node group ``amiType`` values that are Amazon Linux 2.
AL2_AMI_TYPES = frozenset({"AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64"})

#: The last day EKS published EKS-optimized AL2 AMIs.
AL2_LAST_AMI = date(2025, 11, 26)

#: The newest Kubernetes version with EKS-optimized AL2 AMIs.
AL2_LAST_KUBERNETES = "1.32"

#: What to move to, per AL2 AMI type.
AL2_REPLACEMENT = {
    "AL2_x86_64": "AL2023_x86_64_STANDARD",
    "AL2_x86_64_GPU": "AL2023_x86_64_NVIDIA",
    "AL2_ARM_64": "AL2023_ARM_64_STANDARD",
}
