from identity_fixtures import findings, fixture_problems, summary

RULE = "irsa-role-missing"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_roles_iam_reports_as_no_such_entity():
    found = findings(RULE, "bad.json")
    assert summary(found) == [
        (RULE, "ServiceAccount/orders/api", "metadata.annotations.eks.amazonaws.com/role-arn"),
        (
            RULE,
            "arn:aws:eks:eu-west-1:111122223333:addon/shop/aws-ebs-csi-driver/4ec7b9a2-5543-4c3e-9d8a-0f1e2d3c4b5a",
            "serviceAccountRoleArn",
        ),
        (
            RULE,
            "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/shop/a-0a1b2c3d4e5f60718",
            "roleArn",
        ),
    ]
    assert found[0]["message"] == (
        "role arn:aws:iam::111122223333:role/shop-orders-gone does not exist (iam:GetRole: NoSuchEntity), "
        "so ServiceAccount orders/api gets no AWS credentials: create the role or fix the ARN"
    )
    # the collector named this one by role name only
    assert "shop-reports-typo" in found[2]["message"] and "reports/exporter" in found[2]["message"]


def test_access_denied_and_unrelated_errors_are_not_missing_roles():
    # AccessDenied on a cross-account role and on the add-on's role, NoSuchEntity for a role nobody uses
    assert findings(RULE, "good.json") == []
