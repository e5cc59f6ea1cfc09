from helpers import lint, located

BAD = "fixtures/manifests/invalid-yaml/bad.yaml"


def test_malformed_yaml_is_a_finding_at_its_position_and_other_files_go_on():
    outcome = lint(BAD, "fixtures/manifests/single-replica-workload/bad.yaml")
    assert outcome.code == 1
    names = [f["name"] for f in outcome.findings]
    assert names.count("invalid-yaml") == 1
    assert names.count("single-replica-workload") == 2
    invalid = [f for f in outcome.findings if f["name"] == "invalid-yaml"]
    assert located(invalid) == [(BAD, 8, 1, "invalid-yaml")]
    assert invalid[0]["resource"] == {"file": BAD}
    assert invalid[0]["message"].startswith("malformed YAML: while scanning a quoted scalar")
