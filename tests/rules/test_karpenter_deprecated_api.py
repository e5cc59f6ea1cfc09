from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "karpenter-deprecated-api"
BAD = "fixtures/manifests/karpenter-deprecated-api/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "karpenter-deprecated-api", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 1, 13, "karpenter-deprecated-api"),
        (BAD, 10, 13, "karpenter-deprecated-api"),
    ]
    assert "migrate to karpenter.sh/v1 NodePool" in outcome.findings[1]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "karpenter-deprecated-api", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
