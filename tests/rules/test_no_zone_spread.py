from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "no-zone-spread"
BAD = "fixtures/manifests/no-zone-spread/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "no-zone-spread", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 13, 5, "no-zone-spread"),
        (BAD, 35, 5, "no-zone-spread"),  # its zone constraint selects another app's pods
    ]
    assert "runs up to 3 replicas" in outcome.findings[0]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "no-zone-spread", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
