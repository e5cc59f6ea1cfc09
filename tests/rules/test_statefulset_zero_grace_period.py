from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "statefulset-zero-grace-period"
BAD = "fixtures/manifests/statefulset-zero-grace-period/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "statefulset-zero-grace-period", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 13, 38, "statefulset-zero-grace-period"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "statefulset-zero-grace-period", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
