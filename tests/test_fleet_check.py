"""``check --snapshot DIR``: a fleet of snapshots in one run, one at a time.

The fleet (tests/fleet_snapshots.py) is healthy.json moved to 200 clusters
over 10 accounts and 3 regions, with settings varied by index, so what each
cluster must report is known from the generator, not from a previous run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fleet_snapshots import relative_path, where, write_fleet
from helpers import FIXTURES, ROOT, lint

TODAY = "2026-03-16"
FLEET = 200


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Path:
    return write_fleet(tmp_path_factory.mktemp("fleet"), FLEET)[0]


@pytest.fixture(scope="module")
def fleet_run(fleet):
    return lint("--snapshot", str(fleet), "--today", TODAY)


def _key(finding: dict) -> str:
    return json.dumps(finding, sort_keys=True)


def test_two_hundred_snapshots_in_one_run(fleet, fleet_run):
    assert fleet_run.code == 1, fleet_run.stderr  # kubelet skew is an error
    report = fleet_run.report
    clusters = report["summary"]["clusters"]
    assert len(clusters) == FLEET
    # Folders are read in sorted path order, whatever order the file system lists them in.
    expected_order = sorted(str(fleet / relative_path(i)) for i in range(FLEET))
    assert [c["source"] for c in clusters] == expected_order
    by_rule: dict[str, set[str]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["name"], set()).add(finding["cluster"]["name"])
    name = lambda i: where(i)[2]  # noqa: E731
    assert by_rule["control-plane-logging-disabled"] == {name(i) for i in range(FLEET) if i % 5 == 0}
    assert by_rule["public-endpoint-open"] == {name(i) for i in range(FLEET) if i % 11 == 0}
    # 1.34 control planes over 1.33 node groups: each of the three node groups is behind.
    assert by_rule["kubelet-version-skew"] == {name(i) for i in range(FLEET) if i % 2}
    skew = [f for f in report["findings"] if f["name"] == "kubelet-version-skew"]
    assert len(skew) == 3 * (FLEET // 2)
    # A rule skipped in every cluster for the same reason is one short line, not 200.
    first = [where(i)[2] for i in sorted(range(FLEET), key=relative_path)[:3]]
    # healthy.json predates the capabilities part, and has no security groups.
    assert report["summary"]["rules_skipped"] == [
        {"rule": rule, "reason": f"{', '.join(first)} and 197 other clusters: needs {part}: not in the input"}
        for rule, part in (
            ("capability-role-trust", "capabilities"),
            ("capability-self-managed-conflict", "capabilities"),
            ("capability-unhealthy", "capabilities"),
            ("multiple-cluster-tagged-security-groups", "security_groups"),
        )
    ]
    assert set(by_rule) == {
        "control-plane-logging-disabled",
        "public-endpoint-open",
        "kubelet-version-skew",
        "kube-proxy-version-skew",
    }


def test_every_finding_names_its_account_region_and_cluster(fleet_run):
    import jsonschema

    report = fleet_run.report
    schema = json.loads((ROOT / "eks_lint" / "schemas" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    for finding in report["findings"]:
        cluster = finding["cluster"]
        index = int(cluster["name"][1:])
        account, region, name = where(index)
        assert cluster == {"name": name, "account_id": account, "region": region}
        # The resource is the cluster's own, in that account and region.
        arn = finding["resource"].get("arn") or ""
        assert arn.startswith(f"arn:aws:eks:{region}:{account}:"), finding


def test_four_shard_folders_merge_to_the_single_run_finding_for_finding(tmp_path, fleet_run):
    shards = write_fleet(tmp_path, FLEET, shards=4)
    assert len(shards) == 4
    assert all(len(list(shard.rglob("*.json"))) == FLEET // 4 for shard in shards)
    merged = lint(*(arg for shard in shards for arg in ("--snapshot", str(shard))), "--today", TODAY)
    assert merged.code == fleet_run.code
    # The same findings in the same order; only the folder in each cluster's source differs.
    assert [_key(f) for f in merged.findings] == [_key(f) for f in fleet_run.findings]
    assert merged.report["summary"]["counts"] == fleet_run.report["summary"]["counts"]


def test_a_snapshot_that_cannot_be_read_is_one_line_and_the_others_are_checked(tmp_path):
    folder = write_fleet(tmp_path / "fleet", 6)[0]
    (folder / "broken.json").write_text('{"format": "eks-lint/snapshot@1", "cluster": ')
    (folder / "notes.json").write_text('{"format": "eks-lint/snapshot@1", "cluster": 3}')
    (folder / "latin1.json").write_bytes(b'{"x": "\xe9"}')
    (folder / "README.md").write_text("not read: only *.json files are snapshots")
    outcome = lint("--snapshot", str(folder), "--today", TODAY)
    assert outcome.code == 3
    lines = [line for line in outcome.stderr.splitlines() if line.startswith("eks-lint: could not read:")]
    assert lines == [
        f"eks-lint: could not read: {folder / 'broken.json'}:1:46: snapshot is not valid JSON: "
        "Expecting value",
        f"eks-lint: could not read: {folder / 'latin1.json'}: not UTF-8 text, so not a JSON snapshot",
        f"eks-lint: could not read: {folder / 'notes.json'}: invalid snapshot (1 problem): "
        "$.cluster: 3 is not of type 'object'",
    ]
    report = outcome.report
    assert len(report["summary"]["clusters"]) == 6
    assert {f["cluster"]["name"] for f in report["findings"]} == {"c000", "c001", "c003", "c005"}
    assert len(report["summary"]["incomplete"]) == 3
    # --allow-partial accepts the others' result: the findings decide the exit code.
    assert lint("--snapshot", str(folder), "--today", TODAY, "--allow-partial").code == 1


def test_nothing_readable_or_nothing_there_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    outcome = lint("--snapshot", str(tmp_path / "empty"))
    assert outcome.code == 2
    assert "no .json snapshot file in this folder or below it" in outcome.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.json").write_text("[]")
    outcome = lint("--snapshot", str(bad))
    assert outcome.code == 2
    assert "nothing checked: none of the 1 snapshot could be read" in outcome.stderr
    # A file named on the command line is the user's own pick: its fault stays fatal.
    outcome = lint("--snapshot", str(bad / "a.json"), "--snapshot", str(FIXTURES / "snapshots/healthy.json"))
    assert outcome.code == 2
    assert outcome.stdout == ""


def test_manifest_only_reports_carry_no_cluster(tmp_path):
    bad = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")
    outcome = lint("--select", "single-replica-workload", bad)
    assert outcome.findings
    assert all("cluster" not in finding for finding in outcome.findings)
    sarif = tmp_path / "out.sarif"
    lint("--select", "single-replica-workload", "-f", "sarif", "-o", str(sarif), bad)
    for result in json.loads(sarif.read_text())["runs"][0]["results"]:
        assert not {"cluster", "account", "region"} & set(result["properties"])


def test_sarif_results_carry_the_cluster(tmp_path):
    folder = write_fleet(tmp_path / "fleet", 12)[0]
    out = tmp_path / "fleet.sarif"
    outcome = lint("--snapshot", str(folder), "--today", TODAY, "-f", "sarif", "-o", str(out))
    assert outcome.code == 1, outcome.stderr
    results = json.loads(out.read_text())["runs"][0]["results"]
    assert results
    for result in results:
        properties = result["properties"]
        account, region, name = where(int(properties["cluster"][1:]))
        assert (properties["account"], properties["region"]) == (account, region)
        # Each points at its resource's line in its own cluster's snapshot.
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.endswith(f"{account}/{region}/{name}.json")


#: Peak resident memory of one eks-lint run over a folder, in a fresh process.
MEMORY_PROBE = """
import resource, sys
from eks_lint.cli import main
code = main(["check", "--snapshot", sys.argv[1], "--today", "2026-03-16", "-q",
             "--config", sys.argv[2], "-f", "json", "-o", sys.argv[3]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)
"""


def _peak_rss(folder: Path, tmp_path: Path) -> int:
    args = [str(folder), str(FIXTURES / "empty-config.yaml"), str(tmp_path / "report.json")]
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    peak, code = result.stdout.split()
    assert code == "1", result.stderr
    return int(peak)


def test_merge_memory_is_flat_in_the_number_of_clusters(tmp_path, fleet):
    """Peak RSS for 200 snapshots is within 1.3x that for 50: each snapshot is read,
    checked and dropped before the next; only findings stay. (Keeping each
    cluster's inventory instead measured 42 MB for 50 and 77 MB for 200, 1.8x;
    streaming, 31 MB and 33 MB. bench/bench_fleet_merge.py has the traced figures.)"""
    small = write_fleet(tmp_path / "small", 50)[0]
    peak_small, peak_large = _peak_rss(small, tmp_path), _peak_rss(fleet, tmp_path)
    assert peak_large <= 1.3 * peak_small, (peak_small, peak_large)


def test_upgrade_plans_for_a_folder_say_which_snapshots_are_missing(tmp_path):
    folder = write_fleet(tmp_path / "fleet", 3)[0]
    (folder / "broken.json").write_text("{")
    outcome = lint("--snapshot", str(folder), "--today", TODAY, "--upgrade-plan")
    assert outcome.code == 3
    plans = [line for line in outcome.stdout.splitlines() if line.startswith("# Upgrade plan: ")]
    assert plans == [
        "# Upgrade plan: c000 1.33 -> 1.34",
        "# Upgrade plan: c001 1.34 -> 1.35",
        "# Upgrade plan: c002 1.33 -> 1.34",
    ]
    assert (
        f"eks-lint: could not read: {folder / 'broken.json'}:1:2: snapshot is not valid JSON"
        in outcome.stderr
    )


def test_a_manifest_finding_repeated_in_every_cluster_is_reported_once_without_a_cluster(tmp_path):
    folder = write_fleet(tmp_path / "fleet", 2)[0]
    bad = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")
    both = lint("--select", "single-replica-workload", "--snapshot", str(folder), "--today", TODAY, bad)
    one = lint("--select", "single-replica-workload", "--snapshot", str(folder / relative_path(0)), bad)
    assert len(both.findings) == len(one.findings) == 2
    assert all("cluster" not in finding for finding in both.findings)
    # Checked with one cluster only, the finding is that cluster's.
    account, region, name = where(0)
    assert [f["cluster"] for f in one.findings] == [
        {"name": name, "account_id": account, "region": region}
    ] * 2
