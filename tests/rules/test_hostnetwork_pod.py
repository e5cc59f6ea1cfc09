from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "hostnetwork-pod"
BAD = "fixtures/manifests/hostnetwork-pod/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "hostnetwork-pod", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 12, 20, "hostnetwork-pod"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "hostnetwork-pod", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
