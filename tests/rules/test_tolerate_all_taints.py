from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "tolerate-all-taints"
BAD = "fixtures/manifests/tolerate-all-taints/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "tolerate-all-taints", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 17, 11, "tolerate-all-taints"),
        (BAD, 35, 11, "tolerate-all-taints"),
    ]
    assert [f["resource"]["kind"] for f in outcome.findings] == ["Deployment", "StatefulSet"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "tolerate-all-taints", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
