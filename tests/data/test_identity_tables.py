"""The identity rules' fact tables: image matching and the IMDS defaults per AMI family."""

import pytest

from eks_lint.data.aws_workloads import ADDON_SERVICE_ACCOUNTS, component_for, image_repository
from eks_lint.data.imds_defaults import defaults_for


@pytest.mark.parametrize(
    ("image", "repository"),
    [
        ("public.ecr.aws/eks/aws-load-balancer-controller:v2.11.0", "eks/aws-load-balancer-controller"),
        (
            "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/aws-ebs-csi-driver:v1.41.0",
            "eks/aws-ebs-csi-driver",
        ),
        ("registry.k8s.io/external-dns/external-dns@sha256:abc", "external-dns/external-dns"),
        ("localhost:5000/karpenter/controller:1.5.0", "karpenter/controller"),
        ("amazon/aws-for-fluent-bit", "amazon/aws-for-fluent-bit"),
        ("nginx:1.27", "nginx"),
    ],
)
def test_image_repository(image, repository):
    assert image_repository(image) == repository


@pytest.mark.parametrize(
    ("image", "name"),
    [
        ("public.ecr.aws/eks/aws-load-balancer-controller:v2.11.0", "AWS Load Balancer Controller"),
        ("public.ecr.aws/karpenter/controller:1.5.0", "Karpenter"),
        ("public.ecr.aws/aws-controllers-k8s/s3-controller:1.0.20", "an ACK controller"),
        ("ghcr.io/external-secrets/external-secrets:v0.16.1", "external-secrets"),
        ("nginx:1.27", None),
        ("example.com/not-aws-load-balancer-controller:1", None),
    ],
)
def test_component_for(image, name):
    component = component_for(image)
    assert (component.name if component else None) == name


def test_imds_defaults_per_ami_family():
    assert defaults_for("AL2023_ARM_64_STANDARD") == ("required", 1)
    assert defaults_for("AL2_x86_64_GPU") == ("optional", 2)
    assert defaults_for("BOTTLEROCKET_x86_64_NVIDIA") == ("required", 2)
    assert defaults_for("WINDOWS_CORE_2022_x86_64") is None
    assert defaults_for(None) is None


def test_addon_service_accounts():
    assert ADDON_SERVICE_ACCOUNTS["vpc-cni"] == ("kube-system", "aws-node")
