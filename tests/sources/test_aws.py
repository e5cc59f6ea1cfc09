"""The live AWS collector, end to end against moto (in-process and as a server) and Stubber."""

from __future__ import annotations

import io
import json
import textwrap
import threading

import pytest
from api_shapes import shape_problems
from aws_world import ACCOUNT, REGION, Clients, build_world, role_arn, stub_plan
from helpers import FIXTURES, cli, lint

from eks_lint.engine import runner
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.model import INVENTORY_PARTS
from eks_lint.sources import aws
from eks_lint.sources.snapshot import dump_snapshot, parse_snapshot

ALL_AWS_PARTS = set(INVENTORY_PARTS) - {"kubernetes"}
MOTO_PARTS = ALL_AWS_PARTS - {
    "addons",
    "addon_versions",
    "cluster_versions",
    "access_entries",
    "pod_identity_associations",
    "insights",
    "capabilities",
}
CONFIG = str(FIXTURES / "empty-config.yaml")


@pytest.fixture
def moto(aws_env):
    from moto import mock_aws

    with mock_aws():
        yield


@pytest.fixture
def session(moto):
    import boto3

    return boto3.Session(region_name=REGION)


def collect(clients, parts=ALL_AWS_PARTS, name="prod", workers=8, kube=None):
    collector = aws.Collector(name, clients=clients, parts=parts, region=REGION, workers=workers, kube=kube)
    return collector.collect(), collector.recorder


# --- end to end -------------------------------------------------------------------


def test_collects_every_part_in_real_api_shapes(session):
    clients = Clients(session, stub_plan())
    world = build_world(clients.raw)
    snapshot, recorder = collect(clients)
    clients.eks.assert_all_used()

    assert snapshot["errors"] == []
    assert (
        snapshot["account_id"] == ACCOUNT and snapshot["region"] == REGION and snapshot["partition"] == "aws"
    )
    assert set(snapshot) >= ALL_AWS_PARTS
    assert snapshot["cluster"]["name"] == "prod"
    assert [g["nodegroupName"] for g in snapshot["nodegroups"]] == world["nodegroups"]
    assert [p["fargateProfileName"] for p in snapshot["fargate_profiles"]] == ["serverless"]
    assert sorted(s["SubnetId"] for s in snapshot["subnets"]) == sorted(world["subnets"])
    assert sorted(t["InstanceType"] for t in snapshot["instance_types"]) == [
        "g5.xlarge",
        "m5.xlarge",
        "m6i.large",
        "m6i.xlarge",
    ]
    versions = {(v["LaunchTemplateId"], v["VersionNumber"]) for v in snapshot["launch_template_versions"]}
    assert versions == {(world["templates"][0], 1), (world["templates"][0], 2), (world["templates"][1], 1)}
    assert [g["AutoScalingGroupName"] for g in snapshot["auto_scaling_groups"]] == ["prod-gpu"]
    assert [p["Arn"] for p in snapshot["oidc_providers"]] == [world["provider"]]
    assert sorted(r["RoleName"] for r in snapshot["iam_roles"]) == sorted(
        ["prod-cluster", "prod-node", "prod-fargate"]
    )
    assert [a["addonName"] for a in snapshot["addons"]][:2] == ["vpc-cni", "coredns"]
    assert len(snapshot["addon_versions"]) == 5
    assert len(snapshot["access_entries"]) == 3 and len(snapshot["insights"]) == 3
    assert snapshot["pod_identity_associations"][0]["serviceAccount"] == "payments"
    assert {c["clusterVersion"] for c in snapshot["cluster_versions"]} >= {"1.33"}
    # The cluster (moto's has no vpcId) names its VPC through its subnets.
    assert [v["CidrBlockAssociationSet"][0]["CidrBlock"] for v in snapshot["vpcs"]] == ["10.40.0.0/16"]

    # What it wrote is a valid snapshot made of the services' own shapes.
    loaded = parse_snapshot(dump_snapshot(snapshot))
    assert shape_problems(json.loads(dump_snapshot(loaded.data))) == []


def test_roles_named_by_addons_and_pod_identity_and_trusted_providers_are_read(session):
    clients = Clients(session, stub_plan(addon_role=role_arn("prod-vpc-cni")))
    build_world(clients.raw)
    snapshot, _ = collect(
        clients, parts={"iam_roles", "oidc_providers", "pod_identity_associations", "addons"}
    )
    names = sorted(r["RoleName"] for r in snapshot["iam_roles"])
    assert "prod-vpc-cni" in names
    # healthy.json's Pod Identity role is in account 111122223333: GetRole cannot read
    # another account's role, so it is not asked for.
    assert "prod-shop-payments" not in names
    assert snapshot["errors"] == []


def test_no_secrets_in_the_snapshot(session):
    clients = Clients(session, stub_plan())
    build_world(clients.raw)

    def kube(view):
        view["kubernetes"] = [
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": "db"},
                "data": {"password": "aHVudGVyMg=="},
            },
            {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "metadata": {
                    "name": "api",
                    "namespace": "shop",
                    "annotations": {
                        "kubectl.kubernetes.io/last-applied-configuration": '{"AWS_SECRET": "x"}'
                    },
                },
                "spec": {
                    "template": {
                        "spec": {
                            "containers": [
                                {
                                    "name": "api",
                                    "env": [
                                        {
                                            "name": "AWS_SECRET_ACCESS_KEY",
                                            "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCY",
                                        },
                                        {"name": "SOME_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
                                        {"name": "LOG_LEVEL", "value": "debug"},
                                    ],
                                }
                            ]
                        }
                    }
                },
            },
        ]

    snapshot, _ = collect(clients, parts=ALL_AWS_PARTS | {"kubernetes"}, kube=kube)
    text = dump_snapshot(snapshot)
    for secret in (
        "hunter2",
        "aHVudGVyMg",
        "wJalrXUtnFEMI",
        "AKIAIOSFODNN7EXAMPLE",
        "last-applied",
        "UserData",
    ):
        assert secret not in text
    env = snapshot["kubernetes"][0]["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [
        {"name": "AWS_SECRET_ACCESS_KEY", "value": "REDACTED"},
        {"name": "SOME_ID", "value": "REDACTED"},
        {"name": "LOG_LEVEL", "value": "debug"},
    ]
    assert [o["kind"] for o in snapshot["kubernetes"]] == ["Deployment"]


def test_kube_hook_gets_the_cluster_and_its_errors_are_kept(session):
    clients = Clients(session, None)
    build_world(clients.raw, nodegroups=1)
    seen = {}

    def kube(view):
        seen["cluster"] = view["cluster"]["name"]
        view["errors"].append(
            {"operation": "k8s:connect", "target": "prod", "code": "Timeout", "part": "kubernetes"}
        )

    snapshot, _ = collect(clients, parts={"kubernetes", "subnets"}, kube=kube)
    assert seen == {"cluster": "prod"}
    assert "kubernetes" not in snapshot
    assert snapshot["errors"][0]["operation"] == "k8s:connect"


def test_only_the_calls_the_parts_need(session):
    clients = Clients(session, None)
    build_world(clients.raw)
    snapshot, recorder = collect(clients, parts={"subnets"})
    assert set(recorder.calls) == {
        "eks:DescribeCluster",
        "eks:ListNodegroups",
        "eks:DescribeNodegroup",
        "eks:ListFargateProfiles",
        "eks:DescribeFargateProfile",
        "ec2:DescribeSubnets",
    }
    assert {"cluster", "nodegroups", "fargate_profiles", "subnets"} <= set(snapshot)
    assert "iam_roles" not in snapshot and "instance_types" not in snapshot


def test_self_managed_groups_subnets_are_read_and_checked(patched_clients):
    """VPCZoneIdentifier (comma-separated) names subnets no node group or Fargate profile does."""
    world = {}
    patched_clients["setup"] = lambda clients: world.update(build_world(clients.raw, asg_subnets=2))
    outcome = lint("--cluster", "prod", "--region", REGION, "--select", "node-subnet-ip-headroom")
    assert outcome.code == 1, outcome.stderr
    findings = [f for f in outcome.findings if f["resource"]["id"] == "prod-gpu"]
    assert [(f["name"], f["severity"]) for f in findings] == [("node-subnet-ip-headroom", "warning")]
    message = findings[0]["message"]
    assert all(subnet in message for subnet in world["asg_subnets"])  # two /28s, 11 free each
    assert "have 22 free addresses; Auto Scaling group `prod-gpu` needs 258 for 2 more nodes" in message


def test_parts_follow_the_rules_declarations():
    from eks_lint.engine.model import Rule

    rules = [
        Rule(code="TST001", name="a", severity="info", summary="x", needs=("instance_types",)),
        Rule(code="TST002", name="b", severity="info", summary="x", kinds=("Deployment",)),
    ]
    assert aws.parts_for(rules) == {
        "cluster",
        "kubernetes",
        "instance_types",
        "nodegroups",
        "launch_template_versions",
        "auto_scaling_groups",
    }
    assert aws.parts_for([]) == set()


# --- call counts and the IAM policy ----------------------------------------------------


def test_describe_cluster_once_and_no_call_more_often_than_pagination_needs(session):
    clients = Clients(session, stub_plan(paged=True))
    world = build_world(clients.raw, nodegroups=6, subnets=4, asg_subnets=2)
    snapshot, recorder = collect(clients)
    clients.eks.assert_all_used()  # every stubbed page asked for exactly once
    calls = recorder.calls
    assert calls["eks:DescribeCluster"] == 1
    assert calls["eks:ListNodegroups"] == 1
    assert calls["eks:DescribeNodegroup"] == 6
    assert calls["eks:ListFargateProfiles"] == 1 and calls["eks:DescribeFargateProfile"] == 1
    assert calls["ec2:DescribeSubnets"] == 1  # 4 IDs + the self-managed group's 2, one batch
    assert calls["ec2:DescribeInstanceTypes"] == 1  # 4 types, one batch
    assert calls["ec2:DescribeLaunchTemplateVersions"] == 2  # one per template, all its versions at once
    assert calls["ec2:DescribeSecurityGroups"] == 1
    # The ASGs tagged for the cluster, then the node groups' own ASGs by name in one batch.
    assert calls["autoscaling:DescribeAutoScalingGroups"] == 2
    assert calls["autoscaling:DescribeLifecycleHooks"] == 1  # the one self-managed group
    assert calls["iam:ListOpenIDConnectProviders"] == 1
    assert calls["iam:GetOpenIDConnectProvider"] == 1  # only the cluster's provider
    assert calls["iam:GetRole"] == 3  # each distinct role once, though 6 node groups name one
    assert calls["eks:ListAddons"] == 3  # three pages
    assert calls["eks:DescribeAddon"] == 5 and calls["eks:DescribeAddonVersions"] == 5
    assert calls["eks:DescribeClusterVersions"] == 1
    assert calls["eks:ListAccessEntries"] == 1 and calls["eks:DescribeAccessEntry"] == 3
    assert calls["eks:ListPodIdentityAssociations"] == 1 and calls["eks:DescribePodIdentityAssociation"] == 1
    assert calls["eks:ListInsights"] == 1 and calls["eks:DescribeInsight"] == 3
    assert "eks:ListClusters" not in calls
    assert len(snapshot["nodegroups"]) == 6 and len(world["subnets"]) == 4
    assert sorted(s["SubnetId"] for s in snapshot["subnets"]) == sorted(
        world["subnets"] + world["asg_subnets"]
    )
    assert len(snapshot["addons"]) == 5


def test_batches_split_at_the_api_limits():
    ids = [f"subnet-{i:04d}" for i in range(450)]
    assert [len(b) for b in aws._chunks(ids, aws.SUBNET_BATCH)] == [200, 200, 50]
    assert aws.INSTANCE_TYPE_BATCH == 100  # DescribeInstanceTypes takes at most 100 types


def test_a_stale_id_fails_only_itself_not_its_batch(session):
    clients = Clients(session, None)
    world = build_world(clients.raw, nodegroups=1)
    collector = aws.Collector("prod", clients=clients, parts={"subnets"}, region=REGION)
    stale = "subnet-0deleted000000000"
    tasks = collector._batched(
        [*world["subnets"], stale], 200, "ec2:DescribeSubnets", "SubnetIds", "Subnets", "subnets"
    )
    for task in tasks:
        task()
    assert sorted(s["SubnetId"] for s in collector.data["subnets"]) == sorted(world["subnets"])
    assert [(e["target"], e["code"]) for e in collector.recorder.errors] == [
        (stale, "InvalidSubnetID.NotFound")
    ]


def test_iam_policy_covers_every_call_the_collector_made(session):
    from eks_lint.engine.registry import discover

    clients = Clients(session, stub_plan())
    build_world(clients.raw)
    every_rule = discover(plugins=False)
    _, recorder = collect(clients, parts=aws.parts_for(every_rule) - {"kubernetes"})
    outcome = cli("iam-policy", "--config", CONFIG)
    assert outcome.code == 0, outcome.stderr
    policy = json.loads(outcome.stdout)
    statement = policy["Statement"][0]
    assert policy["Version"] == "2012-10-17" and statement["Effect"] == "Allow"
    assert set(recorder.calls) <= set(statement["Action"])
    # Read-only: every action is a Describe, Get or List.
    assert all(a.split(":")[1].startswith(("Describe", "Get", "List")) for a in statement["Action"])
    assert "eks:ListClusters" in statement["Action"]  # --all-clusters
    # And a collection of every part is covered by the policy of every call.
    _, everything = collect(Clients(session, stub_plan()), parts=ALL_AWS_PARTS)
    assert set(everything.calls) <= set(
        aws.iam_policy(aws.calls_for(ALL_AWS_PARTS))["Statement"][0]["Action"]
    )


def test_iam_policy_shrinks_with_the_rule_selection():
    outcome = cli("iam-policy", "--config", CONFIG, "--select", "single-replica-workload")
    actions = json.loads(outcome.stdout)["Statement"][0]["Action"]
    assert "iam:GetRole" not in actions and "eks:DescribeCluster" in actions


def test_engine_names_the_failed_call_of_every_collector_operation():
    # The engine reads the collector's own table: an error on any call the
    # collector makes skips the rules needing that call's part, naming it.
    from eks_lint.engine.inventory import Inventory
    from eks_lint.engine.model import Rule

    for call in aws.CALLS:
        if call.part is None:
            continue
        meta = Rule(code="TST001", name="needs-part", severity="info", summary="s", needs=(call.part,))
        inventory = Inventory(errors=[{"operation": call.action, "code": "AccessDenied"}])
        reason = runner.skip_reason(meta, inventory)
        assert reason == f"needs {call.part}: {call.action} failed (AccessDenied)"


# --- faults ---------------------------------------------------------------------------


def _fail(client, operation, code, status, times=None):
    """Answer ``operation`` with an AWS error before it reaches moto (``times``: the first n only)."""
    from botocore.awsrequest import AWSResponse

    seen = {"count": 0}

    class _Raw:
        def __init__(self, body):
            self._body = body

        def stream(self, **_):
            yield self._body

    def handler(request, **_):
        seen["count"] += 1
        if times is not None and seen["count"] > times:
            return None
        if client.meta.service_model.protocol in ("query", "ec2"):
            body = (
                "<ErrorResponse><Error><Type>Sender</Type>"
                f"<Code>{code}</Code><Message>{code} for test</Message>"
                "</Error><RequestId>1</RequestId></ErrorResponse>"
            ).encode()
            headers = {"Content-Type": "text/xml"}
        else:
            body = json.dumps({"message": f"{code} for test"}).encode()
            headers = {"x-amzn-ErrorType": code, "Content-Type": "application/json"}
        return AWSResponse(request.url, status, headers, _Raw(body))

    client.meta.events.register_first(
        f"before-send.{client.meta.service_model.service_id.hyphenize()}.{operation}", handler
    )
    return seen


RULE_NEEDING_ROLES = textwrap.dedent(
    '''
    """Test rule.

    ## What it checks
    x
    """
    from eks_lint.engine.model import Rule

    RULE = Rule(code="TST001", name="roles-seen", severity="info", summary="x", needs=("iam_roles",))


    def check(inventory, options):
        return iter(())
    '''
)


@pytest.fixture
def patched_clients(monkeypatch, session):
    """The CLI's client factory, pointed at moto + Stubber (the collector code is unchanged)."""
    holder = {}

    def factory(session_, workers=aws.DEFAULT_WORKERS, endpoint_url=None):
        clients = Clients(session_, holder.get("plan", stub_plan()))
        if not holder.get("made"):  # the account is made once, however many runs read it
            holder["setup"](clients)
            holder["made"] = True
        if holder.get("each"):  # faults injected on every run's clients
            holder["each"](clients)
        holder["clients"] = clients
        return clients

    monkeypatch.setattr(aws, "ClientFactory", factory)
    # moto's clusters have no API server: the live Kubernetes reader (tested on its own
    # in test_kube.py) is replaced by one that finds no objects.
    monkeypatch.setattr(aws, "_kube_reader", lambda *args, **kwargs: lambda snapshot: None)
    return holder


def test_access_denied_on_one_api_skips_the_rules_that_need_it(patched_clients, tmp_path):
    patched_clients["setup"] = lambda clients: build_world(clients.raw)
    patched_clients["each"] = lambda clients: _fail(clients.raw("iam"), "GetRole", "AccessDenied", 403)
    (tmp_path / "roles_seen.py").write_text(RULE_NEEDING_ROLES, encoding="utf-8")
    outcome = lint(
        "--cluster", "prod", "--region", REGION, "--rules-dir", str(tmp_path), "--select", "TST001"
    )
    # No green exit on data that could not be read: exit 3, and stderr says what.
    assert outcome.code == 3, outcome.stderr
    assert outcome.stderr.splitlines() == [
        "eks-lint: could not read: iam:GetRole failed (AccessDenied)",
        "eks-lint: incomplete: the rules that read this data were skipped (-v names them); "
        "exit 3 (--allow-partial accepts a partial result)",
    ]
    assert outcome.report["summary"]["rules_skipped"] == [
        {"rule": "roles-seen", "reason": "needs iam_roles: iam:GetRole failed (AccessDenied)"}
    ]
    assert outcome.report["summary"]["clusters"][0]["name"] == "prod"
    accepted = lint(
        "--cluster",
        "prod",
        "--region",
        REGION,
        "--rules-dir",
        str(tmp_path),
        "--select",
        "TST001",
        "--allow-partial",
    )
    assert accepted.code == 0
    assert accepted.stderr == "eks-lint: could not read: iam:GetRole failed (AccessDenied)\n"


RULE_WANTING_SUBNETS = textwrap.dedent(
    '''
    """Test rule: reports a cluster with no subnets known, reading them when present.

    ## What it checks
    x
    """
    from eks_lint.engine.model import Finding, Rule
    from eks_lint.engine.inventory import aws

    RULE = Rule(
        code="TST002", name="subnets-seen", severity="error", summary="x",
        needs=("cluster",), wants=("subnets",),
    )


    def check(inventory, options):
        if not inventory.part("subnets"):
            yield Finding(aws("cluster", "prod"), "no subnets")
    '''
)


def test_a_rule_that_wants_a_part_whose_read_failed_is_skipped_not_run_on_its_absence(
    patched_clients, tmp_path
):
    patched_clients["setup"] = lambda clients: build_world(clients.raw)
    patched_clients["each"] = lambda clients: _fail(
        clients.raw("ec2"), "DescribeSubnets", "UnauthorizedOperation", 403
    )
    (tmp_path / "subnets_seen.py").write_text(RULE_WANTING_SUBNETS, encoding="utf-8")
    args = ("--cluster", "prod", "--region", REGION, "--rules-dir", str(tmp_path), "--select", "TST002")
    outcome = lint(*args)
    assert outcome.findings == []  # not "no subnets": they could not be read
    assert outcome.report["summary"]["rules_skipped"] == [
        {
            "rule": "subnets-seen",
            "reason": "wants subnets: ec2:DescribeSubnets failed (UnauthorizedOperation)",
        }
    ]
    assert outcome.code == 3
    assert outcome.stderr.startswith("eks-lint: could not read: ec2:DescribeSubnets failed (Unauthorized")
    assert lint(*args, "--allow-partial").code == 0


def test_collect_says_what_it_could_not_read_and_exits_3(patched_clients, tmp_path):
    patched_clients["setup"] = lambda clients: build_world(clients.raw)
    patched_clients["each"] = lambda clients: _fail(
        clients.raw("ec2"), "DescribeSubnets", "UnauthorizedOperation", 403
    )
    (tmp_path / "subnets_seen.py").write_text(RULE_WANTING_SUBNETS, encoding="utf-8")
    out = tmp_path / "prod.json"
    args = ("collect", "--config", CONFIG, "--cluster", "prod", "--region", REGION)
    args += ("--rules-dir", str(tmp_path), "--select", "TST002", "-o", str(out))
    outcome = cli(*args)
    assert outcome.code == 3
    lines = outcome.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(
        "eks-lint: could not read: cluster prod: ec2:DescribeSubnets"
    )
    assert lines[0].endswith("failed (UnauthorizedOperation): UnauthorizedOperation for test")
    # The snapshot is still written, without the part and with the error.
    data = json.loads(out.read_text())
    assert "subnets" not in data and data["cluster"]["name"] == "prod"
    assert [e["operation"] for e in data["errors"]] == ["ec2:DescribeSubnets"]
    accepted = cli(*args, "--allow-partial")
    assert accepted.code == 0 and accepted.stderr.count("\n") == 1


def test_a_denied_call_leaves_its_part_out_and_the_rest_in(session):
    clients = Clients(session, None)
    build_world(clients.raw, nodegroups=1)
    _fail(clients.raw("ec2"), "DescribeSubnets", "UnauthorizedOperation", 403)
    snapshot, _ = collect(clients, parts={"subnets", "instance_types"})
    assert "subnets" not in snapshot
    assert [t["InstanceType"] for t in snapshot["instance_types"]] == ["g5.xlarge", "m6i.large"]
    assert [(e["operation"], e["code"]) for e in snapshot["errors"]] == [
        ("ec2:DescribeSubnets", "UnauthorizedOperation")
    ]


def test_throttling_is_answered_by_retries(session):
    clients = Clients(session, None)
    build_world(clients.raw, nodegroups=2)
    seen = _fail(clients.raw("eks"), "DescribeNodegroup", "ThrottlingException", 400, times=2)
    snapshot, recorder = collect(clients, parts={"nodegroups"})
    assert snapshot["errors"] == []
    assert [g["nodegroupName"] for g in snapshot["nodegroups"]] == ["ng-00", "ng-01"]
    assert seen["count"] == 4  # two throttled requests, retried, plus the two that succeeded
    assert recorder.calls["eks:DescribeNodegroup"] == 2  # retries are not new calls


def test_expired_token_is_one_line_and_exit_2(patched_clients):
    def setup(clients):
        build_world(clients.raw, nodegroups=1)
        _fail(clients.raw("eks"), "DescribeCluster", "ExpiredTokenException", 403)

    patched_clients["setup"] = setup
    outcome = lint("--cluster", "prod", "--region", REGION)
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.count("\n") == 1 and "Traceback" not in outcome.stderr
    assert outcome.stderr.startswith(
        "eks-lint: AWS credentials rejected by eks:DescribeCluster (ExpiredTokenException)"
    )


def test_missing_credentials_is_one_line_and_exit_2(aws_env, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    outcome = lint("--cluster", "prod", "--region", REGION)
    assert outcome.code == 2
    assert outcome.stderr.startswith("eks-lint: no AWS credentials found")
    assert outcome.stderr.count("\n") == 1


def test_unknown_profile_is_one_line(aws_env):
    outcome = cli("collect", "--cluster", "prod", "--profile", "nope")
    assert outcome.code == 2
    assert (
        outcome.stderr
        == "eks-lint: --profile nope: no such AWS profile in ~/.aws/config or ~/.aws/credentials\n"
    )


def test_cluster_that_does_not_exist(patched_clients):
    patched_clients["setup"] = lambda clients: build_world(clients.raw, nodegroups=1)
    outcome = lint("--cluster", "prdo", "--region", REGION)
    assert outcome.code == 2
    assert (
        outcome.stderr == f"eks-lint: --cluster prdo: no such EKS cluster in {REGION}; clusters there: prod\n"
    )


def test_region_with_no_clusters(patched_clients):
    patched_clients["setup"] = lambda clients: None
    outcome = lint("--all-clusters", "--region", "us-west-2")
    assert outcome.code == 2
    assert outcome.stderr == "eks-lint: --all-clusters: no EKS clusters in us-west-2\n"


# --- the commands ----------------------------------------------------------------------


def test_collect_writes_a_snapshot_that_check_reads(patched_clients, tmp_path):
    patched_clients["setup"] = lambda clients: build_world(clients.raw, nodegroups=2)
    out = tmp_path / "prod.json"
    outcome = cli("collect", "--config", CONFIG, "--cluster", "prod", "--region", REGION, "-o", str(out))
    assert outcome.code == 0, outcome.stderr
    assert outcome.stderr == ""  # not a TTY: no progress line
    data = json.loads(out.read_text())
    assert data["format"] == "eks-lint/snapshot@1" and data["cluster"]["name"] == "prod"
    assert list(data)[:5] == ["format", "collected_at", "account_id", "region", "partition"]
    checked = lint("--snapshot", str(out), "--select", "single-replica-workload")
    assert checked.code == 0
    # Without -o the snapshot goes to stdout.
    again = cli("collect", "--config", CONFIG, "--cluster", "prod", "--region", REGION, "-q")
    assert again.code == 0 and json.loads(again.stdout)["cluster"]["name"] == "prod"


def test_check_all_clusters_one_run_per_cluster(patched_clients):
    def setup(clients):
        build_world(clients.raw, name="prod", nodegroups=1)
        build_world(clients.raw, name="stage", nodegroups=1)

    patched_clients["setup"] = setup
    patched_clients["plan"] = stub_plan("prod") + stub_plan("stage")
    outcome = cli("check", "--config", CONFIG, "--all-clusters", "--region", REGION, "--select", "EKS602")
    assert outcome.code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert lines[-3].startswith(f"cluster prod ({ACCOUNT}, {REGION}): ")
    assert lines[-2].startswith(f"cluster stage ({ACCOUNT}, {REGION}): ")
    assert lines[-1].endswith("in 2 clusters")


def _ebs_csi_versions(*compatible: tuple[str, tuple[str, ...]]) -> list[dict]:
    """DescribeAddonVersions' AddonInfo for the EBS CSI driver, each version with its cluster versions."""
    return [
        {
            "addonName": "aws-ebs-csi-driver",
            "type": "storage",
            "owner": "aws",
            "publisher": "eks",
            "addonVersions": [
                {
                    "addonVersion": version,
                    "architecture": ["amd64", "arm64"],
                    "compatibilities": [
                        {"clusterVersion": k8s, "platformVersions": ["*"], "defaultVersion": False}
                        for k8s in clusters
                    ],
                    "requiresConfiguration": False,
                }
                for version, clusters in compatible
            ],
        }
    ]


def test_addon_versions_cover_the_next_kubernetes_version(patched_clients):
    """addon-blocks-upgrade judges the next version (1.34) from what the collector read, not the table."""
    healthy = json.loads((FIXTURES / "snapshots" / "healthy.json").read_text(encoding="utf-8"))
    others = [info for info in healthy["addon_versions"] if info["addonName"] != "aws-ebs-csi-driver"]
    patched_clients["setup"] = lambda clients: build_world(clients.raw, nodegroups=1)
    # healthy.json runs v1.44.0-eksbuild.1 on 1.33 (moto's cluster is 1.33 too).
    patched_clients["plan"] = stub_plan(
        addon_versions=others
        + _ebs_csi_versions(
            ("v1.46.0-eksbuild.1", ("1.34", "1.35")),
            ("v1.45.0-eksbuild.1", ("1.32", "1.33", "1.34")),
            ("v1.44.0-eksbuild.1", ("1.31", "1.32", "1.33")),
        )
    )
    outcome = lint("--cluster", "prod", "--region", REGION, "--select", "addon-blocks-upgrade")
    assert outcome.code == 1, outcome.stderr
    asked = [json.loads(p) for m, p in patched_clients["clients"].eks.used if m == "describe_addon_versions"]
    assert sorted(a["addonName"] for a in asked) == sorted(a["addonName"] for a in healthy["addons"])
    assert all(list(a) == ["addonName"] for a in asked)  # one request per add-on, for every version
    assert [(f["resource"]["id"], f["severity"], f["message"]) for f in outcome.findings] == [
        (
            "aws-ebs-csi-driver",
            "error",
            "aws-ebs-csi-driver v1.44.0-eksbuild.1 (the aws-ebs-csi-driver add-on) is not compatible with "
            "Kubernetes 1.34 (DescribeAddonVersions lists v1.45.0-eksbuild.1 to v1.46.0-eksbuild.1): "
            "update it to v1.45.0-eksbuild.1 (compatible with 1.33 and 1.34) before upgrading the "
            "control plane",
        )
    ]
    # The same snapshot answers a --target-version chosen later, offline.
    two = lint(
        "--cluster",
        "prod",
        "--region",
        REGION,
        "--select",
        "addon-blocks-upgrade",
        "--target-version",
        "1.35",
    )
    assert "(DescribeAddonVersions lists v1.46.0-eksbuild.1)" in two.findings[0]["message"]


def test_collect_several_clusters_needs_a_folder(patched_clients, tmp_path):
    def setup(clients):
        build_world(clients.raw, name="prod", nodegroups=1)
        build_world(clients.raw, name="stage", nodegroups=1)

    patched_clients["setup"] = setup
    patched_clients["plan"] = stub_plan("prod") + stub_plan("stage")
    args = ("collect", "--config", CONFIG, "--all-clusters", "--select", "EKS602", "--region", REGION)
    assert cli(*args).stderr.startswith("eks-lint: several clusters: give -o FOLDER")
    assert cli(*args, "-o", str(tmp_path / "snaps")).code == 0
    assert sorted(p.name for p in (tmp_path / "snaps").iterdir()) == ["prod.json", "stage.json"]


def test_progress_line_only_on_a_tty():
    from eks_lint.cli.collect import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    progress = Progress(stream)
    progress.start("prod")
    progress.update(12, force=True)
    progress.done()
    assert "eks-lint: reading prod: 12 AWS calls" in stream.getvalue()
    quiet = Tty()
    Progress(quiet, quiet=True).start("prod")
    plain = io.StringIO()
    Progress(plain).start("prod")
    assert quiet.getvalue() == "" and plain.getvalue() == ""


# --- a moto server on 127.0.0.1, reached through endpoint_url --------------------------------


@pytest.fixture
def moto_server(aws_env):
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_collects_from_a_moto_server_through_endpoint_url(moto_server):
    import boto3

    session = boto3.Session(region_name=REGION)
    clients = aws.ClientFactory(session, workers=8, endpoint_url=moto_server)
    world = build_world(clients, nodegroups=4)
    collector = aws.Collector("prod", clients=clients, parts=MOTO_PARTS, region=REGION, workers=8)
    snapshot = collector.collect()
    assert snapshot["errors"] == []
    assert [g["nodegroupName"] for g in snapshot["nodegroups"]] == world["nodegroups"]
    assert sorted(s["SubnetId"] for s in snapshot["subnets"]) == sorted(world["subnets"])
    assert [p["Arn"] for p in snapshot["oidc_providers"]] == [world["provider"]]
    assert collector.recorder.calls["eks:DescribeCluster"] == 1
    assert shape_problems(json.loads(dump_snapshot(snapshot))) == []


def test_unreachable_endpoint_is_one_line(aws_env):
    import boto3

    session = boto3.Session(region_name=REGION)
    clients = aws.ClientFactory(session, workers=2, endpoint_url="http://127.0.0.1:9")
    clients.config = clients.config.merge(
        __import__("botocore.config", fromlist=["Config"]).Config(
            retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1
        )
    )
    with pytest.raises(EksLintError, match="cannot reach the EKS API"):
        aws.Collector("prod", clients=clients, parts={"cluster"}, region=REGION).collect()


HTML_404 = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n'
    b"<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL "
    b"manually please check your spelling and try again.</p>\n"
)


def _html_page(client, operation, status=404):
    """Answer ``operation`` with an HTML page (moto's for an API it lacks, or a proxy's):
    botocore's own parser turns it into the error the collector sees."""
    from botocore.awsrequest import AWSResponse

    class _Raw:
        def stream(self, **_):
            yield HTML_404

    def handler(request, **_):
        return AWSResponse(request.url, status, {"Content-Type": "text/html; charset=utf-8"}, _Raw())

    client.meta.events.register_first(
        f"before-send.{client.meta.service_model.service_id.hyphenize()}.{operation}", handler
    )


def test_an_html_error_page_is_stored_as_its_status_never_as_html(patched_clients, tmp_path):
    patched_clients["setup"] = lambda clients: build_world(clients.raw)
    patched_clients["each"] = lambda clients: _html_page(clients.raw("iam"), "GetRole")
    out = tmp_path / "prod.json"
    outcome = cli(
        "collect",
        "--config",
        CONFIG,
        "--cluster",
        "prod",
        "--region",
        REGION,
        "-o",
        str(out),
        "--allow-partial",
    )
    assert outcome.code == 0, outcome.stderr
    errors = json.loads(out.read_text())["errors"]
    failed = {(e["code"], e["message"]) for e in errors if e["operation"] == "iam:GetRole"}
    # botocore could not parse it (IAM answers XML): the code says so, the page is not kept.
    assert failed == {("ResponseParserError", "an HTML page, not an AWS API answer")}
    assert "<" not in out.read_text() and "Not Found</" not in outcome.stderr


def test_a_json_api_html_page_becomes_status_and_reason():
    from botocore.exceptions import ClientError
    from botocore.parsers import create_parser

    parsed = create_parser("rest-json").parse(
        {"status_code": 404, "headers": {"Content-Type": "text/html"}, "body": HTML_404}, None
    )
    assert "<title>" in parsed["Error"]["Message"]  # what botocore hands over
    code, message = aws._describe_error(ClientError(parsed, "ListInsights"))
    assert (code, message) == ("404", "HTTP 404 Not Found (an HTML page, not an AWS API answer)")


def test_a_long_or_multiline_message_is_one_bounded_line():
    code, message = aws._describe_error(ValueError("first\nsecond  " + "x" * 400))
    assert code == "ValueError" and "\n" not in message
    assert message.startswith("first second xx") and len(message) == aws.MAX_MESSAGE


def test_all_clusters_are_read_several_at_once_in_their_order(patched_clients):
    """--all-clusters reads --jobs clusters at once; the snapshots keep the region's order,
    and the progress line counts every cluster's calls."""
    names = ["alpha", "bravo", "charlie"]

    def setup(clients):
        for name in names:
            build_world(clients.raw, name=name, nodegroups=1)

    patched_clients["setup"] = setup
    patched_clients["plan"] = [step for name in names for step in stub_plan(name)]
    threads = set()
    original = aws.Collector.collect

    def collect(self):
        threads.add(threading.current_thread().name)
        return original(self)

    class Sink:
        def __init__(self):
            self.label, self.calls, self.finished = None, [], False

        def start(self, label):
            self.label = label

        def update(self, calls):
            self.calls.append(calls)

        def done(self):
            self.finished = True

    from eks_lint.engine.registry import discover

    rules = [r for r in discover() if r.meta.name == "single-replica-workload"]
    sink = Sink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aws.Collector, "collect", collect)
        snapshots = aws.collect_clusters(rules, all_clusters=True, region=REGION, progress=sink, jobs=3)
    assert [s["cluster"]["name"] for s in snapshots] == names
    assert len(threads) > 1 and all(t.startswith("eks-lint-cluster") for t in threads)
    assert sink.label == "3 clusters" and sink.finished
    # One DescribeCluster each (the rule reads Kubernetes objects): the line sums all three.
    assert sorted(sink.calls) == [1, 2, 3] and sink.calls[-1] == 3
