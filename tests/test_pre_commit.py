"""The pre-commit hook, run through the real pre-commit tool (``pre-commit try-repo``).

pre-commit builds its own environment for the hook by installing this
repository, so this test needs the package index (as CI has); it is the one
slow test (tens of seconds).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    """A committed copy of this checkout, since try-repo installs from a git revision."""
    source = tmp_path_factory.mktemp("hook") / "eks-lint"
    ignore = shutil.ignore_patterns(".venv", ".ci-venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
    shutil.copytree(ROOT, source, ignore=ignore)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "snapshot")
    return source


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    """One PRE_COMMIT_HOME for the module: the hook's environment is built once."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home)}


def _try_repo(repo_copy, work, env, *args):
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(repo_copy), "eks-lint", *args],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_hook_fails_on_a_bad_manifest_and_passes_on_a_good_one(tmp_path, repo_copy, hook_env):
    if not Path(PRE_COMMIT).exists():
        pytest.fail("pre-commit is not installed: it is in the test extra")
    work = tmp_path / "manifests-repo"
    work.mkdir()
    _git(work, "init", "-q")
    shutil.copy(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml", work / "pdb.yaml")
    shutil.copy(FIXTURES / "manifests" / "static-aws-credentials" / "good.yaml", work / "ok.yaml")
    _git(work, "add", "-A")
    bad = _try_repo(repo_copy, work, hook_env, "--files", "pdb.yaml", "ok.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "pdb.yaml:7:19: error EKS601 pdb-blocks-drain" in bad.stdout
    good = _try_repo(repo_copy, work, hook_env, "--files", "ok.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example.com/shop/web:2.1.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
"""
PDB = """\
{
  "apiVersion": "policy/v1",
  "kind": "PodDisruptionBudget",
  "metadata": {"name": "web", "namespace": "shop"},
  "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}
}
"""


def test_hook_relates_files_pre_commit_passes_in_different_batches(tmp_path, repo_copy, hook_env):
    """pre-commit splits a long file list into several runs even with
    require_serial; a Deployment in the first and its PDB (a .json file) in
    the last must still relate: no false missing-pdb."""
    work = tmp_path / "big-repo"
    app = work / "app"
    app.mkdir(parents=True)
    _git(work, "init", "-q")
    (app / "a-deployment.yaml").write_text(DEPLOYMENT)
    (app / "z-pdb.json").write_text(PDB)
    # Findings to compare with a folder run: a PDB that blocks drains, and its workloads.
    shutil.copy(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml", app / "b-drain.yaml")
    # 800 config maps with 170-character names: about 150 KiB of file names,
    # over pre-commit's 128 KiB limit for one command line.
    for number in range(800):
        name = f"m-{number:04d}-" + "x" * 160
        (app / f"{name}.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{number}\n  namespace: shop\n"
        )
    _git(work, "add", "-A")
    # Without the PDB the Deployment does get missing-pdb: the test can fail.
    alone = subprocess.run(
        [sys.executable, "-m", "eks_lint", "check", "--select", "missing-pdb", "app/a-deployment.yaml"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert "app/a-deployment.yaml:4:9: warning EKS604 missing-pdb" in alone.stdout, alone.stdout
    outcome = _try_repo(repo_copy, work, hook_env, "--all-files", "--verbose")
    summaries = [line for line in outcome.stdout.splitlines() if " info in " in line]
    assert len(summaries) >= 2, outcome.stdout  # pre-commit did split the files into several runs
    # Every file was reported exactly once across the runs, the JSON PDB included.
    assert sum(int(line.split(" info in ")[1].split()[0]) for line in summaries) == 803, summaries
    assert "a-deployment.yaml:4:9: warning EKS604 missing-pdb" not in outcome.stdout, outcome.stdout
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr  # pdb-blocks-drain errors
    # The same findings, line for line, as one run over the folder.
    folder = subprocess.run(
        [sys.executable, "-m", "eks_lint", "check", "app"], cwd=work, capture_output=True, text=True
    )
    assert folder.returncode == 1, folder.stderr
    assert _finding_lines(outcome.stdout) == _finding_lines(folder.stdout)
    assert any(" error EKS601 pdb-blocks-drain: " in line for line in _finding_lines(folder.stdout))


def _finding_lines(output: str) -> list[str]:
    """The ``file:line:col: severity CODE name: message`` lines, sorted (runs interleave)."""
    finding = re.compile(r"^\S+:\d+:\d+: (error|warning|info) EKS")
    return sorted(line for line in output.splitlines() if finding.match(line))
