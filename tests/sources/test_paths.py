"""Which files a run leaves out: exclude relative to the config, --exclude, .gitignore."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import cli

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: default\nspec: {{}}\n"


def files_checked(*args: str) -> list[str]:
    outcome = cli("check", "-f", "json", "--select", "naked-pod", *args)
    assert outcome.code in (0, 1), outcome.stderr
    return sorted(f["resource"]["name"] for f in outcome.findings)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A work tree: app/, charts/ (excluded by the config), generated/ (ignored by git)."""
    for folder, name in (("app", "api"), ("charts/web", "chart"), ("generated", "gen"), ("app/tmp", "tmp")):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / f"{name}.yaml").write_text(POD.format(name=name))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / "app" / ".gitignore").write_text("tmp/\n")
    (tmp_path / ".eks-lint.yaml").write_text("exclude: ['charts/**']\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_config_exclude_is_relative_to_the_config_whatever_the_typed_path(repo, monkeypatch):
    expected = ["api"]
    assert files_checked(".") == expected
    assert files_checked(str(repo)) == expected
    monkeypatch.chdir(repo / "app")
    assert files_checked("--config", str(repo / ".eks-lint.yaml"), "..") == expected
    assert files_checked("--config", "../.eks-lint.yaml", str(repo)) == expected


def test_exclude_on_the_command_line_is_relative_to_the_working_folder(repo, monkeypatch):
    assert files_checked("--exclude", "app/*", str(repo)) == []
    monkeypatch.chdir(repo / "app")
    assert files_checked("--config", "../.eks-lint.yaml", "--exclude", "api.yaml", "..") == []
    assert files_checked("--config", "../.eks-lint.yaml", "--exclude", "app/*", "..") == ["api"]


def test_gitignore_leaves_out_walked_files_at_every_level(repo):
    assert files_checked(".") == ["api"]  # generated/ (top .gitignore), app/tmp/ (app/.gitignore)


def test_no_gitignore_reads_them(repo):
    assert files_checked("--no-gitignore", ".") == ["api", "gen", "tmp"]


def test_a_file_given_by_name_is_read_even_if_git_ignores_it(repo):
    assert files_checked("generated/gen.yaml") == ["gen"]


def test_a_negated_gitignore_pattern_keeps_the_file(repo):
    (repo / "app" / ".gitignore").write_text("tmp/*\n!tmp/tmp.yaml\n")
    assert files_checked(".") == ["api", "tmp"]


def test_outside_a_work_tree_gitignore_means_nothing_and_pathspec_is_not_imported(tmp_path):
    (tmp_path / "a.yaml").write_text(POD.format(name="a"))
    (tmp_path / ".gitignore").write_text("a.yaml\n")
    code = (
        "import sys; from eks_lint.cli import main; "
        f"rc = main(['check', '--select', 'naked-pod', '-q', '--fail-on', 'warning', {str(tmp_path)!r}]); "
        "print(rc, 'pathspec' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.stdout.strip().splitlines()[-1] == "1 False", run.stderr
