from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "aws-auth-role-arn-with-path"
BAD = "fixtures/manifests/aws-auth-role-arn-with-path/bad.yaml"


def test_role_arns_with_a_path_are_reported_with_the_fixed_arn():
    outcome = lint("--select", "aws-auth-role-arn-with-path", str(FIXTURES / "bad.yaml"))
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 13, 7, "aws-auth-role-arn-with-path"),
        (BAD, 17, 7, "aws-auth-role-arn-with-path"),
    ]
    first, second = (f["message"] for f in outcome.findings)
    assert first.startswith(
        "mapRoles entry 2 maps arn:aws:iam::111122223333:role/teams/platform/platform-admin"
    )
    assert first.endswith("write arn:aws:iam::111122223333:role/platform-admin")
    assert "mapRoles entry 3" in second
    assert second.endswith("write arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_0123456789abcdef")


def test_path_free_arns_and_other_namespaces_are_clean():
    outcome = lint("--select", "aws-auth-role-arn-with-path", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
