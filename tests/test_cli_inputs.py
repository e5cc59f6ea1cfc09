"""The right input, or a clear word: snapshots and plans given as PATHs, runs that read nothing."""

from __future__ import annotations

import shutil

from helpers import FIXTURES, SNAPSHOTS, lint

PLAN = FIXTURES / "terraform" / "plain-resources.plan.json"
SNAPSHOT = SNAPSHOTS / "public-endpoint-open" / "bad.json"
#: A day the built-in version tables are not yet stale on, so stderr holds only what these tests check.
TODAY = "2026-10-30"


def test_a_snapshot_given_as_a_path_is_checked_as_a_snapshot():
    as_path = lint("--today", TODAY, str(SNAPSHOT))
    as_flag = lint("--today", TODAY, "--snapshot", str(SNAPSHOT))
    assert (
        as_path.stderr
        == f"eks-lint: {SNAPSHOT} is a cluster snapshot: checking it as --snapshot {SNAPSHOT}\n"
    )
    assert as_path.findings == as_flag.findings
    assert "public-endpoint-open" in {f["name"] for f in as_path.findings}
    assert as_path.report["summary"]["clusters"][0]["source"] == str(SNAPSHOT)


def test_a_terraform_plan_given_as_a_path_is_checked_as_a_plan():
    as_path = lint("--today", TODAY, str(PLAN))
    as_flag = lint("--today", TODAY, "--terraform-plan", str(PLAN))
    assert as_path.stderr == f"eks-lint: {PLAN} is a Terraform plan: checking it as --terraform-plan {PLAN}\n"
    assert as_path.code == as_flag.code == 1
    assert as_path.findings == as_flag.findings and len(as_path.findings) == 9


def test_quiet_moves_it_without_a_word():
    outcome = lint("-q", "--today", TODAY, str(SNAPSHOT))
    assert outcome.stderr == "" and outcome.findings


def test_a_json_manifest_stays_a_manifest(tmp_path):
    manifest = tmp_path / "pod.json"
    manifest.write_text('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}}')
    outcome = lint("--select", "naked-pod", str(manifest))
    assert outcome.stderr == ""
    assert [(f["name"], f["location"]["line"]) for f in outcome.findings] == [("naked-pod", 1)]


def test_a_snapshot_inside_a_folder_is_not_guessed(tmp_path):
    shutil.copy(SNAPSHOT, tmp_path / "snap.json")
    outcome = lint(str(tmp_path))
    assert outcome.stderr == "" and outcome.report["summary"]["files"] == 1


def test_an_empty_folder_checks_nothing_and_fails(tmp_path):
    outcome = lint(str(tmp_path))
    assert outcome.code == 2
    assert outcome.stderr.startswith(
        f"eks-lint: nothing checked: {tmp_path} holds no .yaml, .yml or .json file"
    )
    assert outcome.stderr.count("\n") == 1 and outcome.stdout == ""


def test_a_folder_of_other_files_checks_nothing_and_fails(tmp_path):
    (tmp_path / "README.md").write_text("# not a manifest\n")
    (tmp_path / "sub").mkdir()
    assert lint(str(tmp_path), str(tmp_path / "sub")).code == 2


def test_files_given_by_name_and_all_excluded_pass(tmp_path):
    """pre-commit hands over files the config excludes: checking nothing is right then."""
    manifest = tmp_path / "chart.yaml"
    manifest.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n")
    config = tmp_path / ".eks-lint.yaml"
    config.write_text("exclude:\n  - 'chart.yaml'\n")
    from helpers import cli

    outcome = cli("check", "--config", str(config), "-f", "json", str(manifest))
    assert outcome.code == 0 and outcome.findings == []
