"""Fixtures the source tests share: an AWS environment that reaches nothing real,
and the fake Kubernetes API server with its own CA."""

from __future__ import annotations

import pytest
from aws_world import REGION
from fake_apiserver import FakeApiServer, make_pki


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Fake credentials, no profile files, no instance metadata: nothing real can be reached."""
    for key in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def pki():
    """One CA and server certificate for the session (making them costs a key generation)."""
    return make_pki()


@pytest.fixture
def api(pki):
    """A fake API server on 127.0.0.1 (test_live_cluster.py defines its own, with objects)."""
    server = FakeApiServer(pki).start()
    yield server
    server.stop()
