import pytest
from identity_fixtures import findings, fixture_problems, summary

RULE = "pod-identity-agent-missing"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/shop"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_associations_without_the_agent():
    found = findings(RULE, "bad.json")
    assert summary(found) == [(RULE, CLUSTER, "addons")]
    assert found[0]["message"] == (
        "2 Pod Identity associations (karpenter/karpenter, payments/api) exist but neither the "
        "eks-pod-identity-agent add-on nor a DaemonSet kube-system/eks-pod-identity-agent is installed, so "
        "those pods get no AWS credentials: install the eks-pod-identity-agent add-on"
    )
    assert found[0]["severity"] == "error"


def test_agent_addon_that_failed_to_install():
    found = findings(RULE, "bad-create-failed.json")
    assert summary(found) == [(RULE, CLUSTER, "addons")]
    assert "the eks-pod-identity-agent add-on is CREATE_FAILED" in found[0]["message"]


@pytest.mark.parametrize(
    "fixture",
    [
        "good-addon.json",
        "good-daemonset.json",
        "good-auto-mode.json",
        "good-no-associations.json",
        "good-incomplete.json",  # bad.json, but the DaemonSet list was forbidden
    ],
)
def test_good_fixtures_are_clean(fixture):
    assert findings(RULE, fixture) == []
