"""The AWS side read as the AWS CLI reads it: profiles, SSO, endpoint and CA
bundle variables, through the command line against a moto server on 127.0.0.1.

botocore itself honours ``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_<SERVICE>``
and ``AWS_CA_BUNDLE``; these tests check that eks-lint leaves it to, and that
its messages name the variable really read.
"""

from __future__ import annotations

import socket
import ssl
import tempfile
import threading
import urllib.request
from pathlib import Path

import pytest
from aws_world import REGION
from fake_apiserver import _relay
from helpers import by_resource, cli, lint

SELECT = ("--select", "control-plane-logging-disabled", "--today", "2026-11-24")


@pytest.fixture
def moto_server(aws_env, monkeypatch):
    import boto3
    from moto.server import ThreadedMotoServer

    for name in ("AWS_ENDPOINT_URL_EKS", "AWS_ENDPOINT_URL_EC2", "AWS_CA_BUNDLE", "AWS_REGION", "KUBECONFIG"):
        monkeypatch.delenv(name, raising=False)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # The server shares moto's in-process state: start from an empty account.
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"), timeout=10).close()
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=url)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone=f"{REGION}a")
    boto3.client("eks", region_name=REGION, endpoint_url=url).create_cluster(
        name="prod",
        version="1.33",
        roleArn="arn:aws:iam::123456789012:role/eks-cluster",
        resourcesVpcConfig={"subnetIds": [subnet["Subnet"]["SubnetId"]]},
    )
    yield url
    server.stop()


class TlsFront:
    """TLS on 127.0.0.1 in front of a plain HTTP server (what a TLS-intercepting
    proxy or a private endpoint with a private CA looks like to the client)."""

    def __init__(self, pki, upstream: str) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.TemporaryDirectory() as folder:
            cert, key = Path(folder, "s.crt"), Path(folder, "s.key")
            cert.write_text(pki.server.cert_pem + pki.ca.cert_pem)
            key.write_text(pki.server.key_pem)
            self.context.load_cert_chain(str(cert), str(key))
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stop_event = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.05)
        while not self.stop_event.is_set():
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._one, args=(client,), daemon=True).start()

    def _one(self, client: socket.socket) -> None:
        try:
            client.settimeout(5)
            tls = self.context.wrap_socket(client, server_side=True)
            tls.settimeout(None)
        except (ssl.SSLError, OSError):
            client.close()
            return
        with tls, socket.create_connection(self.upstream) as upstream:
            try:
                _relay(tls, upstream, self.stop_event)
            except OSError:
                pass

    def stop(self) -> None:
        self.stop_event.set()
        self.listener.close()


def test_aws_endpoint_url_sends_every_call_to_that_endpoint(moto_server, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    outcome = lint("--cluster", "prod", "--region", REGION, *SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    assert by_resource(outcome.findings) == [
        ("control-plane-logging-disabled", "arn:aws:eks:eu-west-1:123456789012:cluster/prod")
    ]


def test_a_service_endpoint_variable_wins_and_the_message_names_it(moto_server, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    monkeypatch.setenv("AWS_ENDPOINT_URL_EKS", "http://127.0.0.1:9")  # nothing listens there
    outcome = lint("--cluster", "prod", "--region", REGION, *SELECT)
    assert outcome.code == 2
    assert outcome.stderr.splitlines()[-1] == (
        'eks-lint: cannot reach the EKS API: Could not connect to the endpoint URL: "http://127.0.0.1:9/'
        'clusters/prod" (endpoint from AWS_ENDPOINT_URL_EKS) (no answer after 4 attempts)'
    )


def test_aws_ca_bundle_verifies_a_private_ca_and_a_tls_failure_names_it(
    moto_server, pki, monkeypatch, tmp_path
):
    front = TlsFront(pki, moto_server)
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", front.url)
        ca = tmp_path / "corp-ca.pem"
        ca.write_text(pki.ca.cert_pem)
        monkeypatch.setenv("AWS_CA_BUNDLE", str(ca))
        outcome = lint("--cluster", "prod", "--region", REGION, *SELECT)
        assert outcome.code in (0, 1), outcome.stderr
        assert [f["name"] for f in outcome.findings] == ["control-plane-logging-disabled"]

        other = tmp_path / "other-ca.pem"
        other.write_text(pki.other_ca.cert_pem)
        monkeypatch.setenv("AWS_CA_BUNDLE", str(other))
        refused = lint("--cluster", "prod", "--region", REGION, *SELECT)
        assert refused.code == 2
        line = refused.stderr.splitlines()[-1]
        assert line.startswith("eks-lint: ") and "certificate verify failed" in line
        assert line.endswith(
            f"(endpoint from AWS_ENDPOINT_URL; certificates checked against AWS_CA_BUNDLE {other})"
        )
    finally:
        front.stop()


def _sso_profile(tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.write_text(
        "[profile dev]\n"
        "sso_session = corp\n"
        "sso_account_id = 123456789012\n"
        "sso_role_name = ReadOnly\n"
        f"region = {REGION}\n"
        "\n"
        "[sso-session corp]\n"
        "sso_start_url = https://corp.awsapps.com/start\n"
        f"sso_region = {REGION}\n"
        "sso_registration_scopes = sso:account:access\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.aws/sso/cache: never logged in
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("how", ["--profile", "AWS_PROFILE"])
def test_an_sso_profile_without_a_login_says_to_log_in(aws_env, tmp_path, monkeypatch, how):
    _sso_profile(tmp_path, monkeypatch)
    args = ["check", "--cluster", "prod", *SELECT]
    if how == "--profile":
        args += ["--profile", "dev"]
    else:
        monkeypatch.setenv("AWS_PROFILE", "dev")
    outcome = cli(*args)
    assert outcome.code == 2
    assert outcome.stderr.splitlines()[-1] == (
        "eks-lint: AWS profile dev uses IAM Identity Center (SSO) and has no valid login (no cached "
        "token, or it expired): run 'aws sso login --profile dev'"
    )


def test_a_named_profile_reads_its_own_credentials(moto_server, tmp_path, monkeypatch):
    # Static keys in the shared credentials file under a profile name, as `aws configure --profile` writes.
    credentials = tmp_path / "credentials"
    credentials.write_text("[audit]\naws_access_key_id = AKIAAUDIT\naws_secret_access_key = audit-secret\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    outcome = lint("--cluster", "prod", "--region", REGION, "--profile", "audit", *SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    missing = lint("--cluster", "prod", "--region", REGION, "--profile", "nobody", *SELECT)
    assert missing.code == 2
    assert (
        missing.stderr.splitlines()[-1]
        == "eks-lint: --profile nobody: no such AWS profile in ~/.aws/config or ~/.aws/credentials"
    )
