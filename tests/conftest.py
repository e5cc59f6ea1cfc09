import sys
from pathlib import Path

# Make tests/helpers.py importable as ``helpers`` from every test folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own cache folder, so no test sees another's validated configs."""
    monkeypatch.setenv("EKS_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
