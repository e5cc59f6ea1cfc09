"""``--format fleet-markdown``: the fleet at a glance.

tests/fleet_snapshots.py says what each cluster of the fleet has."""

from __future__ import annotations

import pytest
from fleet_snapshots import relative_path, where, write_fleet
from helpers import FIXTURES, cli

TODAY = "2026-03-16"
COUNT = 30


def fleet_markdown(*args: str):
    return cli("check", "--config", str(FIXTURES / "empty-config.yaml"), "-f", "fleet-markdown", *args)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    folder = write_fleet(tmp_path_factory.mktemp("fleet"), COUNT)[0]
    (folder / "zz-broken.json").write_text('{"format": "eks-lint/snapshot@1"')
    return folder


@pytest.fixture(scope="module")
def report(fleet):
    outcome = fleet_markdown("--snapshot", str(fleet), "--today", TODAY, "--allow-partial")
    assert outcome.code == 1, outcome.stderr
    return outcome.stdout


def _section(text: str, title: str) -> list[str]:
    lines = text.split(f"## {title}\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return lines[2:]  # after the table head


def label(index: int) -> str:
    return "/".join(where(index))


def test_head_counts_clusters_and_unreadable_snapshots(report):
    assert report.startswith(
        "# eks-lint fleet report\n\n**30 clusters checked, 1 snapshot could not be read; "
    )


def test_clusters_that_could_not_be_read_and_why(report, fleet):
    rows = _section(report, "Clusters not read, or read in part")
    assert rows == [
        f"| `{fleet / 'zz-broken.json'}` | {fleet / 'zz-broken.json'}:1:33: snapshot is not valid JSON: "
        "Expecting ',' delimiter |",
        f"| `{label(0)}` | read in part: eks:DescribeAddon on vpc-cni failed (AccessDeniedException) |",
        f"| `{label(13)}` | read in part: eks:DescribeAddon on vpc-cni failed (AccessDeniedException) |",
        f"| `{label(26)}` | read in part: eks:DescribeAddon on vpc-cni failed (AccessDeniedException) |",
    ]


def test_clusters_closest_to_the_end_of_support_come_first(report):
    rows = _section(report, "Closest to the end of standard support")
    assert len(rows) == COUNT
    # Even clusters run 1.33 (standard support ends 2026-07-29), odd ones 1.34 (2026-12-02);
    # each group in cluster order.
    even = sorted((i for i in range(COUNT) if i % 2 == 0), key=label)
    odd = sorted((i for i in range(COUNT) if i % 2), key=label)
    assert rows[0] == f"| `{label(even[0])}` | 1.33 | 2026-07-29 | 2027-07-29 | 135 | 2026-03-16 |"
    assert rows[-1] == f"| `{label(odd[-1])}` | 1.34 | 2026-12-02 | 2027-12-02 | 261 | 2026-03-16 |"
    assert [row.split("`")[1] for row in rows] == [label(i) for i in even + odd]


def test_rules_ranked_by_how_many_clusters_they_hit(report):
    assert _section(report, "Rules that hit the most clusters") == [
        "| EKS203 kube-proxy-version-skew | 15 | 0 | 15 | 0 |",
        "| EKS206 kubelet-version-skew | 15 | 45 | 0 | 0 |",
        "| EKS402 control-plane-logging-disabled | 6 | 0 | 6 | 0 |",
        "| EKS401 public-endpoint-open | 3 | 0 | 3 | 0 |",
    ]


def test_clusters_by_rules(report):
    head = report.split("## Findings per cluster and rule\n\n", 1)[1].splitlines()[0]
    assert head == "| cluster | EKS203 | EKS206 | EKS401 | EKS402 | total |"
    rows = {row.split("`")[1]: row for row in _section(report, "Findings per cluster and rule")}
    assert len(rows) == COUNT
    assert rows[label(0)] == f"| `{label(0)}` |  |  | 1 | 1 | 2 |"  # logging off, endpoint open
    assert rows[label(11)] == f"| `{label(11)}` | 1 | 3 | 1 |  | 5 |"
    assert rows[label(2)] == f"| `{label(2)}` |  |  |  |  | 0 |"


def test_capped_with_a_line_saying_what_was_left_out(fleet, monkeypatch):
    from eks_lint import report as report_module
    from eks_lint.report import fleet_markdown as module

    monkeypatch.setattr(report_module, "renderer", lambda name: lambda r: module.render(r, max_chars=3000))
    text = fleet_markdown("--snapshot", str(fleet), "--today", TODAY, "--allow-partial").stdout
    assert len(text) <= 3000
    last = text.rstrip().splitlines()[-1]
    shown = len(_section(text, "Closest to the end of standard support"))
    assert 0 < shown < COUNT
    assert last.startswith(f"_Left out to stay under 3,000 characters: {COUNT - shown} clusters of ")
    assert "the section 'Findings per cluster and rule'" in last
    assert last.endswith("run eks-lint with `--format json` for all._")


def test_a_run_without_cluster_data_says_so():
    bad = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")
    text = fleet_markdown("--select", "single-replica-workload", bad).stdout
    assert "No cluster data in this run" in text
    assert (
        "_2 findings on manifests or shared by several clusters are not counted per cluster above._" in text
    )


def test_paths_are_as_collect_writes_them():
    assert relative_path(7) == f"{where(7)[0]}/{where(7)[1]}/c007.json"
