from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "single-replica-workload"


def test_bad_fixture_reports_each_workload_at_its_field():
    outcome = lint("--select", "single-replica-workload", str(FIXTURES / "bad.yaml"))
    assert outcome.code == 0  # warnings do not fail the default --fail-on error
    assert located(outcome.findings) == [
        ("fixtures/manifests/single-replica-workload/bad.yaml", 7, 13, "single-replica-workload"),
        ("fixtures/manifests/single-replica-workload/bad.yaml", 23, 1, "single-replica-workload"),
    ]
    assert "runs 1 replica" in outcome.findings[0]["message"]
    assert "spec.replicas is not set" in outcome.findings[1]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "single-replica-workload", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_min_replicas_option_from_config(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  single-replica-workload:\n    options: {min-replicas: 4}\n")
    outcome = lint("--config", str(config), "--select", "EKS602", str(FIXTURES / "good.yaml"))
    assert [f["resource"]["name"] for f in outcome.findings] == ["api"]
    assert "set replicas to 4" in outcome.findings[0]["message"]
