"""EKS managed node group AMI types, and Amazon Linux 2 end of life.

Amazon EKS published no EKS-optimized Amazon Linux 2 AMIs after 2025-11-26;
Kubernetes 1.32 is the last version with AL2 AMIs, and 1.33 and later have only
AL2023 and Bottlerocket AMIs. Sources: Amazon EKS User Guide, "Build a custom
Amazon Linux AMI" and https://docs.aws.amazon.com/eks/latest/userguide/eks-ami-deprecation-faqs.html;
awslabs/amazon-eks-ami#2545; summarised in shared/knowledge/eks-gotchas.md (R1, MNG-05).

AMI type names: the ``AMITypes`` enum of the EKS API
(https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html#AmazonEKS-Type-Nodegroup-amiType;
botocore eks 2017-11-01 service model, checked against botocore 1.44.8 by
tests/data/test_ami_types.py). Accelerated AMIs: AL2023 has an NVIDIA variant
(x86_64 and ARM) and a Neuron variant for AWS Inferentia and Trainium instances
(``AL2023_x86_64_NEURON``); AL2's single GPU AMI served both, so an AL2 GPU node
group on inf*/trn* instances moves to the Neuron type, not the NVIDIA one
(https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html).
"""

from __future__ import annotations

from datetime import date

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"

#: Every value of the EKS API's AMITypes enum.
AMI_TYPES = frozenset(
    {
        "AL2_x86_64",
        "AL2_x86_64_GPU",
        "AL2_ARM_64",
        "CUSTOM",
        "BOTTLEROCKET_ARM_64",
        "BOTTLEROCKET_x86_64",
        "BOTTLEROCKET_ARM_64_FIPS",
        "BOTTLEROCKET_x86_64_FIPS",
        "BOTTLEROCKET_ARM_64_NVIDIA",
        "BOTTLEROCKET_x86_64_NVIDIA",
        "BOTTLEROCKET_ARM_64_NVIDIA_FIPS",
        "BOTTLEROCKET_x86_64_NVIDIA_FIPS",
        "WINDOWS_CORE_2019_x86_64",
        "WINDOWS_FULL_2019_x86_64",
        "WINDOWS_CORE_2022_x86_64",
        "WINDOWS_FULL_2022_x86_64",
        "WINDOWS_CORE_2025_x86_64",
        "WINDOWS_FULL_2025_x86_64",
        "AL2023_x86_64_STANDARD",
        "AL2023_ARM_64_STANDARD",
        "AL2023_x86_64_NEURON",
        "AL2023_x86_64_NVIDIA",
        "AL2023_ARM_64_NVIDIA",
    }
)

#: Managed node group ``amiType`` values that are Amazon Linux 2.
AL2_AMI_TYPES = frozenset({"AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64"})

#: The last day EKS published EKS-optimized AL2 AMIs.
AL2_LAST_AMI = date(2025, 11, 26)

#: The newest Kubernetes version with EKS-optimized AL2 AMIs.
AL2_LAST_KUBERNETES = "1.32"

#: What to move to, per AL2 AMI type (GPU: NVIDIA instances; see al2_replacement).
AL2_REPLACEMENT = {
    "AL2_x86_64": "AL2023_x86_64_STANDARD",
    "AL2_x86_64_GPU": "AL2023_x86_64_NVIDIA",
    "AL2_ARM_64": "AL2023_ARM_64_STANDARD",
}

#: Instance families with AWS Inferentia or Trainium chips (Neuron AMIs).
NEURON_FAMILIES = ("inf1", "inf2", "trn1", "trn1n", "trn2")


def al2_replacement(ami_type: str, instance_types: list[str] | tuple[str, ...] = ()) -> str | None:
    """The AL2023 AMI type that replaces an AL2 one; Neuron for AL2 GPU groups on inf*/trn*."""
    families = {str(t).split(".", 1)[0] for t in instance_types or ()}
    if ami_type == "AL2_x86_64_GPU" and families and families <= set(NEURON_FAMILIES):
        return "AL2023_x86_64_NEURON"
    return AL2_REPLACEMENT.get(ami_type)
