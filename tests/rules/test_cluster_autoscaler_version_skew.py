from helpers import lint, located

RULE = "cluster-autoscaler-version-skew"
BAD = f"fixtures/manifests/{RULE}/bad.yaml"
GOOD = f"fixtures/manifests/{RULE}/good.yaml"


def test_a_minor_behind_the_stated_version_is_reported_at_the_image():
    outcome = lint("--select", RULE, "--k8s-version", "1.33", BAD)
    assert located(outcome.findings) == [(BAD, 11, 18, RULE)]
    message = outcome.findings[0]["message"]
    assert "cluster-autoscaler v1.30.2 is built for Kubernetes 1.30 but the cluster runs 1.33" in message
    assert "use cluster-autoscaler v1.33.x" in message


def test_the_config_file_states_the_version_too(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("k8s-version: '1.30'\n")
    assert lint("--config", str(config), "--select", RULE, BAD).findings == []
    config.write_text("k8s-version: '1.31'\n")
    assert len(lint("--config", str(config), "--select", RULE, BAD).findings) == 1


def test_without_a_stated_version_nothing_is_guessed():
    """eks-lint's default (the newest EKS version) is not the user's cluster."""
    assert lint("--select", RULE, BAD).findings == []


def test_matching_minor_and_placeholders_are_clean():
    assert lint("--select", RULE, "--k8s-version", "1.33", GOOD).findings == []


def test_a_snapshot_is_judged_against_the_cluster_version():
    outcome = lint("--select", RULE, "--snapshot", f"fixtures/snapshots/{RULE}/ahead.json")
    assert [(f["resource"]["name"], f["message"]) for f in outcome.findings] == [
        (
            "cluster-autoscaler",
            "cluster-autoscaler v1.33.0 is built for Kubernetes 1.33 but the cluster runs 1.32, so its "
            "scheduling simulation is ahead of the cluster's scheduler: use cluster-autoscaler v1.32.x",
        )
    ]
