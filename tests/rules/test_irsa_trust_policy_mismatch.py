from helpers import MANIFESTS, SNAPSHOTS, lint, located
from identity_fixtures import findings, fixture_problems, skipped, summary

RULE = "irsa-trust-policy-mismatch"
ANNOTATION = "metadata.annotations.eks.amazonaws.com/role-arn"
HOST = "oidc.eks.eu-west-1.amazonaws.com/id/A1B2C3D4E5F60718293A4B5C6D7E8F90"
OLD = "oidc.eks.eu-west-1.amazonaws.com/id/0F1E2D3C4B5A69788796A5B4C3D2E1F0"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_each_failing_part_is_named():
    found = findings(RULE, "bad.json")
    assert summary(found) == [
        (RULE, "ServiceAccount/orders/api", ANNOTATION),
        (RULE, "ServiceAccount/payments/api", ANNOTATION),
        (RULE, "ServiceAccount/search/indexer", ANNOTATION),
        (RULE, "ServiceAccount/stale/app", ANNOTATION),
        (RULE, "ServiceAccount/vault/auth", ANNOTATION),
        (RULE, "arn:aws:iam::111122223333:role/shop-ebs-csi", "AssumeRolePolicyDocument"),
    ]
    messages = [f["message"] for f in found]
    # a sub for another service account
    assert "admits sub 'system:serviceaccount:orders:worker' with StringEquals" in messages[0]
    # the issuer of another or a re-created cluster
    assert f"it trusts {OLD}, another (or a re-created) cluster's OIDC issuer, not {HOST}" in messages[1]
    # a wrong action
    assert "allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity" in messages[2]
    # the right provider but conditions keyed on the old issuer
    assert f"conditions on {OLD}, another cluster's OIDC issuer" in messages[3]
    # an audience that differs from the ServiceAccount's eks.amazonaws.com/audience
    assert "requires aud 'sts.amazonaws.com', but the token's audience is vault" in messages[4]
    # an add-on's role checked against the add-on's own service account
    assert messages[5].startswith("add-on aws-ebs-csi-driver: ")
    assert "not system:serviceaccount:kube-system:ebs-csi-controller-sa" in messages[5]
    assert {f["severity"] for f in found} == {"error"}


def test_good_fixture_is_clean():
    # StringLike with ?, several subjects, keys in the wrong case, a URL-encoded document, a second
    # statement for the old issuer (blue/green), a role with a path, a custom audience, an add-on
    # the table does not know, and a role iam:GetRole could not read.
    assert findings(RULE, "good.json") == []


def test_skipped_without_the_cluster_data():
    # the folder holds the invalid-yaml fixtures too, which --select still reports
    outcome = lint("--select", RULE, "--ignore", "invalid-yaml", str(SNAPSHOTS.parent / "manifests"))
    assert outcome.findings == []
    assert skipped(outcome)[RULE] == "needs cluster: not in the input"


def test_manifests_checked_against_a_snapshot_are_located():
    roles = str(SNAPSHOTS / RULE / "roles-only.json")
    outcome = lint("--select", RULE, "--snapshot", roles, str(MANIFESTS / RULE / "bad.yaml"))
    located_findings = [f for f in outcome.findings if f["location"]]
    assert located(located_findings) == [
        ("fixtures/manifests/irsa-trust-policy-mismatch/bad.yaml", 9, 33, RULE),
        ("fixtures/manifests/irsa-trust-policy-mismatch/bad.yaml", 18, 33, RULE),
        ("fixtures/manifests/irsa-trust-policy-mismatch/bad.yaml", 27, 33, RULE),
    ]
    assert "another (or a re-created) cluster's OIDC issuer" in located_findings[0]["message"]
    # the snapshot's own add-on is still reported, on the role
    assert [f["resource"]["id"] for f in outcome.findings if not f["location"]] == ["shop-ebs-csi"]


def test_good_manifests_checked_against_a_snapshot():
    roles = str(SNAPSHOTS / RULE / "roles-only.json")
    outcome = lint("--select", RULE, "--snapshot", roles, str(MANIFESTS / RULE / "good.yaml"))
    assert [f for f in outcome.findings if f["location"]] == []
