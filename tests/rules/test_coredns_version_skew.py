from versions_helpers import findings, inventory

RULE = "coredns-version-skew"


def test_add_on_not_listed_by_describe_addon_versions():
    assert findings(RULE, inventory(f"{RULE}/bad.json")) == [
        (
            RULE,
            "arn:aws:eks:eu-west-1:111122223333:addon/prod/coredns/3ec6f1d2-3922-4a5b-8c9d-0e1f2a3b4c5d",
            "warning",
            "CoreDNS v1.10.1-eksbuild.38 (the coredns add-on) is not compatible with Kubernetes 1.33 "
            "(DescribeAddonVersions lists v1.11.4-eksbuild.14 to v1.12.1-eksbuild.2): update it to "
            "v1.12.1-eksbuild.2",
        )
    ]


def test_self_managed_deployment_checked_against_the_data_table():
    assert findings(RULE, inventory(f"{RULE}/bad-self-managed.json")) == [
        (
            RULE,
            "Deployment/kube-system/coredns",
            "warning",
            "CoreDNS v1.9.3-eksbuild.39 (the Deployment kube-system/coredns image) is not compatible with "
            "Kubernetes 1.31 (the eks-lint data table lists v1.11.x): update it to v1.11.4-eksbuild.40",
        )
    ]


def test_unknown_kubernetes_version_says_nothing():
    inv = inventory(f"{RULE}/bad-self-managed.json")
    inv.parts["cluster"]["version"] = "1.40"
    assert findings(RULE, inv) == []


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []
    assert findings(RULE, inventory("problems.json", today="2026-11-20")) == []
