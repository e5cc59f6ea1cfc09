from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "gp2-default-storage-class"
BAD = "fixtures/manifests/gp2-default-storage-class/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "gp2-default-storage-class", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 8, 14, "gp2-default-storage-class"),
        (BAD, 21, 9, "gp2-default-storage-class"),
    ]
    assert [f["severity"] for f in outcome.findings] == ["info", "info"]
    assert [f["resource"]["name"] for f in outcome.findings] == ["gp2", "general"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "gp2-default-storage-class", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
