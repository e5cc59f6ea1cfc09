from versions_helpers import findings, inventory

RULE = "addon-blocks-upgrade"


def test_add_on_incompatible_with_the_next_version_names_a_version_for_both():
    assert findings(RULE, inventory(f"{RULE}/bad.json")) == [
        (
            RULE,
            "arn:aws:eks:eu-west-1:111122223333:addon/prod/aws-ebs-csi-driver/3ec6f1d2-9612-4a5b-8c9d-0e1f2a3b4c5d",
            "error",
            "aws-ebs-csi-driver v1.38.1-eksbuild.2 (the aws-ebs-csi-driver add-on) is not compatible with "
            "Kubernetes 1.34 (DescribeAddonVersions lists v1.44.0-eksbuild.1): update it to "
            "v1.44.0-eksbuild.1 (compatible with 1.33 and 1.34) before upgrading the control plane",
        )
    ]


def test_target_version_not_covered_by_describe_addon_versions_uses_the_table_or_says_nothing():
    # DescribeAddonVersions in the fixture covers 1.33 and 1.34 only; for 1.35 the table knows
    # CoreDNS (v1.12 to v1.14: the minors for 1.35 and 1.34) and nothing about the EBS CSI driver
    # or the Pod Identity agent.
    inv = inventory(f"{RULE}/bad.json", target_version="1.35")
    assert findings(RULE, inv) == []
    inv.parts["addons"][1]["addonVersion"] = "v1.11.4-eksbuild.33"
    result = findings(RULE, inv)
    assert [(resource.rsplit("/", 2)[-2], severity) for _, resource, severity, _ in result] == [
        ("coredns", "error")
    ]
    assert "(the eks-lint data table lists v1.12.x to v1.14.x)" in result[0][3]


def test_self_managed_coredns_from_the_deployment_image():
    assert findings(RULE, inventory(f"{RULE}/bad-self-managed.json")) == [
        (
            RULE,
            "Deployment/kube-system/coredns",
            "error",
            "coredns v1.10.1-eksbuild.38 (the Deployment kube-system/coredns image) is not compatible with "
            "Kubernetes 1.33 (the eks-lint data table lists v1.11.x to v1.13.x): update it to a version "
            "compatible with 1.33 before upgrading the control plane",
        )
    ]


def test_vpc_cni_update_goes_one_minor_at_a_time():
    inv = inventory(f"{RULE}/bad.json")
    inv.parts["addons"][0]["addonVersion"] = "v1.17.1-eksbuild.1"
    inv.parts["addon_versions"][0]["addonVersions"].append(
        {
            "addonVersion": "v1.17.1-eksbuild.1",
            "compatibilities": [
                {"clusterVersion": "1.33", "platformVersions": ["*"], "defaultVersion": False}
            ],
        }
    )
    messages = [m for _, resource, _, m in findings(RULE, inv) if "/vpc-cni/" in resource]
    assert messages == [
        "vpc-cni v1.17.1-eksbuild.1 (the vpc-cni add-on) is not compatible with Kubernetes 1.34 "
        "(DescribeAddonVersions lists v1.19.5-eksbuild.3): update it to v1.19.5-eksbuild.3 (compatible with "
        "1.33 and 1.34), one minor at a time, before upgrading the control plane"
    ]


def test_kube_proxy_is_left_to_its_skew_rule():
    inv = inventory(f"{RULE}/bad.json")
    assert not [r for _, r, _, _ in findings(RULE, inv) if "/kube-proxy/" in r]


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []


def test_problems_snapshot_coredns_must_move_before_1_32():
    [(_, resource, severity, message)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert "/coredns/" in resource and severity == "error"
    assert message.startswith(
        "coredns v1.10.1-eksbuild.7 (the coredns add-on) is not compatible with Kubernetes 1.32"
    )
