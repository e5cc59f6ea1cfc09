"""Faults of the live AWS reads: an endpoint that never answers costs a bounded
time, once per service, and is recorded, never passed over in silence.

Each collection runs under ``run_bounded`` (a hang fails the test in seconds);
the budgets are shrunk for the tests, the defaults are asserted separately.
"""

from __future__ import annotations

import time

import pytest
from aws_world import REGION, Clients, build_world
from fake_apiserver import SilentServer, run_bounded

from eks_lint.engine.errors import EksLintError
from eks_lint.sources import aws


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.stop()


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(aws, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(aws, "CONNECT_TIMEOUT", 0.5)
    monkeypatch.setattr(aws, "READ_TIMEOUT", 0.3)


def test_the_default_budget_is_the_documented_one():
    config = aws.boto_config()
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 4}  # the first one included
    assert (config.connect_timeout, config.read_timeout) == (5.0, 15.0)
    # What a silent endpoint costs one service, backoff aside: about a minute, not twelve.
    assert aws.MAX_ATTEMPTS * aws.READ_TIMEOUT == 60


def test_a_silent_eks_endpoint_is_one_line_after_the_budget(aws_env, silent, small_budget):
    import boto3

    clients = aws.ClientFactory(boto3.Session(region_name=REGION), workers=2, endpoint_url=silent.url)
    collector = aws.Collector("prod", clients=clients, parts={"cluster", "nodegroups"}, region=REGION)
    started = time.monotonic()
    with pytest.raises(EksLintError) as raised:
        run_bounded(20, collector.collect)
    assert time.monotonic() - started < 10
    message = str(raised.value)
    assert message.startswith("cannot reach the EKS API: Read timeout on endpoint URL")
    assert message.endswith("(no answer after 2 attempts)") and "\n" not in message
    assert silent.connections == 2  # the attempts, and nothing more


def test_a_silent_service_is_waited_on_once_then_recorded_as_not_tried(aws_env, silent, small_budget):
    from moto import mock_aws

    with mock_aws():
        import boto3

        session = boto3.Session(region_name=REGION)
        world_clients = Clients(session, None)
        build_world(world_clients.raw, nodegroups=1)
        silent_ec2 = session.client("ec2", endpoint_url=silent.url, config=aws.boto_config())

        def clients(service):
            return silent_ec2 if service == "ec2" else world_clients(service)

        collector = aws.Collector(
            "prod", clients=clients, parts={"subnets", "launch_template_versions"}, region=REGION
        )
        started = time.monotonic()
        snapshot = run_bounded(20, collector.collect)
    assert time.monotonic() - started < 10
    errors = [(e["operation"], e["code"], e.get("part")) for e in snapshot["errors"]]
    # One DescribeSubnets call waited; the two node groups' launch templates were not tried.
    assert errors == [
        ("ec2:DescribeSubnets", "ReadTimeoutError", "subnets"),
        ("ec2:DescribeLaunchTemplateVersions", "ReadTimeoutError", "launch_template_versions"),
        ("ec2:DescribeLaunchTemplateVersions", "ReadTimeoutError", "launch_template_versions"),
    ]
    assert snapshot["errors"][0]["message"].endswith("(no answer after 2 attempts)")
    for error in snapshot["errors"][1:]:
        assert error["message"].startswith("not tried: an earlier ec2 call got Read timeout")
    assert "subnets" not in snapshot and "launch_template_versions" not in snapshot
    assert snapshot["nodegroups"]  # what the other services answered is kept
    assert silent.connections == 2  # one call's attempts; the second call did not wait again


def test_a_failed_call_names_the_part_it_leaves_out_and_not_found_does_not():
    recorder = aws.Recorder()
    recorder.error("iam:GetRole", "arn:aws:iam::1:role/a", "AccessDenied", "no")
    recorder.error("iam:GetRole", "arn:aws:iam::1:role/b", "NoSuchEntity", "gone")
    recorder.error("eks:ListClusters", "eu-west-1", "AccessDenied", "no")
    assert [e.get("part") for e in recorder.errors] == ["iam_roles", None, None]
    assert recorder.failed_parts == {"iam_roles"}


# --- the run-wide deadline (--deadline) ------------------------------------------------


def test_the_deadline_counts_from_its_start_on_the_clock_it_is_given():
    now = [100.0]
    deadline = aws.Deadline(5, clock=lambda: now[0])
    assert (deadline.remaining(), deadline.passed()) == (5, False)
    now[0] = 104.5
    assert (deadline.remaining(), deadline.passed()) == (0.5, False)
    now[0] = 105.0
    assert (deadline.remaining(), deadline.passed()) == (0, True)
    assert aws.Deadline(None).remaining() is None and not aws.Deadline(None).passed()


def test_past_the_deadline_no_call_is_made_and_each_is_recorded():
    calls = []

    class Client:
        def describe_cluster(self, **params):
            calls.append(params)
            return {"cluster": {"name": "prod"}}

    recorder = aws.Recorder(deadline=aws.Deadline(1, clock=iter([0.0, 5.0, 5.0, 5.0]).__next__))
    reader = aws.Reader(lambda service: Client(), recorder)
    assert reader.call("eks:DescribeCluster", "prod", name="prod") is None
    assert calls == []
    assert recorder.errors == [
        {
            "operation": "eks:DescribeCluster",
            "target": "prod",
            "code": "DeadlineExceeded",
            "message": "not made: the --deadline of 1 s had passed",
            "part": "cluster",
        }
    ]


def test_the_deadline_stops_a_collection_waiting_on_a_silent_service(aws_env, silent):
    """The default budget (4 attempts x 15 s read timeout) would wait a minute on
    the silent EC2 endpoint; a 4 s deadline ends the collection at 4 s. What was
    read before is kept, what was not is recorded and left out."""
    from moto import mock_aws

    with mock_aws():
        import boto3

        session = boto3.Session(region_name=REGION)
        world_clients = Clients(session, None)
        build_world(world_clients.raw, nodegroups=1)
        silent_ec2 = session.client("ec2", endpoint_url=silent.url, config=aws.boto_config())

        def clients(service):
            return silent_ec2 if service == "ec2" else world_clients(service)

        collector = aws.Collector(
            "prod",
            clients=clients,
            parts={"subnets", "launch_template_versions"},
            region=REGION,
            recorder=aws.Recorder(deadline=aws.Deadline(4)),
        )
        started = time.monotonic()
        snapshot = run_bounded(20, collector.collect)
    assert 4 <= time.monotonic() - started < 12
    errors = [(e["operation"], e["code"], e.get("part"), e["message"]) for e in snapshot["errors"]]
    assert errors == [
        (
            "ec2:DescribeSubnets",
            "DeadlineExceeded",
            "subnets",
            "abandoned before its answer: the --deadline of 4 s had passed",
        ),
        # Read in the same phase as the subnets: a phase cut short keeps none of its parts.
        (
            "autoscaling:DescribeAutoScalingGroups",
            "DeadlineExceeded",
            "auto_scaling_groups",
            "auto_scaling_groups not read: the --deadline of 4 s had passed",
        ),
        (
            "ec2:DescribeLaunchTemplateVersions",
            "DeadlineExceeded",
            "launch_template_versions",
            "launch_template_versions not read: the --deadline of 4 s had passed",
        ),
    ]
    assert not {"subnets", "auto_scaling_groups", "launch_template_versions"} & set(snapshot)
    assert snapshot["cluster"]["name"] == "prod" and len(snapshot["nodegroups"]) == 1
    assert silent.connections == 1  # the one call in flight; no retry, no later call


def test_check_with_a_deadline_against_a_silent_endpoint_exits_3_in_time(aws_env, silent, tmp_path):
    """Through the command line, every AWS endpoint silent (AWS_ENDPOINT_URL):
    without --deadline this costs a minute or more; with --deadline 2 the
    harness sees the process end within seconds, incomplete (exit 3)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "AWS_ENDPOINT_URL": silent.url, "EKS_LINT_TODAY": "2026-10-30"}
    command = [sys.executable, "-m", "eks_lint", "check", "--cluster", "prod", "--region", REGION]
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--deadline", "2", "--select", "nodegroup-single-az"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=40,  # the harness's bound: a hang fails here
    )
    assert time.monotonic() - started < 20
    assert done.returncode == 3, done.stderr
    # DescribeCluster never answered: the cluster is still named as it was asked for.
    assert done.stdout.startswith("cluster prod (eu-west-1): "), done.stdout
    assert done.stderr == (
        "eks-lint: could not read: eks:ListNodegroups failed (DeadlineExceeded)\n"
        "eks-lint: incomplete: the rules that read this data were skipped (-v names them); "
        "exit 3 (--allow-partial accepts a partial result)\n"
    )
    collect = subprocess.run(
        [sys.executable, "-m", "eks_lint", "collect", "--cluster", "prod", "--region", REGION]
        + ["--deadline", "1", "--select", "nodegroup-single-az", "-o", str(tmp_path / "prod.json")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=40,
    )
    assert collect.returncode == 3, collect.stderr
    import json

    written = json.loads((tmp_path / "prod.json").read_text())
    assert {(e["operation"], e["code"], e.get("part")) for e in written["errors"]} >= {
        ("eks:DescribeCluster", "DeadlineExceeded", "cluster"),
        ("ec2:DescribeSubnets", "DeadlineExceeded", "subnets"),
    }
    assert "cluster" not in written and "subnets" not in written


def test_deadline_without_a_live_read_is_a_usage_error(tmp_path, capsys):
    from helpers import cli

    from eks_lint.cli import main

    path = tmp_path / "a.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    done = cli("check", "--deadline", "5", str(path))
    assert (done.code, done.stderr) == (
        2,
        "eks-lint: --deadline only applies to a live read: add --cluster NAME or --all-clusters\n",
    )
    capsys.readouterr()
    with pytest.raises(SystemExit) as raised:
        main(["check", "--cluster", "prod", "--deadline", "0"])
    assert raised.value.code == 2
    assert capsys.readouterr().err == (
        "eks-lint: argument --deadline: must be above 0 and at most 86400 (see 'eks-lint check --help')\n"
    )
