import pytest
from versions_helpers import findings, inventory

RULE = "cluster-version-support"
FIXTURE = f"{RULE}/cluster-1.32.json"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


@pytest.mark.parametrize("today", ["2025-01-23", "2025-12-22"])  # release day; 91 days before the end
def test_standard_support_more_than_90_days_ahead_is_fine(today):
    assert findings(RULE, inventory(FIXTURE, today=today)) == []


def test_within_90_days_of_the_end_of_standard_support():
    assert findings(RULE, inventory(FIXTURE, today="2025-12-23")) == [
        (
            RULE,
            CLUSTER,
            "warning",
            "Kubernetes 1.32 leaves standard support on 2026-03-23, in 90 days (dates from "
            "DescribeClusterVersions): upgrade to 1.33 before then, or extended support is billed $0.60 per "
            "cluster-hour instead of $0.10 (AWS extended-support pricing, US East)",
        )
    ]


def test_in_extended_support_from_the_end_of_standard_day():
    [(_, _, severity, message)] = findings(RULE, inventory(FIXTURE, today="2026-03-23"))
    assert severity == "warning"
    assert message == (
        "Kubernetes 1.32 has been in extended support since 2026-03-23 (dates from DescribeClusterVersions), "
        "billed $0.60 per cluster-hour instead of $0.10 (AWS extended-support pricing, US East); it ends on "
        "2027-03-23, in 365 days, and then EKS upgrades the control plane itself: upgrade to 1.33"
    )


def test_support_type_standard_means_auto_upgrade_instead_of_extended_support():
    [(_, _, severity, message)] = findings(
        RULE, inventory(f"{RULE}/cluster-1.32-standard-only.json", today="2026-04-01")
    )
    assert severity == "warning"
    assert "upgradePolicy.supportType is STANDARD, so EKS auto-upgrades the control plane to 1.33" in message


def test_past_extended_support_is_an_error():
    [(_, _, severity, message)] = findings(RULE, inventory(FIXTURE, today="2027-03-23"))
    assert severity == "error"
    assert message.startswith("Kubernetes 1.32 left extended support on 2027-03-23")


def test_without_describe_cluster_versions_the_calendar_gives_the_dates():
    [(_, _, _, message)] = findings(
        RULE, inventory(f"{RULE}/cluster-1.32-no-versions.json", today="2026-01-15")
    )
    assert message == (
        "Kubernetes 1.32 leaves standard support on 2026-03-23, in 67 days (dates from the eks-lint version "
        "calendar): upgrade to 1.33 before then, or extended support is billed $0.60 per cluster-hour "
        "instead of $0.10 (AWS extended-support pricing, US East)"
    )


def test_live_dates_win_over_the_calendar():
    inv = inventory(FIXTURE, today="2026-01-15")
    for row in inv.parts["cluster_versions"]:
        if row["clusterVersion"] == "1.32":
            row["endOfStandardSupportDate"] = "2026-09-30T00:00:00+00:00"
    assert findings(RULE, inv) == []


def test_warn_days_option():
    from eks_lint.engine.model import Severity
    from eks_lint.engine.registry import discover, select_rules
    from eks_lint.engine.runner import RuleSettings, run

    rules = select_rules(discover(plugins=False), [RULE])
    settings = {RULE: RuleSettings(Severity.WARNING, {"warn-days": 30})}
    assert run(rules, inventory(FIXTURE, today="2026-01-15"), settings).findings == []


def test_healthy_snapshot_is_clean_and_problems_snapshot_is_in_extended_support():
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []
    [(_, resource, severity, message)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert resource.endswith(":cluster/legacy-prod") and severity == "warning"
    assert "it ends on 2026-11-26, in 6 days, and then EKS upgrades the control plane itself" in message


def test_a_version_older_than_the_calendar_is_an_error():
    inv = inventory(f"{RULE}/cluster-1.32-no-versions.json")
    inv.parts["cluster"]["version"] = "1.21"  # as old eksctl examples still write
    [(_, _, severity, message)] = findings(RULE, inv)
    assert severity == "error"
    assert message == (
        "Kubernetes 1.21 is older than 1.23, whose extended support ended on 2024-10-11 (the eks-lint "
        "version calendar): EKS neither creates nor keeps clusters on it; use a supported version"
    )
