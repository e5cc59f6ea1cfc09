from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "karpenter-ami-unpinned"
BAD = "fixtures/manifests/karpenter-ami-unpinned/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "karpenter-ami-unpinned", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 7, 14, "karpenter-ami-unpinned"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "karpenter-ami-unpinned", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
