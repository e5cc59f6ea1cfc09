from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "karpenter-nodepool-no-limits"
BAD = "fixtures/manifests/karpenter-nodepool-no-limits/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "karpenter-nodepool-no-limits", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 4, 1, "karpenter-nodepool-no-limits"),
        (BAD, 17, 3, "karpenter-nodepool-no-limits"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "karpenter-nodepool-no-limits", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
