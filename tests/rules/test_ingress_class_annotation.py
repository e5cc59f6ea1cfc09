from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "ingress-class-annotation"
BAD = "fixtures/manifests/ingress-class-annotation/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "ingress-class-annotation", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 7, 34, "ingress-class-annotation"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "ingress-class-annotation", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
