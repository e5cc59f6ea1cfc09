from versions_helpers import findings, inventory

RULE = "kube-proxy-version-skew"
ADDON = "arn:aws:eks:eu-west-1:111122223333:addon/prod/kube-proxy/3ec6f1d2-4226-4a5b-8c9d-0e1f2a3b4c5d"


def test_newer_than_the_control_plane_is_an_error():
    assert findings(RULE, inventory(f"{RULE}/bad-newer.json")) == [
        (
            RULE,
            ADDON,
            "error",
            "kube-proxy v1.33.5-eksbuild.2 (the kube-proxy add-on) is newer than the control plane (1.32), "
            "which the skew policy forbids: downgrade it to the 1.32 build (v1.32.13-eksbuild.5)",
        )
    ]


def test_behind_within_the_policy_is_a_warning():
    assert findings(RULE, inventory(f"{RULE}/bad-behind.json")) == [
        (
            RULE,
            ADDON,
            "warning",
            "kube-proxy v1.31.14-eksbuild.9 (the kube-proxy add-on) is 2 minors behind the control plane "
            "(1.33): update it to v1.33.10-eksbuild.2",
        )
    ]


def test_behind_so_far_that_the_next_upgrade_breaks_the_policy_is_an_error():
    assert findings(RULE, inventory(f"{RULE}/bad-blocks-upgrade.json")) == [
        (
            RULE,
            "DaemonSet/kube-system/kube-proxy",
            "error",
            "kube-proxy v1.30.14-minimal-eksbuild.8 (the DaemonSet kube-system/kube-proxy image) is 3 minors "
            "behind the control plane (1.33); after the upgrade to 1.34 it would be 4 behind, more than the "
            "3 the skew policy allows: update it to v1.33.10-eksbuild.13 before upgrading the control plane",
        )
    ]


def test_target_version_moves_the_threshold():
    inv = inventory(f"{RULE}/bad-behind.json", target_version="1.35")
    [(_, _, severity, message)] = findings(RULE, inv)
    assert severity == "error"
    assert "after the upgrade to 1.35 it would be 4 behind" in message


def test_already_outside_the_policy_is_an_error():
    inv = inventory(f"{RULE}/bad-behind.json")
    inv.parts["addons"][0]["addonVersion"] = "v1.29.15-eksbuild.16"
    [(_, _, severity, message)] = findings(RULE, inv)
    assert severity == "error"
    assert "is 4 minors behind the control plane (1.33), more than the 3 the skew policy allows" in message


def test_kube_proxy_older_than_1_25_may_trail_by_two_only():
    inv = inventory(f"{RULE}/bad-behind.json")
    inv.parts["cluster"]["version"] = "1.26"
    inv.parts["addons"][0]["addonVersion"] = "v1.23.17-eksbuild.20"
    inv.parts.pop("addon_versions")
    [(_, _, severity, message)] = findings(RULE, inv)
    assert severity == "error"
    assert "3 minors behind the control plane (1.26), more than the 2 the skew policy allows" in message


def test_config_severity_overrides_the_graded_levels(tmp_path):
    from eks_lint.engine.model import Severity
    from eks_lint.engine.registry import discover, select_rules
    from eks_lint.engine.runner import RuleSettings, run

    rules = select_rules(discover(plugins=False), [RULE])
    result = run(rules, inventory(f"{RULE}/bad-newer.json"), {RULE: RuleSettings(Severity.INFO, {})})
    assert [str(f.severity) for f in result.findings] == ["info"]


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []


def test_problems_snapshot_reports_kube_proxy_behind():
    [(_, resource, severity, message)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert resource.endswith(":addon/legacy-prod/kube-proxy/7ac4e2b1-0010-4f3e-8d9a-1b2c3d4e5f6a")
    assert (severity, message) == (
        "warning",
        "kube-proxy v1.29.0-eksbuild.1 (the kube-proxy add-on) is 2 minors behind the control plane (1.31): "
        "update it to v1.31.10-eksbuild.2",
    )
