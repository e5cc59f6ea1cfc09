from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "missing-resource-requests"
BAD = "fixtures/manifests/missing-resource-requests/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "missing-resource-requests", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 13, 17, "missing-resource-requests"),
        (BAD, 17, 11, "missing-resource-requests"),
        (BAD, 34, 15, "missing-resource-requests"),
    ]
    messages = [f["message"] for f in outcome.findings]
    assert "container api requests no cpu and no memory" in messages[0]
    assert "container proxy requests no memory" in messages[1]
    assert outcome.findings[2]["resource"]["kind"] == "CronJob"


def test_good_fixture_is_clean():
    outcome = lint("--select", "missing-resource-requests", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
