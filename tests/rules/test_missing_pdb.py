from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "missing-pdb"
BAD = "fixtures/manifests/missing-pdb/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "missing-pdb", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 4, 9, "missing-pdb"),
        (BAD, 22, 9, "missing-pdb"),
        (BAD, 56, 18, "missing-pdb"),
    ]
    assert [f["resource"]["name"] for f in outcome.findings] == ["api", "cache", "web"]
    assert "runs up to 4 replicas" in outcome.findings[1]["message"]  # the HPA maximum
    assert "PodDisruptionBudget web selects its pods but sets neither" in outcome.findings[2]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "missing-pdb", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_min_replicas_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  missing-pdb:\n    options: {min-replicas: 4}\n")
    outcome = lint("--config", str(config), "--select", "missing-pdb", str(FIXTURES / "bad.yaml"))
    assert [f["resource"]["name"] for f in outcome.findings] == ["cache"]


def test_a_keda_scaled_object_sets_the_peak():
    bad = "fixtures/manifests/missing-pdb/bad-keda.yaml"
    outcome = lint("--select", "missing-pdb", bad)
    assert located(outcome.findings) == [(bad, 4, 18, "missing-pdb")]
    assert "runs up to 10 replicas" in outcome.findings[0]["message"]


def test_a_workload_scaled_to_zero_under_an_hpa_needs_no_budget():
    assert lint("--select", "missing-pdb", "fixtures/manifests/missing-pdb/good-paused.yaml").findings == []
