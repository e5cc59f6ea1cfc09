from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "clb-service"
BAD = "fixtures/manifests/clb-service/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "clb-service", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 5, 9, "clb-service"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "clb-service", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
