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
