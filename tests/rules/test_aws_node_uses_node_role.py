import pytest
from identity_fixtures import findings, fixture_problems, summary

RULE = "aws-node-uses-node-role"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_addon_without_a_role():
    found = findings(RULE, "bad.json")
    assert summary(found) == [(RULE, "ServiceAccount/kube-system/aws-node", "metadata")]
    assert (
        "the vpc-cni add-on has no serviceAccountRoleArn or Pod Identity association" in found[0]["message"]
    )
    assert "AmazonEKS_CNI_Policy must sit on the node role" in found[0]["message"]
    assert found[0]["severity"] == "warning"


def test_self_managed_cni_without_a_role():
    found = findings(RULE, "bad-self-managed.json")
    assert summary(found) == [(RULE, "ServiceAccount/kube-system/aws-node", "metadata")]
    assert "no vpc-cni add-on gives it one" in found[0]["message"]


@pytest.mark.parametrize(
    "fixture",
    ["good-addon-role.json", "good-pod-identity.json", "good-annotation.json", "good-incomplete.json"],
)
def test_each_way_of_giving_aws_node_a_role(fixture):
    # good-incomplete: bad.json with eks:DescribeAddon denied, so the add-on's role is not known
    assert findings(RULE, fixture) == []
