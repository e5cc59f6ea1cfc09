from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "system-masters-mapping"
BAD = "fixtures/manifests/system-masters-mapping/bad.yaml"


def test_roles_and_users_mapped_to_system_masters_are_reported():
    outcome = lint("--select", "system-masters-mapping", str(FIXTURES / "bad.yaml"))
    assert outcome.code == 0  # warning
    assert located(outcome.findings) == [
        (BAD, 15, 7, "system-masters-mapping"),
        (BAD, 20, 7, "system-masters-mapping"),
    ]
    role, user = (f["message"] for f in outcome.findings)
    assert role.startswith(
        "mapRoles entry 2 maps arn:aws:iam::111122223333:role/platform-admin to system:masters"
    )
    assert user.startswith("mapUsers entry 1 maps arn:aws:iam::111122223333:user/alice to system:masters")


def test_node_and_team_groups_are_clean():
    assert lint("--select", "system-masters-mapping", str(FIXTURES / "good.yaml")).findings == []
