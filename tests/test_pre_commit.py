"""The pre-commit hook, run through the real pre-commit tool (``pre-commit try-repo``).

pre-commit builds its own environment for the hook by installing this
repository, so this test needs the package index (as CI has); it is the one
slow test (tens of seconds).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def repo_copy(tmp_path):
    """A committed copy of this checkout, since try-repo installs from a git revision."""
    source = tmp_path / "eks-lint"
    ignore = shutil.ignore_patterns(".venv", ".ci-venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
    shutil.copytree(ROOT, source, ignore=ignore)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "snapshot")
    return source


def test_hook_fails_on_a_bad_manifest_and_passes_on_a_good_one(tmp_path, repo_copy):
    if not Path(PRE_COMMIT).exists():
        pytest.fail("pre-commit is not installed: it is in the test extra")
    work = tmp_path / "manifests-repo"
    work.mkdir()
    _git(work, "init", "-q")
    shutil.copy(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml", work / "pdb.yaml")
    shutil.copy(FIXTURES / "manifests" / "static-aws-credentials" / "good.yaml", work / "ok.yaml")
    _git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    bad = subprocess.run(
        [PRE_COMMIT, "try-repo", str(repo_copy), "eks-lint", "--files", "pdb.yaml", "ok.yaml"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "pdb.yaml:7:19: error EKS601 pdb-blocks-drain" in bad.stdout
    good = subprocess.run(
        [PRE_COMMIT, "try-repo", str(repo_copy), "eks-lint", "--files", "ok.yaml"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
