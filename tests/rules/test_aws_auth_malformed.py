from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "aws-auth-malformed"


def check(name):
    return lint("--select", "aws-auth-malformed", str(FIXTURES / name))


def test_yaml_error_drops_the_whole_section():
    outcome = check("bad-yaml.yaml")
    assert located(outcome.findings) == [
        ("fixtures/manifests/aws-auth-malformed/bad-yaml.yaml", 13, 6, "aws-auth-malformed")
    ]
    assert outcome.findings[0]["message"].startswith(
        "mapRoles is not valid YAML (did not find expected '-' indicator at line 6 of its text), "
        "so the authenticator drops every mapping in it"
    )


def test_unknown_keys_and_data_keys_are_reported_where_they_are():
    outcome = check("bad-keys.yaml")
    bad = "fixtures/manifests/aws-auth-malformed/bad-keys.yaml"
    assert located(outcome.findings) == [
        (bad, 13, 7, "aws-auth-malformed"),
        (bad, 16, 12, "aws-auth-malformed"),
    ]
    entry, data_key = (f["message"] for f in outcome.findings)
    assert entry.startswith(
        "mapRoles entry 2 has unknown keys rolarn, group, which the authenticator ignores, and no rolearn"
    )
    assert data_key.startswith("data key 'mapUser' is not read by the authenticator")


def test_case_insensitive_keys_and_all_sections_are_clean():
    assert check("good.yaml").findings == []
