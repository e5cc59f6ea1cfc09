from helpers import lint, located

RULE = "pdb-unhealthy-eviction-policy"
BAD = f"fixtures/manifests/{RULE}/bad.yaml"


def test_budgets_without_the_policy_are_info_at_their_spec():
    outcome = lint("--select", RULE, BAD)
    assert outcome.code == 0  # info
    assert located(outcome.findings) == [(BAD, 4, 1, RULE), (BAD, 11, 1, RULE)]
    assert {f["severity"] for f in outcome.findings} == {"info"}
    assert "set unhealthyPodEvictionPolicy: AlwaysAllow" in outcome.findings[0]["message"]
    assert "PodEvictionFailure" in outcome.findings[0]["message"]


def test_an_explicit_policy_either_way_and_a_hollow_budget_are_clean():
    assert lint("--select", RULE, f"fixtures/manifests/{RULE}/good.yaml").findings == []
