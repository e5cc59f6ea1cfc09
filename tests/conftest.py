import sys
from pathlib import Path

# Make tests/helpers.py importable as ``helpers`` from every test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own cache folder, so no test sees another's validated configs."""
    monkeypatch.setenv("EKS_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _clock_within_the_tables(monkeypatch):
    """No test depends on the real date: the staleness check sees the last day the
    built-in calendar cannot yet be missing a release. Tests of the staleness line
    pin their own day (tests/test_eks_data.py)."""
    from eks_lint.cli import data
    from eks_lint.data.eks_versions import missing_release_after

    monkeypatch.setattr(data, "clock_today", missing_release_after)
    # eks-lint run in a subprocess reads the same day from the environment.
    monkeypatch.setenv("EKS_LINT_TODAY", missing_release_after().isoformat())


# --- shared by the source tests (tests/sources) -------------------------------------


@pytest.fixture
def aws_env(monkeypatch, tmp_path):
    """Fake credentials, no profile files, no instance metadata: nothing real can be reached."""
    from aws_world import REGION  # tests/sources, where the tests using this fixture live

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
    from fake_apiserver import make_pki

    return make_pki()


@pytest.fixture
def api(pki):
    """A fake API server on 127.0.0.1 (test_live_cluster.py defines its own, with objects)."""
    from fake_apiserver import FakeApiServer

    server = FakeApiServer(pki).start()
    yield server
    server.stop()
