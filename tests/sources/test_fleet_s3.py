"""``check --snapshot s3://bucket/prefix/``: a fleet read from S3 (moto), one object at a time."""

from __future__ import annotations

import json

import pytest
from fleet_snapshots import relative_path, snapshot, where
from helpers import lint

TODAY = "2026-03-16"
BUCKET = "platform-eks-fleet"
COUNT = 12


@pytest.fixture
def s3(aws_env):
    import boto3
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def _put_fleet(client, prefix: str) -> None:
    for index in range(COUNT):
        body = json.dumps(snapshot(index), indent=1).encode()
        client.put_object(Bucket=BUCKET, Key=f"{prefix}{relative_path(index)}", Body=body)


def test_a_prefix_is_checked_like_the_same_folder(s3, tmp_path):
    _put_fleet(s3, "2026-03-16/")
    # Not snapshots of this fleet: another prefix, and a key that is not .json.
    s3.put_object(Bucket=BUCKET, Key="2026-03-09/210000000000/eu-west-1/c999.json", Body=b"[]")
    s3.put_object(Bucket=BUCKET, Key="2026-03-16/targets.jsonl", Body=b"{}\n")
    from_s3 = lint("--snapshot", f"s3://{BUCKET}/2026-03-16/", "--today", TODAY)
    assert from_s3.code == 1, from_s3.stderr
    folder = tmp_path / "fleet"
    for index in range(COUNT):
        path = folder / relative_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(snapshot(index), indent=1))
    from_folder = lint("--snapshot", str(folder), "--today", TODAY)
    assert from_s3.findings == from_folder.findings
    sources = [cluster["source"] for cluster in from_s3.report["summary"]["clusters"]]
    assert sources == [
        f"s3://{BUCKET}/2026-03-16/{relative_path(i)}" for i in sorted(range(COUNT), key=relative_path)
    ]


def test_an_unreadable_object_is_reported_and_the_rest_checked(s3):
    _put_fleet(s3, "fleet/")
    s3.put_object(Bucket=BUCKET, Key="fleet/broken.json", Body=b'{"format": "eks-lint/snapshot@1"')
    outcome = lint("--snapshot", f"s3://{BUCKET}/fleet/", "--today", TODAY)
    assert outcome.code == 3
    assert (
        f"eks-lint: could not read: s3://{BUCKET}/fleet/broken.json:1:33: snapshot is not valid JSON: "
        "Expecting ',' delimiter" in outcome.stderr.splitlines()
    )
    assert len(outcome.report["summary"]["clusters"]) == COUNT


def test_a_missing_bucket_or_an_empty_prefix_is_one_line(s3):
    outcome = lint("--snapshot", "s3://no-such-bucket-here/fleet/")
    assert outcome.code == 2
    assert outcome.stderr == (
        "eks-lint: --snapshot s3://no-such-bucket-here/fleet/: cannot list the objects "
        "(s3:ListObjectsV2: NoSuchBucket)\n"
    )
    outcome = lint("--snapshot", f"s3://{BUCKET}/nothing-here/")
    assert outcome.code == 2
    assert "no .json snapshot object under this prefix" in outcome.stderr


def test_sarif_points_at_the_s3_object(s3, tmp_path):
    _put_fleet(s3, "fleet/")
    out = tmp_path / "fleet.sarif"
    outcome = lint("--snapshot", f"s3://{BUCKET}/fleet/", "--today", TODAY, "-f", "sarif", "-o", str(out))
    assert outcome.code == 1, outcome.stderr
    results = json.loads(out.read_text())["runs"][0]["results"]
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        account, region, name = where(int(result["properties"]["cluster"][1:]))
        assert location["artifactLocation"] == {"uri": f"s3://{BUCKET}/fleet/{account}/{region}/{name}.json"}
        assert location["region"]["startLine"] > 1


def test_a_snapshot_folder_does_not_import_boto3():
    """An s3:// location is what imports boto3; a folder of snapshots does not."""
    import subprocess
    import sys

    from helpers import FIXTURES, ROOT

    code = (
        "import sys\nfrom eks_lint.cli import main\n"
        f"main(['check', '-q', '--snapshot', {str(FIXTURES / 'snapshots' / 'cluster-version-support')!r},"
        " '--today', '2026-03-16', '-f', 'json', '-o', '/dev/null'])\n"
        "print('boto3' in sys.modules, 'botocore' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.split() == ["False", "False"]
