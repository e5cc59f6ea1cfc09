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
