from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "missing-readiness-probe"
BAD = "fixtures/manifests/missing-readiness-probe/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "missing-readiness-probe", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 22, 17, "missing-readiness-probe"),
    ]
    assert "Service api routes to it" in outcome.findings[0]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "missing-readiness-probe", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
