import pytest
from identity_fixtures import findings, fixture_problems, summary

RULE = "irsa-oidc-provider-missing"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/shop"
HOST = "oidc.eks.eu-west-1.amazonaws.com/id/A1B2C3D4E5F60718293A4B5C6D7E8F90"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_no_provider_for_the_issuer():
    found = findings(RULE, "bad-no-provider.json")
    assert summary(found) == [(RULE, CLUSTER, "identity.oidc.issuer")]
    message = found[0]["message"]
    assert f"arn:aws:iam::111122223333:oidc-provider/{HOST}" in message
    # both the annotated ServiceAccount and the add-on's role are named
    assert "ServiceAccount payments/api" in message
    assert "add-on aws-ebs-csi-driver (kube-system/ebs-csi-controller-sa)" in message
    assert found[0]["severity"] == "error"


def test_client_id_missing_for_a_custom_audience():
    found = findings(RULE, "bad-client-id.json")
    assert summary(found) == [(RULE, CLUSTER, "identity.oidc.issuer")]
    assert "not vault" in found[0]["message"] and "ServiceAccount vault/auth" in found[0]["message"]
    assert "payments/api" not in found[0]["message"]


@pytest.mark.parametrize("fixture", ["good.json", "good-no-irsa.json", "good-unreadable.json"])
def test_good_fixtures_are_clean(fixture):
    # good-no-irsa: no provider at all, but nothing in the account uses IRSA;
    # good-unreadable: GetOpenIDConnectProvider was denied, so the provider is not known to be missing
    assert findings(RULE, fixture) == []
