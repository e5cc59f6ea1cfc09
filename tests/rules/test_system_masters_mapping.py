from helpers import MANIFESTS, by_resource, lint, located
from helpers import SNAPSHOTS as SNAPSHOT_ROOT

FIXTURES = MANIFESTS / "system-masters-mapping"
SNAPSHOTS = SNAPSHOT_ROOT / "system-masters-mapping"
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


def test_access_entry_with_system_masters_is_reported():
    outcome = lint("--select", "system-masters-mapping", "--snapshot", str(SNAPSHOTS / "bad.json"))
    assert by_resource(outcome.findings) == [
        (
            "system-masters-mapping",
            "arn:aws:eks:eu-west-1:111122223333:access-entry/prod/role/111122223333/break-glass/"
            "7df0e4a7-1111-2222-3333-444455556666",
        )
    ]
    assert outcome.findings[0]["path"] == "kubernetesGroups[0]"
    assert (
        "the access entry of arn:aws:iam::111122223333:role/break-glass puts it in system:masters"
        in (outcome.findings[0]["message"])
    )


def test_node_access_entries_are_clean():
    assert (
        lint("--select", "system-masters-mapping", "--snapshot", str(SNAPSHOTS / "good.json")).findings == []
    )
