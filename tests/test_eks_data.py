"""Version data that cannot go stale in silence: the staleness line, unknown
versions, the default --k8s-version, and ``eks-lint data refresh|show``
against botocore's Stubber (real DescribeClusterVersions / DescribeAddonVersions
shapes), including AccessDenied and an offline run that uses what was saved."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from helpers import FIXTURES, SNAPSHOTS, cli, lint, located
from versions_helpers import findings, inventory

from eks_lint.cli import data
from eks_lint.sources import aws, eks_data

REGION = "eu-west-1"
REMOVED_IN_1_36 = "fixtures/manifests/removed-api-version/bad-1-36.yaml"
STALE_LINE = (
    "eks-lint: the built-in EKS version tables (checked 2026-12-04, newest 1.36) must be missing a newer "
    "Kubernetes release: EKS ships one about every 4 months and 1.36 came out on 2026-06-02; run "
    "'eks-lint data refresh' (read-only: eks:DescribeClusterVersions, eks:DescribeAddonVersions)"
)


def _utc(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=timezone.utc)


def _cluster_version(version: str, released: str, standard: str, extended: str, default: bool) -> dict:
    """One DescribeClusterVersions entry, as the EKS API returns it."""
    return {
        "clusterVersion": version,
        "clusterType": "eks",
        "defaultPlatformVersion": "eks.3",
        "defaultVersion": default,
        "releaseDate": _utc(released),
        "endOfStandardSupportDate": _utc(standard),
        "endOfExtendedSupportDate": _utc(extended),
        "status": "STANDARD_SUPPORT",
        "versionStatus": "STANDARD_SUPPORT",
        "kubernetesPatchVersion": f"{version}.1",
    }


CLUSTER_VERSIONS_PAGE = {
    "clusterVersions": [
        _cluster_version("1.37", "2026-10-14", "2027-12-14", "2028-12-14", False),
        _cluster_version("1.36", "2026-06-02", "2027-08-02", "2028-08-02", True),
    ]
}
ADDON_VERSIONS_PAGE = {
    "addons": [
        {
            "addonName": "coredns",
            "type": "networking",
            "addonVersions": [
                {
                    "addonVersion": "v1.14.7-eksbuild.1",
                    "architecture": ["amd64", "arm64"],
                    "computeTypes": ["ec2", "fargate"],
                    "compatibilities": [
                        {"clusterVersion": "1.37", "platformVersions": ["*"], "defaultVersion": True},
                        {"clusterVersion": "1.36", "platformVersions": ["*"], "defaultVersion": False},
                    ],
                    "requiresConfiguration": False,
                    "requiresIamPermissions": False,
                }
            ],
            "publisher": "eks",
            "owner": "aws",
        }
    ]
}


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def stubbed(aws_env, monkeypatch):
    """The CLI's client factory, handing out one EKS client behind botocore's Stubber."""
    import boto3
    from botocore.stub import Stubber

    client = boto3.Session(region_name=REGION).client("eks")
    stubber = Stubber(client)
    monkeypatch.setattr(aws, "ClientFactory", lambda session, workers=2: lambda service: client)
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def _answer_both(stubber) -> None:
    stubber.add_response("describe_cluster_versions", CLUSTER_VERSIONS_PAGE, {"includeAll": True})
    stubber.add_response("describe_addon_versions", ADDON_VERSIONS_PAGE, {})


def _snapshot_on(version: str, tmp_path: Path) -> str:
    snapshot = json.loads(
        (SNAPSHOTS / "cluster-version-support" / "cluster-1.32-no-versions.json").read_text()
    )
    snapshot["cluster"]["version"] = version
    path = tmp_path / f"cluster-{version}.json"
    path.write_text(json.dumps(snapshot))
    return str(path)


# --- never stale in silence -----------------------------------------------------------------


def test_built_in_tables_are_stale_the_day_after_release_plus_cadence():
    status = data.DataStatus()
    assert status.stale_after() == date(2026, 10, 30)
    assert status.stale_line(date(2026, 10, 30)) is None
    assert status.stale_line(date(2026, 10, 31)) == STALE_LINE


def test_a_refresh_moves_the_threshold_to_its_own_date():
    refreshed = eks_data.Refreshed("2026-12-01T08:00:00Z", REGION, [], [])
    status = data.DataStatus(refreshed)
    assert status.stale_line(date(2026, 12, 4)) is None
    assert status.stale_after() == date(2027, 4, 30)
    assert status.stale_line(date(2027, 5, 1)).startswith(
        "eks-lint: the EKS data refreshed on 2026-12-01 must be missing a newer Kubernetes release: EKS "
        "ships one about every 4 months and 1.36 came out on 2026-06-02"
    )


def test_a_refresh_that_saw_a_newer_release_names_it():
    entries = [{"clusterVersion": "1.37", "releaseDate": "2026-10-14T00:00:00+00:00"}]
    status = data.DataStatus(eks_data.Refreshed("2026-10-20T08:00:00Z", REGION, entries, []))
    assert status.newest == "1.37"
    assert status.stale_after() == date(2027, 3, 19)
    assert "and 1.37 came out on 2026-10-14;" in status.stale_line(date(2027, 3, 20))


def test_every_check_prints_the_line_once_when_the_day_is_past_the_threshold():
    good = str(FIXTURES / "manifests" / "removed-api-version" / "good.yaml")
    outcome = lint("--today", "2026-12-04", good)
    assert outcome.code == 0
    assert outcome.stderr.splitlines() == [STALE_LINE]
    outcome = lint("--today", "2026-10-30", good)
    assert (outcome.code, outcome.stderr) == (0, "")


def test_default_k8s_version_is_the_newest_known_so_1_36_removals_are_reported():
    outcome = lint("--select", "removed-api-version", REMOVED_IN_1_36)
    assert outcome.code == 1
    assert located(outcome.findings) == [(REMOVED_IN_1_36, 1, 13, "removed-api-version")]
    assert outcome.findings[0]["message"] == (
        "resource.k8s.io/v1beta1 ResourceClaimTemplate was removed in Kubernetes 1.36 (checked against "
        "1.36): use resource.k8s.io/v1"
    )
    assert outcome.report["summary"]["eks_data"] == {
        "tables_checked": "2026-12-04",
        "tables_newest": "1.36",
        "refreshed_at": None,
        "refreshed_region": None,
        "newest": "1.36",
    }
    assert lint("--select", "removed-api-version", "--k8s-version", "1.35", REMOVED_IN_1_36).findings == []


def test_a_1_37_cluster_is_an_unknown_version_not_unsupported(tmp_path):
    outcome = lint("--select", "cluster-version-support", "--snapshot", _snapshot_on("1.37", tmp_path))
    assert outcome.code == 0  # info does not fail the run
    [finding] = outcome.findings
    assert (finding["severity"], finding["path"]) == ("info", "version")
    assert finding["message"] == (
        "Kubernetes 1.37 is an unknown version: newer than 1.36, the newest version eks-lint's data knows, "
        "so its support dates are unknown; run 'eks-lint data refresh' (or check a snapshot with "
        "DescribeClusterVersions) to judge it"
    )


def test_a_version_live_data_knows_is_not_unknown():
    inv = inventory("cluster-version-support/cluster-1.32-no-versions.json", today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.37"
    inv.parts["cluster_versions"] = [
        {k: str(v) if isinstance(v, datetime) else v for k, v in entry.items()}
        for entry in CLUSTER_VERSIONS_PAGE["clusterVersions"]
    ]
    assert findings("cluster-version-support", inv) == []


# --- data refresh / show ----------------------------------------------------------------------


def test_fetch_reads_both_apis_with_the_call_table(stubbed):
    _answer_both(stubbed)
    refreshed = eks_data.fetch(aws.ClientFactory(None), REGION, now=_utc("2026-12-04T10:30:00"))
    assert refreshed.refreshed_at == "2026-12-04T10:30:00Z"
    assert [v["clusterVersion"] for v in refreshed.cluster_versions] == ["1.37", "1.36"]
    assert [a["addonName"] for a in refreshed.addon_versions] == ["coredns"]
    assert refreshed.newest_version() == "1.37"


def test_refresh_then_an_offline_run_uses_the_saved_data(stubbed, tmp_path):
    _answer_both(stubbed)
    outcome = cli("data", "refresh", "--region", REGION)
    assert outcome.code == 0, outcome.stderr
    saved = eks_data.data_path()
    assert outcome.stdout == (
        f"saved 2 cluster versions and 1 add-ons from {REGION} to {saved} (newest Kubernetes version 1.37)\n"
    )
    stored = json.loads(saved.read_text())
    assert stored["format"] == "eks-lint/eks-data@1"
    assert stored["cluster_versions"][0]["endOfStandardSupportDate"] == "2027-12-14T00:00:00+00:00"

    # Offline: a 1.37 cluster is judged by the saved dates, and the run says which data it used.
    snapshot = _snapshot_on("1.37", tmp_path)
    outcome = lint("--select", "cluster-version-support", "--snapshot", snapshot, "--today", "2027-11-01")
    [finding] = outcome.findings
    assert finding["message"].startswith(
        "Kubernetes 1.37 leaves standard support on 2027-12-14, in 43 days (dates from eks-lint data "
        f"refresh on {stored['refreshed_at'][:10]}): upgrade to 1.38 before then"
    )
    summary = outcome.report["summary"]["eks_data"]
    assert (summary["refreshed_at"], summary["refreshed_region"], summary["newest"]) == (
        stored["refreshed_at"],
        REGION,
        "1.37",
    )
    # refreshed data is not stale on the day it was read (the saved 1.37 release is the newest)
    refreshed_on = stored["refreshed_at"][:10]
    outcome = lint("--select", "cluster-version-support", "--snapshot", snapshot, "--today", refreshed_on)
    assert (outcome.findings, outcome.stderr) == ([], "")

    shown = cli("data", "show", "--today", "2026-12-04")
    assert shown.code == 0
    assert shown.stdout.splitlines() == [
        "built-in tables: checked 2026-12-04, review by 2027-03-31, newest Kubernetes version 1.36",
        f"refreshed data: {stored['refreshed_at']} from {REGION} ({saved}), 2 cluster versions, 1 add-ons, "
        "newest Kubernetes version 1.37",
        "a run uses: live data from the cluster first, then the refreshed data, then the built-in tables; "
        "default --k8s-version 1.37",
    ]


def test_live_snapshot_data_wins_over_the_refreshed_data(stubbed, tmp_path):
    _answer_both(stubbed)
    assert cli("data", "refresh").code == 0
    snapshot = json.loads((SNAPSHOTS / "cluster-version-support" / "cluster-1.32.json").read_text())
    path = tmp_path / "live.json"
    path.write_text(json.dumps(snapshot))
    outcome = lint("--select", "cluster-version-support", "--snapshot", str(path), "--today", "2026-03-23")
    assert "(dates from DescribeClusterVersions)" in outcome.findings[0]["message"]


def test_access_denied_saves_nothing_and_exits_2(stubbed):
    stubbed.add_client_error(
        "describe_cluster_versions",
        service_error_code="AccessDeniedException",
        service_message="User: arn:aws:iam::111122223333:user/ci is not authorized to perform: "
        "eks:DescribeClusterVersions",
        http_status_code=403,
        expected_params={"includeAll": True},
    )
    outcome = cli("data", "refresh")
    assert outcome.code == 2
    assert outcome.stderr.splitlines() == [
        "eks-lint: data refresh: eks:DescribeClusterVersions failed (AccessDeniedException): User: "
        "arn:aws:iam::111122223333:user/ci is not authorized to perform: eks:DescribeClusterVersions; "
        "nothing was saved"
    ]
    assert not eks_data.data_path().exists()


def test_show_without_refreshed_data_says_so_and_warns_when_stale():
    outcome = cli("data", "show", "--today", "2026-12-04")
    assert outcome.code == 0
    assert outcome.stdout.splitlines()[1] == "refreshed data: none (run 'eks-lint data refresh')"
    assert outcome.stderr.splitlines() == [STALE_LINE]


def test_a_broken_cache_file_is_one_line_and_exit_2():
    eks_data.data_path().parent.mkdir(parents=True, exist_ok=True)
    eks_data.data_path().write_text("{not json")
    outcome = cli("data", "show")
    assert outcome.code == 2
    assert outcome.stderr == (
        f"eks-lint: {eks_data.data_path()}: not eks-lint refreshed EKS data; "
        "run 'eks-lint data refresh' again\n"
    )
