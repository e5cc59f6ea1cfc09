"""Fleet discovery and collection (``eks-lint targets``, ``collect --targets``)
against an AWS Organization of 10 accounts x 3 regions (200 clusters) in moto.

A member account that refuses the assume-role and a region that throttles
are injected with botocore ``before-call`` handlers answering as AWS does
(403 AccessDenied, 400 ThrottlingException), on the clients eks-lint makes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest
from fleet_world import MANAGEMENT, REGIONS, ROLE_NAME, build_fleet
from helpers import FIXTURES, cli

from eks_lint.engine.errors import EksLintError
from eks_lint.sources import fleet

CONFIG = str(FIXTURES / "empty-config.yaml")
SELECT = ("--config", CONFIG, "--select", "public-endpoint-open")


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    """One moto for the module (the organization takes seconds to build); what
    ``aws_env`` sets, set for the module: nothing real can be reached."""
    from moto import mock_aws

    home = tmp_path_factory.mktemp("aws")
    with pytest.MonkeyPatch.context() as patch:
        for key in (
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
            "AWS_REGION",
        ):
            patch.delenv(key, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        patch.setenv("AWS_CONFIG_FILE", str(home / "no-config"))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / "no-credentials"))
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        with mock_aws():
            yield


@pytest.fixture(scope="module")
def session(moto):
    import boto3

    return boto3.Session(region_name="eu-west-1")


@pytest.fixture(scope="module")
def org(session):
    return build_fleet(session)


def keys(lines):
    return sorted((line["account"], line["region"], line["cluster"]) for line in lines if "error" not in line)


def _answer(status: int, code: str, message: str):
    from botocore.awsrequest import AWSResponse

    return (
        AWSResponse("https://127.0.0.1/", status, {}, None),
        {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}},
    )


def hooked(factory, event, handler):
    """``factory``'s clients, with ``handler`` on ``event`` (before any call is made)."""

    def clients(service):
        client = factory(service)
        client.meta.events.register(event, handler, unique_id=event)
        return client

    return clients


class Refusing(fleet.Access):
    """The real Access, on clients where one account refuses the role and one
    (account, region) throttles ListClusters. Give it a session of its own:
    the refusal is registered on the session's events."""

    denied: str = ""
    throttled: tuple[str, str] = ("", "")

    def __init__(self, base, **kwargs):
        super().__init__(base, **kwargs)

        def refuse(params, **_):
            if self.denied and f"::{self.denied}:role/" in str(params.get("body")):
                return _answer(
                    403, "AccessDenied", f"not authorized to perform sts:AssumeRole on {self.denied}"
                )
            return None

        base.events.register("before-call.sts.AssumeRole", refuse, unique_id="refuse-one-account")

    def clients(self, role_arn, region, recorder):
        factory = super().clients(role_arn, region, recorder)
        account, throttled_region = self.throttled
        if role_arn and f"::{account}:" in role_arn and region == throttled_region:
            return hooked(
                factory,
                "before-call.eks.ListClusters",
                lambda **_: _answer(400, "ThrottlingException", "Rate exceeded"),
            )
        return factory


# --- discovery -------------------------------------------------------------------------------


def test_discovery_finds_all_200_clusters_of_the_organization(session, org):
    lines = list(
        fleet.discover(fleet.Access(session), organization=True, role_name=ROLE_NAME, regions=REGIONS)
    )
    assert len(org.clusters) == 200 and len(org.accounts) == 10
    assert keys(lines) == org.clusters
    assert [(line["account"], line["region"], line["cluster"]) for line in lines] == org.clusters  # sorted
    roles = {line["account"]: line["role_arn"] for line in lines}
    assert roles[MANAGEMENT] is None  # the caller's own account: its own credentials
    assert {roles[a] for a in org.accounts[1:]} == {
        f"arn:aws:iam::{a}:role/{ROLE_NAME}" for a in org.accounts[1:]
    }


class FourRegions(fleet.Access):
    """An account with four regions enabled, one of them opted in: DescribeRegions
    (without AllRegions) answers with those only, in the API's shape."""

    def clients(self, role_arn, region, recorder):
        enabled = [
            {"RegionName": name, "Endpoint": f"ec2.{name}.amazonaws.com", "OptInStatus": status}
            for name, status in (
                ("eu-west-1", "opt-in-not-required"),
                ("us-east-1", "opt-in-not-required"),
                ("ap-southeast-2", "opt-in-not-required"),
                ("me-south-1", "opted-in"),
            )
        ]
        from botocore.awsrequest import AWSResponse

        answer = (AWSResponse("https://127.0.0.1/", 200, {}, None), {"Regions": enabled})
        return hooked(
            super().clients(role_arn, region, recorder), "before-call.ec2.DescribeRegions", lambda **_: answer
        )


def test_discovery_without_regions_reads_the_enabled_regions_of_each_account(session, org):
    from eks_lint.sources.aws import Recorder

    member = org.accounts[6]
    recorder = Recorder()
    lines = list(
        fleet.discover(FourRegions(session), accounts=[member], role_name=ROLE_NAME, recorder=recorder)
    )
    assert keys(lines) == [c for c in org.clusters if c[0] == member]
    assert recorder.calls["ec2:DescribeRegions"] == 1
    assert recorder.calls["eks:ListClusters"] == 4  # each enabled region, me-south-1 (no clusters) too
    assert recorder.calls["sts:AssumeRole"] == 1


def test_accounts_flag_and_the_callers_own_account(session, org):
    member = org.accounts[3]
    lines = list(
        fleet.discover(fleet.Access(session), accounts=[member], role_name=ROLE_NAME, regions=REGIONS)
    )
    assert keys(lines) == [c for c in org.clusters if c[0] == member]
    own = list(fleet.discover(fleet.Access(session), regions=REGIONS))
    assert keys(own) == [c for c in org.clusters if c[0] == MANAGEMENT]
    with pytest.raises(EksLintError, match="give --role-name"):
        list(fleet.discover(fleet.Access(session), accounts=[member], regions=REGIONS))
    with pytest.raises(EksLintError, match="12-digit"):
        list(fleet.discover(fleet.Access(session), accounts=["12345"], role_name=ROLE_NAME))


def test_a_refused_account_and_a_throttled_region_are_recorded_and_the_rest_is_found(session, org):
    denied, slow = org.accounts[2], org.accounts[5]
    import boto3

    access = Refusing(boto3.Session(region_name="eu-west-1"))
    access.denied, access.throttled = denied, (slow, "us-east-1")
    lines = list(fleet.discover(access, organization=True, role_name=ROLE_NAME, regions=REGIONS))
    errors = [line for line in lines if "error" in line]
    assert errors == sorted(
        [
            {
                "account": denied,
                "role_arn": f"arn:aws:iam::{denied}:role/{ROLE_NAME}",
                "error": {
                    "operation": "sts:AssumeRole",
                    "code": "AccessDenied",
                    "message": f"not authorized to perform sts:AssumeRole on {denied}",
                },
            },
            {
                "account": slow,
                "region": "us-east-1",
                "role_arn": f"arn:aws:iam::{slow}:role/{ROLE_NAME}",
                "error": {
                    "operation": "eks:ListClusters",
                    "code": "ThrottlingException",
                    "message": "Rate exceeded",
                },
            },
        ],
        key=lambda e: e["account"],
    )
    expected = [c for c in org.clusters if c[0] != denied and (c[0], c[1]) != (slow, "us-east-1")]
    assert keys(lines) == expected and len(expected) == 200 - 20 - 7


def test_targets_command_exit_3_on_a_refusal_unless_allow_partial(session, org, monkeypatch, tmp_path):
    monkeypatch.setattr(Refusing, "denied", org.accounts[1])
    monkeypatch.setattr(fleet, "Access", Refusing)
    regions = ",".join(REGIONS)
    out = cli("targets", "--organization", "--role-name", ROLE_NAME, "--regions", regions)
    assert out.code == 3
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(keys(lines)) == 200 - 20
    assert f"eks-lint: could not read: {org.accounts[1]}: sts:AssumeRole (AccessDenied)" in out.stderr
    assert "eks-lint: 180 clusters in 9 accounts" in out.stderr
    written = tmp_path / "targets.jsonl"
    out = cli(
        "targets",
        "--organization",
        "--role-name",
        ROLE_NAME,
        "--regions",
        regions,
        "-o",
        str(written),
        "--allow-partial",
    )
    assert out.code == 0 and out.stdout == ""
    assert [json.loads(line) for line in written.read_text().splitlines()] == lines


def test_targets_command_for_the_callers_account(session, org):
    out = cli("targets", "--regions", "eu-west-1")
    assert out.code == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0] == {
        "account": MANAGEMENT,
        "region": "eu-west-1",
        "cluster": "team0-eu-west-1-0",
        "role_arn": None,
    }
    assert keys(lines) == [c for c in org.clusters if c[:2] == (MANAGEMENT, "eu-west-1")]


# --- targets files and shards ---------------------------------------------------------------


def test_read_targets_keeps_error_lines_and_refuses_bad_ones():
    good = '{"account": "111122223333", "region": "eu-west-1", "cluster": "prod", "role_arn": null}'
    error = '{"account": "444455556666", "role_arn": null, "error": {"operation": "sts:AssumeRole"}}'
    targets, errors = fleet.read_targets(f"{good}\n\n{error}\n", "t.jsonl")
    assert targets == [fleet.Target("111122223333", "eu-west-1", "prod")] and len(errors) == 1
    bad = {
        "{": "t.jsonl:1: not JSON",
        '{"account": "1", "region": "eu-west-1", "cluster": "a"}': "t.jsonl:1: account must be 12 digits",
        '{"account": "111122223333", "region": "eu-west-1", "cluster": "../x"}': "cluster must be an EKS",
        '{"account": "111122223333", "region": "Europe", "cluster": "a"}': "region must be like eu-west-1",
        '{"account": "111122223333", "region": "eu-west-1", "cluster": "a", "x": 1}': "unknown key 'x'",
        '{"account": "111122223333", "region": "eu-west-1", "cluster": "a", "role_arn": "r"}': "role_arn",
        f"{good}\n{good}": "t.jsonl:2: 111122223333/eu-west-1/prod is listed twice",
    }
    for text, message in bad.items():
        with pytest.raises(EksLintError, match=message.replace(".", r"\.").replace("/", "/")):
            fleet.read_targets(text, "t.jsonl")


def test_shards_are_stable_and_split_the_fleet_exactly():
    targets = [fleet.Target(f"{a:012d}", "eu-west-1", f"c{c}") for a in range(20) for c in range(10)]
    shards = [[t for t in targets if fleet.shard_of(t, 4) == i] for i in range(4)]
    assert sorted(t for shard in shards for t in shard) == sorted(targets)
    assert all(20 <= len(shard) <= 80 for shard in shards)  # spread, not all in one
    # The documented formula, so a shard can be recomputed anywhere: the first 8 bytes of
    # sha256("account/region/cluster"), big-endian, modulo the count (not the file's order).
    digest = hashlib.sha256(b"111122223333/eu-west-1/prod").digest()
    expected = int.from_bytes(digest[:8], "big") % 4
    assert (
        fleet.shard_of(fleet.Target("111122223333", "eu-west-1", "prod", "arn:aws:iam::1:role/x"), 4)
        == expected
    )


def test_shard_index_from_the_flag_or_the_batch_engines_variable():
    assert fleet.shard_from("2/5", None, {}) == (2, 5)
    assert fleet.shard_from(None, None, {"JOB_COMPLETION_INDEX": "1"}) is None
    assert fleet.shard_from(None, 4, {"JOB_COMPLETION_INDEX": "3"}) == (3, 4)
    assert fleet.shard_from(None, 4, {"AWS_BATCH_JOB_ARRAY_INDEX": "0"}) == (0, 4)
    for shard, shards, env, message in (
        ("4/4", None, {}, "below the count"),
        ("a/4", None, {}, "give INDEX/COUNT"),
        ("1/4", 4, {}, "leave out --shards"),
        (None, 4, {}, "no shard index"),
        (None, 4, {"JOB_COMPLETION_INDEX": "7"}, "JOB_COMPLETION_INDEX=7"),
    ):
        with pytest.raises(EksLintError, match=message):
            fleet.shard_from(shard, shards, env)


# --- collection -------------------------------------------------------------------------------


def write_targets(tmp_path: Path, lines) -> str:
    path = tmp_path / "targets.jsonl"
    path.write_text("".join(fleet.target_line(line) for line in lines), encoding="utf-8")
    return str(path)


def snapshot_files(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text())
        data.pop("collected_at")
        out[str(path.relative_to(folder))] = data
    return out


def test_collect_targets_writes_one_snapshot_per_cluster(session, org, tmp_path):
    lines = list(
        fleet.discover(fleet.Access(session), organization=True, role_name=ROLE_NAME, regions=REGIONS)
    )
    out = cli("collect", "--targets", write_targets(tmp_path, lines), "-o", str(tmp_path / "fleet"), *SELECT)
    assert out.code == 0, out.stderr
    files = snapshot_files(tmp_path / "fleet")
    assert sorted(files) == [f"{a}/{r}/{c}.json" for a, r, c in org.clusters]
    member = org.accounts[4]
    one = files[f"{member}/us-east-1/team4-us-east-1-1.json"]
    assert (one["account_id"], one["region"], one["cluster"]["name"]) == (
        member,
        "us-east-1",
        "team4-us-east-1-1",
    )
    assert one["cluster"]["arn"] == f"arn:aws:eks:us-east-1:{member}:cluster/team4-us-east-1-1"
    assert one["errors"] == []
    assert (tmp_path / "fleet" / "_failures.jsonl").read_text() == ""
    assert "eks-lint: 200/200 clusters written" in out.stderr
    # The snapshots are ordinary ones: check reads them.
    checked = cli(
        "check", "--snapshot", str(tmp_path / "fleet" / f"{member}/us-east-1/team4-us-east-1-0.json"), *SELECT
    )
    assert checked.code == 0 and "warning EKS401 public-endpoint-open" in checked.stdout


def test_collect_records_each_failure_and_completes_the_rest(session, org, tmp_path, monkeypatch):
    denied = org.accounts[1]
    monkeypatch.setattr(Refusing, "denied", denied)
    monkeypatch.setattr(fleet, "Access", Refusing)
    mine = [c for c in org.clusters if c[0] in (MANAGEMENT, denied) and c[1] == "eu-west-1"]
    lines = [
        fleet.Target(a, r, c, None if a == MANAGEMENT else f"arn:aws:iam::{a}:role/{ROLE_NAME}").to_json()
        for a, r, c in mine
    ]
    lines.append(fleet.Target(MANAGEMENT, "eu-west-1", "gone").to_json())
    lines.append(
        {
            "account": "999988887777",
            "role_arn": None,
            "error": {"operation": "sts:AssumeRole", "code": "AccessDenied", "message": "no"},
        }
    )
    folder = tmp_path / "fleet"
    out = cli("collect", "--targets", write_targets(tmp_path, lines), "-o", str(folder), *SELECT)
    assert out.code == 3
    written = sorted(snapshot_files(folder))
    assert written == [f"{a}/{r}/{c}.json" for a, r, c in mine if a == MANAGEMENT]
    failures = [json.loads(line) for line in (folder / "_failures.jsonl").read_text().splitlines()]
    assert failures[0]["account"] == "999988887777"  # carried over from discovery
    refused = [f for f in failures if f["account"] == denied]
    assert len(refused) == len([c for c in mine if c[0] == denied]) == 7
    assert {f["error"]["code"] for f in refused} == {"AccessDenied"}
    gone = failures[-1]
    assert (gone["cluster"], gone["error"]["operation"]) == ("gone", "collect")
    assert "no such EKS cluster in eu-west-1" in gone["error"]["message"]
    assert f"eks-lint: could not read: {MANAGEMENT}/eu-west-1/gone: collect (EksLintError)" in out.stderr
    assert (
        cli(
            "collect",
            "--targets",
            write_targets(tmp_path, lines),
            "-o",
            str(folder),
            "--allow-partial",
            *SELECT,
        ).code
        == 0
    )


def test_one_target_as_json_and_its_own_failures_file(session, org, tmp_path):
    account, region, name = org.clusters[0]
    target = json.dumps(
        {
            "account": account,
            "region": region,
            "cluster": name,
            "role_arn": None if account == MANAGEMENT else f"arn:aws:iam::{account}:role/{ROLE_NAME}",
        }
    )
    out = cli("collect", "--target", target, "-o", str(tmp_path), *SELECT)
    assert out.code == 0, out.stderr
    assert sorted(snapshot_files(tmp_path)) == [f"{account}/{region}/{name}.json"]
    assert (tmp_path / f"_failures.{account}.{region}.{name}.jsonl").read_text() == ""
    assert cli("collect", "--target", "{", "-o", str(tmp_path), *SELECT).stderr.startswith(
        "eks-lint: --target: not JSON"
    )
    assert cli("collect", "--target", target, "--shard", "0/2", "-o", str(tmp_path), *SELECT).code == 2


def test_collect_to_s3_writes_objects_under_the_prefix(session, org, tmp_path):
    session.client("s3").create_bucket(
        Bucket="audits", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    mine = [c for c in org.clusters if c[0] == MANAGEMENT and c[1] == "eu-west-1"]
    lines = [fleet.Target(*c).to_json() for c in mine]
    out = cli(
        "collect",
        "--targets",
        write_targets(tmp_path, lines),
        "--shard",
        "1/2",
        "-o",
        "s3://audits/2026-12-04",
        *SELECT,
    )
    assert out.code == 0, out.stderr
    listed = session.client("s3").list_objects_v2(Bucket="audits")["Contents"]
    expected = [
        f"2026-12-04/{a}/{r}/{c}.json" for a, r, c in mine if fleet.shard_of(fleet.Target(a, r, c), 2) == 1
    ]
    assert 0 < len(expected) < len(mine)
    assert sorted(o["Key"] for o in listed) == sorted([*expected, "2026-12-04/_failures.shard-1-of-2.jsonl"])
    body = session.client("s3").get_object(Bucket="audits", Key=expected[0])["Body"].read()
    assert json.loads(body)["cluster"]["name"] == expected[0].rsplit("/", 1)[1].removesuffix(".json")


def test_fleet_flags_need_targets_and_an_output_folder(session, org, tmp_path):
    assert "--shard goes with --targets" in cli("collect", "--cluster", "x", "--shard", "0/2", *SELECT).stderr
    path = write_targets(tmp_path, [])
    assert "give -o FOLDER" in cli("collect", "--targets", path, *SELECT).stderr
    (tmp_path / "file").write_text("")
    assert "not a folder" in cli("collect", "--targets", path, "-o", str(tmp_path / "file"), *SELECT).stderr
    assert (
        "--context names one cluster"
        in cli("collect", "--targets", path, "--context", "c", "-o", str(tmp_path), *SELECT).stderr
    )


def test_at_most_per_account_clusters_of_one_account_at_once(monkeypatch):
    """The scheduler's cap, seen from inside: a fake read that counts what runs alongside it."""
    targets = [fleet.Target(f"{a:012d}", "eu-west-1", f"c{c}") for a in range(3) for c in range(12)]
    lock, running, peak, total_peak = threading.Lock(), {}, {}, [0]
    release = threading.Event()
    started = threading.Semaphore(0)

    def fake(target, rules, parts, access, recorder, kube=None):
        with lock:
            running[target.account] = running.get(target.account, 0) + 1
            peak[target.account] = max(peak.get(target.account, 0), running[target.account])
            total_peak[0] = max(total_peak[0], sum(running.values()))
        started.release()
        release.wait(5)
        with lock:
            running[target.account] -= 1
        return {"format": "eks-lint/snapshot@1", "errors": []}

    class Memory:
        def __init__(self):
            self.paths = []

        def write(self, relative, text):
            self.paths.append(relative)
            return relative

    monkeypatch.setattr(fleet, "collect_target", fake)
    output = Memory()
    done = {}
    worker = threading.Thread(
        target=lambda: done.setdefault(
            "r", fleet.collect_fleet(targets, [], None, output, jobs=8, per_account=2)
        )
    )
    worker.start()
    for _ in range(6):  # 3 accounts x 2: the pool (8) is not what stops the seventh
        assert started.acquire(timeout=5)
    assert not started.acquire(timeout=0.05)
    release.set()
    worker.join(10)
    assert peak == {f"{a:012d}": 2 for a in range(3)} and total_peak[0] == 6
    assert sorted(output.paths) == sorted(f"{t.key}.json" for t in targets)
    assert [t.key for t in done["r"].written] == [t.key for t in targets]  # in the targets file's order


# --- the IAM policy ------------------------------------------------------------------------------


def test_iam_policy_has_discovery_in_its_own_statement_and_the_write_only_when_asked():
    out = cli("iam-policy", "--config", CONFIG, "--select", "public-endpoint-open")
    statements = {s["Sid"]: s for s in json.loads(out.stdout)["Statement"]}
    assert list(statements) == ["EksLintReadOnly", "EksLintFleetDiscovery", "EksLintAssumeMemberRole"]
    assert statements["EksLintReadOnly"]["Action"] == ["eks:DescribeCluster", "eks:ListClusters"]
    assert statements["EksLintFleetDiscovery"]["Action"] == [
        "ec2:DescribeRegions",
        "eks:ListClusters",
        "organizations:ListAccounts",
    ]  # not sts:GetCallerIdentity: it needs no permission
    assert statements["EksLintAssumeMemberRole"] == {
        "Sid": "EksLintAssumeMemberRole",
        "Effect": "Allow",
        "Action": ["sts:AssumeRole"],
        "Resource": "arn:aws:iam::*:role/EksLintReader",
    }
    assert "s3:PutObject" not in out.stdout
    out = cli("iam-policy", "--config", CONFIG, "--role-name", "Audit", "--s3-output", "s3://audits/weekly")
    statements = {s["Sid"]: s for s in json.loads(out.stdout)["Statement"]}
    assert statements["EksLintAssumeMemberRole"]["Resource"] == "arn:aws:iam::*:role/Audit"
    assert statements["EksLintWriteSnapshots"] == {
        "Sid": "EksLintWriteSnapshots",
        "Effect": "Allow",
        "Action": ["s3:PutObject"],
        "Resource": "arn:aws:s3:::audits/weekly/*",
    }


def test_iam_policy_fleet_prints_the_member_role_and_its_trust():
    runner = "arn:aws:iam::111122223333:role/eks-lint-runner"
    out = cli(
        "iam-policy",
        "--config",
        CONFIG,
        "--select",
        "public-endpoint-open",
        "--fleet",
        "--trusted-principal",
        runner,
    )
    assert out.code == 0, out.stderr
    policies = json.loads(out.stdout)
    member = policies["member_role"]
    assert member["role_name"] == "EksLintReader"
    assert member["policy"]["Statement"][0]["Action"] == [
        "ec2:DescribeRegions",
        "eks:DescribeCluster",
        "eks:ListClusters",
    ]
    assert member["trust_policy"]["Statement"] == [
        {"Sid": "EksLintRunner", "Effect": "Allow", "Principal": {"AWS": runner}, "Action": "sts:AssumeRole"}
    ]
    assert [s["Sid"] for s in policies["runner_policy"]["Statement"]] == [
        "EksLintReadOnly",
        "EksLintFleetDiscovery",
        "EksLintAssumeMemberRole",
    ]
    missing = cli("iam-policy", "--config", CONFIG, "--fleet")
    assert missing.code == 2 and "give --trusted-principal ARN" in missing.stderr


def test_clients_are_shared_per_role_and_region_iam_per_role_and_renewed_before_expiry(session, org):
    import time

    from eks_lint.sources.aws import Recorder

    now = [time.time()]
    access = fleet.Access(session, clock=lambda: now[0])
    recorder = Recorder()
    role = f"arn:aws:iam::{org.accounts[1]}:role/{ROLE_NAME}"
    west, east = access.clients(role, "eu-west-1", recorder), access.clients(role, "us-east-1", recorder)
    assert access.clients(role, "eu-west-1", recorder) is west
    assert west("eks") is not east("eks") and west("eks").meta.region_name == "eu-west-1"
    assert west("iam") is east("iam")  # a global service: one client for the role's regions
    assert recorder.calls["sts:AssumeRole"] == 1  # once per role, not per region
    identity = west("sts").get_caller_identity()
    assert identity["Account"] == org.accounts[1]
    now[0] += 3600 - fleet.RENEW_BEFORE + 1  # moto's credentials last an hour
    renewed = access.clients(role, "eu-west-1", recorder)
    assert renewed is not west and recorder.calls["sts:AssumeRole"] == 2
    assert renewed("iam") is not west("iam")


def test_a_new_clients_paginators_are_loaded_once_under_the_lock_not_by_each_thread(session):
    """botocore's loader caches without a lock: clients first paged by many threads at
    once each walked botocore's data folders (a quarter of a fleet run's CPU)."""
    from eks_lint.sources.aws import ClientFactory

    factory = ClientFactory(session)
    eks = factory("eks")
    loader = session._session.get_component("data_loader")
    loads = []
    real = loader.load_service_model
    loader.load_service_model = lambda *args, **kwargs: loads.append(args) or real(*args, **kwargs)
    try:
        barrier = threading.Barrier(8)

        def page() -> None:
            barrier.wait()
            eks.get_paginator("list_clusters")
            factory("eks").get_paginator("list_addons")

        threads = [threading.Thread(target=page) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del loader.load_service_model
    assert loads == []  # loaded when the client was made
    assert eks.can_paginate("list_clusters") and not eks.can_paginate("describe_cluster")


def _token_credential(token: str) -> str:
    """The access key a Kubernetes token's presigned GetCallerIdentity was signed with."""
    import base64
    from urllib.parse import parse_qs, urlsplit

    from eks_lint.sources.eks_token import TOKEN_PREFIX

    encoded = token.removeprefix(TOKEN_PREFIX)
    url = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    return parse_qs(urlsplit(url).query)["X-Amz-Credential"][0]


def test_kubernetes_tokens_are_minted_with_the_targets_role_without_a_session_per_cluster(
    session, org, monkeypatch
):
    import boto3

    from eks_lint.sources.aws import Recorder
    from eks_lint.sources.eks_token import get_token
    from eks_lint.sources.kube import _aws_identity

    access = fleet.Access(session)
    recorder = Recorder()
    role = f"arn:aws:iam::{org.accounts[1]}:role/{ROLE_NAME}"
    key = access.clients(role, "eu-west-1", recorder)("sts").get_caller_identity()  # the role's identity
    assert key["Account"] == org.accounts[1]

    def no_new_session(*args, **kwargs):
        raise AssertionError("a boto3 session made per cluster")

    monkeypatch.setattr(boto3, "Session", no_new_session)
    monkeypatch.setattr(boto3.session, "Session", no_new_session)
    role_session = access.session(role, "us-east-1", recorder)
    assumed = access._credentials[role][0]["AccessKeyId"]
    credential = _token_credential(get_token("prod", role_session, "us-east-1"))
    assert credential.startswith(f"{assumed}/") and "/us-east-1/sts/aws4_request" in credential
    origin, resolve = _aws_identity(role_session, "us-east-1")
    assert origin == f"the IAM principal of the AWS credentials from role {role}"
    assert f"assumed-role/{ROLE_NAME}/" in resolve() and org.accounts[1] in resolve()
    assert recorder.calls["sts:AssumeRole"] == 1  # the clients' AssumeRole, reused
    # A target without a role: the caller's own credentials.
    own = access.session(None, "eu-west-1", recorder)
    caller = session.get_credentials()
    assert _token_credential(get_token("prod", own, "eu-west-1")).startswith(f"{caller.access_key}/")
    origin, _ = _aws_identity(own, "eu-west-1")
    assert origin == f"the IAM principal of the AWS credentials from {caller.method}"


class Silent(fleet.Access):
    """One region's EKS endpoint does not answer (after botocore's retries)."""

    def clients(self, role_arn, region, recorder):
        factory = super().clients(role_arn, region, recorder)
        if region != "us-east-1":
            return factory

        def silent(**_):
            from botocore.exceptions import EndpointConnectionError

            raise EndpointConnectionError(endpoint_url="https://eks.us-east-1.amazonaws.com/clusters")

        return hooked(factory, "before-call.eks.ListClusters", silent)


def test_a_silent_region_does_not_stop_the_other_regions_being_read(session, org):
    lines = list(fleet.discover(Silent(session), organization=True, role_name=ROLE_NAME, regions=REGIONS))
    errors = [line for line in lines if "error" in line]
    assert {(e["region"], e["error"]["code"]) for e in errors} == {("us-east-1", "EndpointConnectionError")}
    assert len(errors) == len(org.accounts)  # each account's us-east-1, said once each
    assert keys(lines) == [c for c in org.clusters if c[1] != "us-east-1"]


def test_bad_regions_role_names_and_buckets_are_one_line_errors(session, org, tmp_path):
    with pytest.raises(EksLintError, match="'eu-west' is not a region name"):
        list(fleet.discover(fleet.Access(session), regions=["eu-west"]))
    with pytest.raises(EksLintError, match="not an IAM role name"):
        list(
            fleet.discover(
                fleet.Access(session), accounts=[org.accounts[1]], role_name="a role", regions=REGIONS
            )
        )
    target = json.dumps({"account": MANAGEMENT, "region": "eu-west-1", "cluster": "team0-eu-west-1-0"})
    out = cli("collect", "--target", target, "-o", "s3://no-such-bucket/runs/", *SELECT)
    assert out.code == 2
    assert out.stderr.startswith("eks-lint: -o s3://no-such-bucket/runs/: s3:PutObject runs/")
    assert "failed (NoSuchBucket)" in out.stderr and len(out.stderr.splitlines()) == 1
