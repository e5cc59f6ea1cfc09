"""eks_lint.eks.addons: installed versions, compatibility lookup and its fallback to the data table."""

from versions_helpers import inventory

from eks_lint.eks import addons


def test_version_key_orders_numbers_then_eksbuild():
    versions = ["v1.9.3-eksbuild.39", "v1.10.1-eksbuild.7", "v1.10.1-eksbuild.38", "v1.10.1-eksbuild.8"]
    assert sorted(versions, key=addons.version_key) == [
        "v1.9.3-eksbuild.39",
        "v1.10.1-eksbuild.7",
        "v1.10.1-eksbuild.8",
        "v1.10.1-eksbuild.38",
    ]


def test_image_tag_and_registry_region():
    image = "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.0-eksbuild.1"
    assert addons.image_tag(image) == "v1.19.0-eksbuild.1"
    assert addons.image_region(image) == "eu-west-1"
    assert addons.image_region(
        "961992271922.dkr.ecr.cn-northwest-1.amazonaws.com.cn/amazon-k8s-cni:v1.19.0"
    ) == ("cn-northwest-1")
    assert addons.image_region("registry.k8s.io/kube-proxy:v1.33.0") is None
    assert addons.image_tag("localhost:5000/amazon-k8s-cni") is None
    assert addons.image_tag("repo/coredns:v1.11.4@sha256:abc") == "v1.11.4"


def test_installed_prefers_the_add_on_over_the_workload():
    inv = inventory("vpc-cni-version-skew/good.json")
    found = addons.installed(inv, "vpc-cni")
    assert (found.version, found.origin) == ("v1.19.5-eksbuild.3", "the vpc-cni add-on")
    inv.parts["addons"] = []
    found = addons.installed(inv, "vpc-cni")
    assert found.origin == "the DaemonSet kube-system/aws-node image"
    assert found.path == ("spec", "template", "spec", "containers", 0, "image")
    assert addons.installed(inv, "coredns") is None


def test_live_compatibility_wins_and_says_so():
    inv = inventory("vpc-cni-version-skew/bad-incompatible.json")
    verdict = addons.compatibility(inv, "vpc-cni", "v1.12.6-eksbuild.2", "1.33")
    assert (verdict.compatible, verdict.source) == (False, "DescribeAddonVersions")
    assert verdict.span() == "v1.16.0-eksbuild.1 to v1.20.1-eksbuild.3"
    assert addons.compatibility(inv, "vpc-cni", "v1.18.6-eksbuild.1", "1.33").compatible is True


def test_falls_back_to_the_table_when_live_data_does_not_cover_the_version():
    inv = inventory("vpc-cni-version-skew/bad-incompatible.json")  # DescribeAddonVersions covers 1.33, 1.34
    verdict = addons.compatibility(inv, "coredns", "v1.10.1-eksbuild.38", "1.31")
    assert (verdict.compatible, verdict.source) == (False, "the eks-lint data table")
    assert addons.compatibility(inv, "coredns", "v1.11.4-eksbuild.33", "1.31").compatible is True
    assert addons.compatibility(inv, "aws-ebs-csi-driver", "v1.30.0-eksbuild.1", "1.31").compatible is None
    assert addons.compatibility(inv, "coredns", "v1.11.4-eksbuild.33", "1.99").compatible is None


def test_kube_proxy_compatibility_is_the_skew_policy():
    inv = inventory("kube-proxy-version-skew/good.json")
    assert addons.compatibility(inv, "kube-proxy", "v1.30.14-eksbuild.8", "1.33").compatible is True
    assert addons.compatibility(inv, "kube-proxy", "v1.29.15-eksbuild.16", "1.33").compatible is False
    assert addons.compatibility(inv, "kube-proxy", "v1.34.1-eksbuild.2", "1.33").compatible is False


def test_newest_default_and_compatible_with_both():
    inv = inventory("addon-blocks-upgrade/bad.json")
    assert addons.newest(inv, "coredns", "1.34") == ("v1.13.2-eksbuild.7", "DescribeAddonVersions")
    assert addons.default(inv, "coredns", "1.33") == ("v1.12.1-eksbuild.2", "DescribeAddonVersions")
    assert addons.compatible_with_both(inv, "aws-ebs-csi-driver", "1.33", "1.34") == "v1.44.0-eksbuild.1"
    assert addons.compatible_with_both(inv, "aws-ebs-csi-driver", "1.33", "1.35") is None
    assert addons.newest(inv, "kube-proxy", "1.35") == ("v1.35.3-eksbuild.13", "the eks-lint data table")


def test_oldest_recommended_vpc_cni_uses_the_nearest_listed_version():
    assert addons.oldest_recommended_vpc_cni("1.31") == ("v1.16.4", "1.31")
    assert addons.oldest_recommended_vpc_cni("1.35") == ("v1.17.1", "1.33")
    assert addons.oldest_recommended_vpc_cni("1.27") is None


def test_cluster_region_from_the_arn():
    assert addons.cluster_region(inventory("healthy.json")) == "eu-west-1"
