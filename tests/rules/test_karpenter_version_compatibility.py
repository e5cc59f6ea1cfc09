from helpers import MANIFESTS, lint, located

from eks_lint.data.karpenter_compat import KARPENTER_MINIMUM

RULE = "karpenter-version-compatibility"
BAD = "fixtures/manifests/karpenter-version-compatibility/bad.yaml"
GOOD = str(MANIFESTS / RULE / "good.yaml")


def test_older_than_the_minimum_for_the_upgrade_target():
    outcome = lint("--select", RULE, "--k8s-version", "1.33", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [(BAD, 17, 18, RULE)]
    assert outcome.findings[0]["message"] == (
        "Karpenter 1.5.2 (controller) is older than 1.6.0, the oldest Karpenter that supports Kubernetes "
        "1.34 "
        "(the upgrade target, Karpenter's compatibility matrix): upgrade Karpenter to 1.6.0 or later before "
        "upgrading the control plane"
    )


def test_older_than_the_minimum_for_the_current_version():
    outcome = lint("--select", RULE, "--k8s-version", "1.34", BAD)
    assert outcome.findings[0]["message"] == (
        "Karpenter 1.5.2 (controller) is older than 1.6.0, the oldest Karpenter that supports Kubernetes "
        "1.34 "
        "(the cluster's version, Karpenter's compatibility matrix): upgrade Karpenter to 1.6.0 or later"
    )


def test_supported_versions_and_unlisted_kubernetes_versions_are_fine():
    assert lint("--select", RULE, "--k8s-version", "1.32", BAD).findings == []  # 1.5 supports 1.32 and 1.33
    assert lint("--select", RULE, "--k8s-version", "1.34", GOOD).findings == []  # 1.9 supports 1.35
    # 1.36 is not in the matrix when checked: not judged
    assert "1.36" not in KARPENTER_MINIMUM
    assert lint("--select", RULE, "--k8s-version", "1.36", BAD).findings == []


def test_matrix_minimums_never_decrease():
    from eks_lint.eks.versions import minor, parse

    rows = sorted(KARPENTER_MINIMUM.items(), key=lambda item: minor(item[0]))
    minimums = [parse(version) for _, version in rows]
    assert minimums == sorted(minimums)
    assert KARPENTER_MINIMUM["1.33"] == "1.5.0"
    assert KARPENTER_MINIMUM["1.35"] == "1.9.0"
