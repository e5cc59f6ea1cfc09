from identity_fixtures import findings, fixture_problems, summary

RULE = "irsa-trust-policy-too-broad"
ROLE = "arn:aws:iam::111122223333:role/{}"
CONDITION = "AssumeRolePolicyDocument.Statement[0].Condition"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_missing_sub_and_namespace_or_cluster_wildcards():
    found = findings(RULE, "bad.json")
    assert summary(found) == [
        (RULE, ROLE.format("shop-batch-any"), CONDITION),
        (RULE, ROLE.format("shop-cluster-any"), CONDITION),
        (RULE, ROLE.format("shop-no-sub"), CONDITION),
        (RULE, ROLE.format("shop-ns-from-sa"), CONDITION),  # URL-encoded document
    ]
    messages = [f["message"] for f in found]
    assert "admits every service account of namespace batch" in messages[0]
    assert "admits every service account of every namespace" in messages[1]
    assert "with no :sub condition, so every service account of the cluster is admitted" in messages[2]
    assert "admits every service account of every namespace" in messages[3]
    assert {f["severity"] for f in found} == {"warning"}


def test_good_fixture_is_clean():
    # exact subjects, a name prefix (api-*), a single-character wildcard (job-?), a wildcard narrowed
    # by StringEquals on the same key, conditions left on another issuer (a mismatch, not breadth),
    # an EC2 service role and a Pod Identity role
    assert findings(RULE, "good.json") == []
