"""The corrected version, API, add-on and AMI tables, and the rules that read them."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import lint, located
from versions_helpers import findings, inventory

from eks_lint.data import addon_versions, ami_types, eks_versions, removed_apis
from eks_lint.data.aws_workloads import ADDON_SERVICE_ACCOUNTS, addon_service_account
from eks_lint.eks import addons

BAD_PSP_SVM = "fixtures/manifests/removed-api-version/bad-psp-svm.yaml"


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


# --- EKS calendar ---------------------------------------------------------------------------


def test_calendar_has_1_36_and_it_is_the_newest():
    assert eks_versions.CALENDAR["1.36"] == (date(2026, 6, 2), date(2027, 8, 2), date(2028, 8, 2))
    assert eks_versions.CALENDAR["1.34"] == (date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2))
    assert eks_versions.newest() == "1.36"


@pytest.mark.parametrize("version", ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36"])
def test_recent_rows_follow_14_plus_12_months(version):
    released, standard, extended = eks_versions.CALENDAR[version]
    # 1.29-1.33 were released late in a month and keep the day; the page rounds 1.29's to the 23rd.
    assert standard.day == extended.day
    assert (standard.year * 12 + standard.month) - (released.year * 12 + released.month) == 14
    assert extended == _months_later(standard, 12)


def test_the_release_cadence_covers_every_gap_in_the_calendar():
    releases = sorted(row[0] for row in eks_versions.CALENDAR.values())
    gaps = [(later - earlier).days for earlier, later in zip(releases, releases[1:], strict=False)]
    assert max(gaps) == 126
    assert eks_versions.RELEASE_CADENCE_DAYS >= max(gaps)
    assert eks_versions.missing_release_after() == date(2026, 10, 30)


def test_extended_support_price_is_six_times_standard():
    assert (eks_versions.STANDARD_SUPPORT_PER_HOUR, eks_versions.EXTENDED_SUPPORT_PER_HOUR) == (
        "0.10",
        "0.60",
    )


def test_1_34_entered_extended_support_on_2_december_2026():
    inv = inventory("cluster-version-support/cluster-1.32-no-versions.json", today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.34"
    inv.parts.pop("cluster_versions", None)
    [(_, _, severity, message)] = findings("cluster-version-support", inv)
    assert severity == "warning"
    assert message == (
        "Kubernetes 1.34 has been in extended support since 2026-12-02 (dates from the eks-lint version "
        "calendar), billed $0.60 per cluster-hour instead of $0.10 (AWS extended-support pricing, US East); "
        "it ends on 2027-12-02, in 363 days, and then EKS upgrades the control plane itself: upgrade to 1.35"
    )


def test_a_1_36_cluster_is_in_standard_support_by_the_calendar():
    inv = inventory("cluster-version-support/cluster-1.32-no-versions.json", today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.36"
    inv.parts.pop("cluster_versions", None)
    assert findings("cluster-version-support", inv) == []


# --- removed APIs ---------------------------------------------------------------------------


def test_extensions_psp_was_removed_in_1_16_and_policy_psp_in_1_25():
    assert removed_apis.REMOVED[("extensions/v1beta1", "PodSecurityPolicy")][0] == "1.16"
    assert removed_apis.REMOVED[("policy/v1beta1", "PodSecurityPolicy")] == (
        "1.25",
        "none: use Pod Security Admission",
    )


def test_storage_version_migration_v1alpha1_was_removed_in_1_35():
    assert removed_apis.REMOVED[("storagemigration.k8s.io/v1alpha1", "StorageVersionMigration")] == (
        "1.35",
        "storagemigration.k8s.io/v1beta1",
    )


def test_an_api_cannot_be_listed_twice():
    with pytest.raises(AssertionError, match="listed twice"):
        removed_apis._add("1.99", ("policy/v1beta1",), ("PodDisruptionBudget",), "policy/v1")
    assert removed_apis.REMOVED[("policy/v1beta1", "PodDisruptionBudget")][0] == "1.25"


def test_rule_reports_extensions_psp_from_1_16_and_storage_migration_from_1_35():
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.16", BAD_PSP_SVM)
    assert located(outcome.findings) == [(BAD_PSP_SVM, 1, 13, "removed-api-version")]
    assert outcome.findings[0]["message"] == (
        "extensions/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.16 (checked against 1.16): "
        "none: use Pod Security Admission (policy/v1beta1 PodSecurityPolicy served until 1.25)"
    )
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.15", BAD_PSP_SVM)
    assert outcome.findings == []
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.34", BAD_PSP_SVM)
    assert located(outcome.findings) == [(BAD_PSP_SVM, 1, 13, "removed-api-version")]
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.35", BAD_PSP_SVM)
    assert located(outcome.findings) == [
        (BAD_PSP_SVM, 1, 13, "removed-api-version"),
        (BAD_PSP_SVM, 8, 13, "removed-api-version"),
    ]
    assert outcome.findings[1]["message"] == (
        "storagemigration.k8s.io/v1alpha1 StorageVersionMigration was removed in Kubernetes 1.35 "
        "(checked against 1.35): use storagemigration.k8s.io/v1beta1"
    )


# --- add-on versions ------------------------------------------------------------------------


def test_coredns_and_kube_proxy_rows_for_1_35_and_1_36():
    assert addon_versions.LATEST["coredns"]["1.35"] == "v1.14.3-eksbuild.3"
    assert addon_versions.LATEST["coredns"]["1.36"] == "v1.14.3-eksbuild.3"
    assert addon_versions.LATEST["kube-proxy"]["1.35"] == "v1.35.3-eksbuild.13"
    assert addon_versions.LATEST["kube-proxy"]["1.36"] == "v1.36.0-eksbuild.14"
    assert addon_versions.COREDNS_MINORS["1.36"] == ("1.14",)


def test_coredns_on_1_36_accepts_1_13_and_1_14_and_nothing_older():
    inv = inventory({})
    assert addons.compatibility(inv, "coredns", "v1.14.3-eksbuild.3", "1.36").compatible is True
    assert addons.compatibility(inv, "coredns", "v1.13.2-eksbuild.11", "1.36").compatible is True
    verdict = addons.compatibility(inv, "coredns", "v1.12.4-eksbuild.18", "1.36")
    assert (verdict.compatible, verdict.versions) == (False, ("v1.13.x", "v1.14.x"))


def test_vpc_cni_table_has_no_upper_bound():
    inv = inventory({})
    for k8s in ("1.30", "1.33", "1.36"):
        verdict = addons.compatibility(inv, "vpc-cni", "v1.21.1-eksbuild.1", k8s)
        assert verdict.compatible is None
    # the newest listed release is the newest for versions past the page's rows, not for older ones
    assert addons.newest(inv, "vpc-cni", "1.36") == ("v1.20.1-eksbuild.3", addons.TABLE)
    assert addons.newest(inv, "vpc-cni", "1.23") == ("v1.18.5-eksbuild.1", addons.TABLE)


def test_self_managed_vpc_cni_newer_than_the_table_is_not_reported():
    inv = inventory("vpc-cni-version-skew/bad-daemonset.json")
    inv.parts.pop("addon_versions", None)
    daemonset = addons.workload(inv, "vpc-cni")
    for container in daemonset.data["spec"]["template"]["spec"]["containers"]:
        container["image"] = "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.21.1-eksbuild.1"
    for container in daemonset.data["spec"]["template"]["spec"].get("initContainers", []):
        container["image"] = (
            "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init:v1.21.1-eksbuild.1"
        )
    assert findings("vpc-cni-version-skew", inv) == []


def test_add_on_service_account_follows_namespace_config():
    addon = {"addonName": "aws-ebs-csi-driver"}
    assert addon_service_account(addon) == ("kube-system", "ebs-csi-controller-sa")
    addon["namespaceConfig"] = {"namespace": "storage"}
    assert addon_service_account(addon) == ("storage", "ebs-csi-controller-sa")
    assert addon_service_account({"addonName": "unknown", "namespaceConfig": {"namespace": "x"}}) is None


def test_fsx_csi_driver_account_is_known():
    assert ADDON_SERVICE_ACCOUNTS["aws-fsx-csi-driver"] == ("kube-system", "fsx-csi-controller-sa")


# --- AMI types ------------------------------------------------------------------------------


def test_ami_types_are_the_eks_api_enum():
    import botocore.session

    model = botocore.session.get_session().get_service_model("eks")
    assert ami_types.AMI_TYPES == frozenset(model.shape_for("AMITypes").enum)
    assert ami_types.AL2_AMI_TYPES <= ami_types.AMI_TYPES
    assert set(ami_types.AL2_REPLACEMENT.values()) <= ami_types.AMI_TYPES
    assert {"AL2023_x86_64_NEURON", "AL2023_ARM_64_NVIDIA", "WINDOWS_FULL_2025_x86_64"} <= ami_types.AMI_TYPES
    assert "BOTTLEROCKET_x86_64_NVIDIA_FIPS" in ami_types.AMI_TYPES


def test_al2_gpu_on_inferentia_or_trainium_moves_to_neuron():
    assert (
        ami_types.al2_replacement("AL2_x86_64_GPU", ["inf2.xlarge", "trn1.2xlarge"]) == "AL2023_x86_64_NEURON"
    )
    assert ami_types.al2_replacement("AL2_x86_64_GPU", ["g5.xlarge"]) == "AL2023_x86_64_NVIDIA"
    assert ami_types.al2_replacement("AL2_x86_64_GPU", ["g5.xlarge", "inf2.xlarge"]) == "AL2023_x86_64_NVIDIA"
    assert ami_types.al2_replacement("AL2_x86_64_GPU") == "AL2023_x86_64_NVIDIA"
    assert ami_types.al2_replacement("AL2_ARM_64", ["m7g.large"]) == "AL2023_ARM_64_STANDARD"


def test_al2_rule_names_the_neuron_type_for_an_inferentia_group():
    inv = inventory("al2-ami-end-of-life/bad.json")
    gpu = next(g for g in inv.parts["nodegroups"] if g["nodegroupName"] == "gpu")
    gpu["instanceTypes"] = ["inf2.8xlarge"]
    messages = [m for _, resource, _, m in findings("al2-ami-end-of-life", inv) if "/gpu/" in resource]
    assert messages == [
        "node group gpu uses AL2_x86_64_GPU and there are no Amazon Linux 2 AMIs for Kubernetes 1.33 "
        "(1.32 was the last): it cannot be upgraded; replace it with a node group on "
        "AL2023_x86_64_NEURON or Bottlerocket before upgrading"
    ]


def test_coredns_rule_on_a_1_36_cluster_reads_the_1_36_row():
    inv = inventory("coredns-version-skew/bad-self-managed.json")
    inv.parts["cluster"]["version"] = "1.36"
    [(_, resource, severity, message)] = findings("coredns-version-skew", inv)
    assert (resource, severity) == ("Deployment/kube-system/coredns", "warning")
    assert message == (
        "CoreDNS v1.9.3-eksbuild.39 (the Deployment kube-system/coredns image) is not compatible with "
        "Kubernetes 1.36 (the eks-lint data table lists v1.13.x to v1.14.x): update it to v1.14.3-eksbuild.3"
    )


def test_kube_proxy_rule_on_a_1_36_cluster_names_the_1_36_build():
    inv = inventory("kube-proxy-version-skew/bad-behind.json")
    inv.parts["cluster"]["version"] = "1.36"
    inv.parts.pop("addon_versions", None)
    inv.parts["addons"] = [
        {**a, "addonVersion": "v1.34.6-eksbuild.13"} if a.get("addonName") == "kube-proxy" else a
        for a in inv.parts["addons"]
    ]
    [(_, _, severity, message)] = findings("kube-proxy-version-skew", inv)
    assert severity == "warning"
    assert message == (
        "kube-proxy v1.34.6-eksbuild.13 (the kube-proxy add-on) is 2 minors behind the control plane (1.36): "
        "update it to v1.36.0-eksbuild.14"
    )


def test_irsa_users_follow_an_add_on_namespace_config():
    from eks_lint.eks.iam import irsa_users

    inv = inventory({})
    inv.parts["addons"] = [
        {
            "addonName": "aws-ebs-csi-driver",
            "serviceAccountRoleArn": "arn:aws:iam::111122223333:role/ebs-csi",
            "namespaceConfig": {"namespace": "storage"},
        },
        {
            "addonName": "aws-fsx-csi-driver",
            "serviceAccountRoleArn": "arn:aws:iam::111122223333:role/fsx-csi",
        },
    ]
    assert [(u.namespace, u.name) for u in irsa_users(inv)] == [
        ("storage", "ebs-csi-controller-sa"),
        ("kube-system", "fsx-csi-controller-sa"),
    ]
