from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/static-aws-credentials/bad.yaml"


def test_literal_secret_ref_and_env_from_are_reported():
    outcome = lint("--select", "static-aws-credentials", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 28, 21, "static-aws-credentials"),
        (BAD, 36, 21, "static-aws-credentials"),
        (BAD, 40, 15, "static-aws-credentials"),
    ]
    assert "AWS_ACCESS_KEY_ID as a literal value" in outcome.findings[0]["message"]
    assert "from Secret aws-keys" in outcome.findings[1]["message"]
    assert "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY from envFrom" in outcome.findings[2]["message"]


def test_values_are_never_printed():
    for fmt in ("json", "text"):
        outcome = lint("--format", fmt, "--select", "static-aws-credentials", BAD)
        output = outcome.stdout + outcome.stderr
        assert "AKIAEXAMPLEKEY" not in output
        assert "exampleSecretValue" not in output


def test_good_fixture_is_clean():
    outcome = lint(
        "--select", "static-aws-credentials", str(MANIFESTS / "static-aws-credentials" / "good.yaml")
    )
    assert outcome.findings == []
