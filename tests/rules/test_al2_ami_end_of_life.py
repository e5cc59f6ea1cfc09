from versions_helpers import findings, inventory

RULE = "al2-ami-end-of-life"
NG = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/{}/4ac6f1d2-000{}-7e8f-9a0b-1c2d3e4f5a6b"


def test_al2_groups_cannot_follow_the_upgrade_to_1_33():
    assert findings(RULE, inventory(f"{RULE}/bad.json")) == [
        (
            RULE,
            NG.format("gpu", 4),
            "error",
            "node group gpu uses AL2_x86_64_GPU and there are no Amazon Linux 2 AMIs for Kubernetes 1.33 "
            "(1.32 was the last): it cannot be upgraded; replace it with a node group on "
            "AL2023_x86_64_NVIDIA or Bottlerocket before upgrading",
        ),
        (
            RULE,
            NG.format("legacy", 3),
            "error",
            "node group legacy uses AL2_x86_64 and there are no Amazon Linux 2 AMIs for Kubernetes 1.33 "
            "(1.32 was the last): it cannot be upgraded; replace it with a node group on "
            "AL2023_x86_64_STANDARD or Bottlerocket before upgrading",
        ),
    ]


def test_below_1_32_it_is_a_warning_about_patches():
    inv = inventory(f"{RULE}/bad.json", target_version="1.32")
    inv.parts["cluster"]["version"] = "1.31"
    result = findings(RULE, inv)
    assert [sev for _, _, sev, _ in result] == ["warning", "warning"]
    assert result[1][3] == (
        "node group legacy uses AL2_x86_64: EKS published no AL2 AMIs after 2025-11-26, so it gets no more "
        "security patches, and Kubernetes 1.32 is the last version with AL2 AMIs; replace it with a node "
        "group on AL2023_x86_64_STANDARD or Bottlerocket"
    )


def test_before_the_cut_off_the_message_is_in_the_future_tense():
    inv = inventory(f"{RULE}/bad.json", today="2025-06-01", target_version="1.32")
    assert "EKS publishes no AL2 AMIs after 2025-11-26" in findings(RULE, inv)[0][3]


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []


def test_problems_snapshot_legacy_group():
    [(_, resource, severity, _)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert ":nodegroup/legacy-prod/legacy/" in resource and severity == "warning"
