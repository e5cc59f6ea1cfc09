"""Snapshots: the fixtures are real API shapes, loading validates, check --snapshot runs per cluster."""

from __future__ import annotations

import json
import textwrap

import pytest
from api_shapes import shape_problems
from helpers import SNAPSHOTS, cli, lint

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.snapshot import FORMAT, dump_snapshot, load_snapshot, parse_snapshot, schema_problems

HEALTHY = str(SNAPSHOTS / "healthy.json")
PROBLEMS = str(SNAPSHOTS / "problems.json")


def _data(path: str) -> dict:
    return json.loads(open(path, encoding="utf-8").read())


@pytest.mark.parametrize("path", [HEALTHY, PROBLEMS])
def test_fixture_snapshots_are_valid(path):
    assert schema_problems(_data(path)) == []


@pytest.mark.parametrize("path", [HEALTHY, PROBLEMS])
def test_fixture_snapshots_use_the_real_api_shapes(path):
    # botocore's ParamValidator rejects any key the service model does not know.
    assert shape_problems(_data(path)) == []


def test_healthy_snapshot_has_no_findings_from_any_rule():
    outcome = lint("--select", "ALL", "--snapshot", HEALTHY)
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []
    assert outcome.report["summary"]["clusters"][0]["name"] == "prod"


def test_problem_snapshot_fails():
    outcome = lint("--snapshot", PROBLEMS)
    assert outcome.code == 1
    assert outcome.findings


def _write(tmp_path, data, name="snap.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def test_malformed_snapshot_exits_2_naming_the_json_path(tmp_path):
    data = _data(HEALTHY)
    data["nodegroups"][1]["scalingConfig"]["maxSize"] = -3
    data["subnets"][0]["AvailableIpAddressCount"] = "lots"
    outcome = lint("--snapshot", _write(tmp_path, data))
    assert outcome.code == 2
    assert outcome.stdout == ""
    lines = outcome.stderr.splitlines()
    assert lines[0].endswith("snap.json: invalid snapshot (2 problems):")
    assert lines[1] == "  $.nodegroups[1].scalingConfig.maxSize: -3 is less than the minimum of 0"
    assert lines[2] == "  $.subnets[0].AvailableIpAddressCount: 'lots' is not of type 'integer'"


def test_unknown_top_level_key_is_named(tmp_path):
    data = {"format": FORMAT, "nodegroup": [], "x-team": "platform", "zzz": 1}
    outcome = lint("--snapshot", _write(tmp_path, data))
    assert outcome.code == 2
    assert outcome.stderr.splitlines()[1:] == [
        "  $: unknown key 'nodegroup' (did you mean 'nodegroups'?); "
        "unknown key 'zzz' (keys of your own must start with 'x-')"
    ]


def test_missing_required_field_is_named(tmp_path):
    data = {"format": FORMAT, "cluster": {"version": "1.33"}}
    with pytest.raises(EksLintError, match=r"\$\.cluster: 'name' is missing"):
        load_snapshot(_write(tmp_path, data))


def test_other_format_is_one_clear_line(tmp_path):
    with pytest.raises(EksLintError) as error:
        load_snapshot(_write(tmp_path, {"format": "eks-lint/snapshot@2"}))
    assert "'eks-lint/snapshot@2' is not a format this eks-lint reads" in str(error.value)


def test_not_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "format": "eks-lint/snapshot@1",\n  "cluster": {,}\n}\n', encoding="utf-8")
    outcome = lint("--snapshot", str(path))
    assert outcome.code == 2
    assert f"{path}:3:15: snapshot is not valid JSON" in outcome.stderr


def test_missing_snapshot_file_exits_2(tmp_path):
    outcome = lint("--snapshot", str(tmp_path / "nope.json"))
    assert outcome.code == 2
    assert outcome.stderr.strip() == f"eks-lint: --snapshot {tmp_path / 'nope.json'}: file not found"


def test_not_an_object(tmp_path):
    with pytest.raises(EksLintError, match=r"\$: a snapshot is a JSON object, not list"):
        parse_snapshot("[]")


def test_to_inventory_keeps_parts_as_given_and_absent_parts_absent():
    inventory = load_snapshot(HEALTHY).to_inventory()
    assert inventory.part("nodegroups")[0]["nodegroupName"] == "system"
    assert inventory.cluster["version"] == "1.33"
    assert {obj.kind for obj in inventory.objects} >= {"Deployment", "ServiceAccount"}
    bare = parse_snapshot(json.dumps({"format": FORMAT, "subnets": []})).to_inventory()
    assert bare.has("subnets") and bare.part("subnets") == []
    assert not bare.has("nodegroups") and not bare.has("kubernetes")


def test_dump_keeps_documented_order_and_serialises_datetimes():
    from datetime import datetime, timezone

    text = dump_snapshot(
        {
            "cluster": {"name": "x", "createdAt": datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)},
            "format": FORMAT,
        }
    )
    data = json.loads(text)
    assert list(data) == ["format", "cluster"]
    assert data["cluster"]["createdAt"] == "2026-01-02T03:04:05+00:00"


RULE_NEEDING_ROLES = textwrap.dedent(
    '''
    """Test rule: reports the day it was run on and the roles it saw.

    ## What it checks
    x
    """
    from eks_lint.engine.inventory import aws
    from eks_lint.engine.model import Finding, Rule

    RULE = Rule(code="TST001", name="roles-seen", severity="info", summary="x", needs=("iam_roles",))


    def check(inventory, options):
        cluster = inventory.cluster["name"] if inventory.cluster else "-"
        yield Finding(
            target=aws("cluster", cluster),
            message=f"{len(inventory.part('iam_roles'))} roles on {inventory.settings['today']}",
        )
    '''
)


@pytest.fixture
def rules_dir(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "roles_seen.py").write_text(RULE_NEEDING_ROLES, encoding="utf-8")
    return str(folder)


def test_today_defaults_to_the_collection_day_and_today_overrides(rules_dir):
    outcome = lint("--rules-dir", rules_dir, "--select", "TST001", "--snapshot", HEALTHY)
    assert [f["message"] for f in outcome.findings] == ["8 roles on 2026-03-16"]
    outcome = lint(
        "--rules-dir", rules_dir, "--select", "TST001", "--today", "2027-01-01", "--snapshot", HEALTHY
    )
    assert [f["message"] for f in outcome.findings] == ["8 roles on 2027-01-01"]


def test_rule_is_skipped_with_the_denied_permission(tmp_path, rules_dir):
    data = _data(HEALTHY)
    del data["iam_roles"]
    data["errors"] = [
        {"operation": "iam:GetRole", "target": "prod-vpc-cni", "code": "AccessDenied", "message": "denied"}
    ]
    outcome = lint("--rules-dir", rules_dir, "--select", "TST001", "--snapshot", _write(tmp_path, data))
    assert outcome.code == 3  # incomplete: a read the rule needs failed
    assert outcome.report["summary"]["rules_skipped"] == [
        {"rule": "roles-seen", "reason": "needs iam_roles: iam:GetRole failed (AccessDenied)"}
    ]
    del data["errors"]
    outcome = lint("--rules-dir", rules_dir, "--select", "TST001", "--snapshot", _write(tmp_path, data))
    assert outcome.report["summary"]["rules_skipped"][0]["reason"] == "needs iam_roles: not in the input"


def test_manifests_on_the_command_line_join_the_snapshot_objects(tmp_path):
    manifest = tmp_path / "api.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: web\n"
        "spec:\n  template:\n    spec:\n      containers:\n        - {name: api, image: api:latest}\n",
        encoding="utf-8",
    )
    outcome = lint("--select", "latest-image-tag", "--snapshot", PROBLEMS, str(manifest))
    found = sorted((f["resource"]["name"], (f["location"] or {}).get("line")) for f in outcome.findings)
    # The snapshot's Deployment (no file, no line) and the manifest's (file and line).
    assert found == [("api", 10), ("report-exporter", None)]
    assert outcome.report["summary"]["files"] == 1


def test_several_snapshots_one_run_and_one_summary_line_each(tmp_path):
    outcome = cli(
        "check",
        "--config",
        str(SNAPSHOTS.parent / "empty-config.yaml"),
        "--select",
        "latest-image-tag",
        "--snapshot",
        HEALTHY,
        "--snapshot",
        PROBLEMS,
    )
    lines = outcome.stdout.splitlines()
    assert lines[-3:] == [
        "cluster prod (111122223333, eu-west-1): 0 errors, 0 warnings, 0 info",
        "cluster legacy-prod (444455556666, us-east-1): 0 errors, 1 warning, 0 info",
        "0 errors, 1 warning, 0 info in 2 clusters",
    ]
    assert outcome.code == 0


def test_same_named_objects_in_two_clusters_are_two_findings(tmp_path):
    data = _data(PROBLEMS)
    data["cluster"]["name"] = "legacy-stage"
    other = _write(tmp_path, data, "stage.json")
    manifest = tmp_path / "api.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n"
        "    spec:\n      containers:\n        - {name: api, image: api:latest}\n",
        encoding="utf-8",
    )
    outcome = lint("--select", "latest-image-tag", "--snapshot", PROBLEMS, "--snapshot", other, str(manifest))
    found = sorted((f["resource"]["name"], f["message"].split(":")[0]) for f in outcome.findings)
    # One per cluster for the snapshots' Deployment, one for the manifest shared by both runs.
    assert found == [
        ("api", "container api image api"),
        ("report-exporter", "in cluster legacy-prod"),
        ("report-exporter", "in cluster legacy-stage"),
    ]
