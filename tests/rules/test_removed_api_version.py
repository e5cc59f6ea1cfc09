from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/removed-api-version/bad.yaml"


def test_removed_apis_are_reported_with_removal_and_replacement():
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.32", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 1, 13, "removed-api-version"),
        (BAD, 11, 13, "removed-api-version"),
        (BAD, 26, 13, "removed-api-version"),
    ]
    assert outcome.findings[0]["message"] == (
        "policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25 (checked against 1.32): "
        "use policy/v1"
    )


def test_the_checked_version_decides():
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.31", BAD)
    # flowcontrol v1beta3 is removed only in 1.32
    assert [f["resource"]["kind"] for f in outcome.findings] == ["PodDisruptionBudget", "CronJob"]
    outcome = lint("--select", "removed-api-version", "--k8s-version", "1.24", BAD)
    assert outcome.findings == []


def test_current_apis_and_custom_resources_are_clean():
    outcome = lint("--select", "removed-api-version", str(MANIFESTS / "removed-api-version" / "good.yaml"))
    assert outcome.findings == []


def test_bad_version_is_a_usage_error():
    outcome = lint("--k8s-version", "latest", BAD)
    assert outcome.code == 2
    assert "not a Kubernetes version" in outcome.stderr
