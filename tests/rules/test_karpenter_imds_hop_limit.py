from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "karpenter-imds-hop-limit"
BAD = "fixtures/manifests/karpenter-imds-hop-limit/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "karpenter-imds-hop-limit", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 14, 17, "karpenter-imds-hop-limit"),
        (BAD, 15, 30, "karpenter-imds-hop-limit"),
        (BAD, 21, 1, "karpenter-imds-hop-limit"),
    ]
    assert "httpPutResponseHopLimit is 2" in outcome.findings[1]["message"]
    assert "v1beta1 EC2NodeClass means the old default of 2" in outcome.findings[2]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "karpenter-imds-hop-limit", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
