"""Releases: one version, pins that match it, the release script, the package
metadata PyPI shows, and the CI recipes run as the platforms would run them."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT

from eks_lint import __version__

BIN = Path(sys.executable).parent


def _release_module():
    spec = importlib.util.spec_from_file_location("release", ROOT / "scripts" / "release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release = _release_module()


def test_every_pinned_version_is_the_package_version():
    pins = release.pins(ROOT)
    files = {path.relative_to(ROOT).as_posix() for path, _, _ in pins}
    assert {
        "README.md",
        "action.yml",
        "docs/recipes/pre-commit.md",
        "docs/recipes/github-actions.md",
        "docs/recipes/gitlab-ci.md",
        "docs/recipes/eks-lint.gitlab-ci.yml",
    } <= files
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {version}"
        for path, line, version in pins
        if version != __version__
    ]
    assert wrong == [], f"pins differ from {__version__}"


def test_no_version_pin_escapes_the_pattern():
    """A pin the script does not know would not move with a release."""
    loose = re.compile(r"eks-lint[^\s]*?v?(\d+\.\d+\.\d+)")
    for path in release.pin_files(ROOT):
        text = path.read_text()
        for match in loose.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            assert any(p == path and n == line for p, n, _ in release.pins(ROOT)), f"{path}:{line}"


def test_the_version_comes_from_one_place():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'path = "eks_lint/__init__.py"' in pyproject
    assert not re.search(r"^version\s*=", pyproject, re.MULTILINE)


@pytest.fixture
def copy(tmp_path):
    for relative in ("eks_lint/__init__.py", "CHANGELOG.md", "README.md", "action.yml"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    shutil.copytree(ROOT / "docs" / "recipes", tmp_path / "docs" / "recipes")
    return tmp_path


def test_release_script_moves_version_pins_and_changelog(copy):
    import datetime

    release.release("9.8.7", datetime.date(2027, 1, 2), copy)
    assert release.current_version(copy) == "9.8.7"
    assert {version for _, _, version in release.pins(copy)} == {"9.8.7"}
    assert len(release.pins(copy)) == len(release.pins(ROOT))
    changelog = (copy / "CHANGELOG.md").read_text()
    assert "## Unreleased\n\n## 9.8.7 - 2027-01-02\n" in changelog
    with pytest.raises(SystemExit, match="not above the current version 9.8.7"):
        release.release("9.8.7", datetime.date(2027, 1, 3), copy)
    with pytest.raises(SystemExit, match="not a version"):
        release.release("10", datetime.date(2027, 1, 3), copy)


def test_the_first_release_may_keep_the_current_version(copy):
    import datetime

    release.release(__version__, datetime.date(2027, 1, 2), copy)
    assert f"## {__version__} - 2027-01-02" in (copy / "CHANGELOG.md").read_text()
    with pytest.raises(SystemExit, match="which is released"):
        release.release(__version__, datetime.date(2027, 1, 3), copy)


def test_build_and_twine_check(tmp_path):
    """The sdist and wheel build from a clean copy and pass twine's PyPI checks."""
    source = tmp_path / "src"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    for relative in files.stdout.split():
        if (ROOT / relative).is_file():
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / relative, source / relative)
    for relative in ("CHANGELOG.md", "action.yml"):  # new files are not in git ls-files before a commit
        if (ROOT / relative).is_file():
            shutil.copy2(ROOT / relative, source / relative)
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    artefacts = sorted(dist.iterdir())
    assert sorted(p.suffix for p in artefacts) == [".gz", ".whl"]
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, artefacts)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    wheel = zipfile.ZipFile(next(p for p in artefacts if p.suffix == ".whl"))
    metadata = wheel.read(f"eks_lint-{__version__}.dist-info/METADATA").decode()
    assert f"Version: {__version__}" in metadata
    assert "Classifier: Topic :: Software Development :: Quality Assurance" in metadata
    assert "Project-URL: Changelog, " in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    with tarfile.open(next(p for p in artefacts if p.name.endswith(".tar.gz"))) as sdist:
        assert any(name.endswith("/CHANGELOG.md") for name in sdist.getnames())


def _render(text: str, values: dict[str, str]) -> str:
    """GitHub's ``${{ x.y }}`` expressions, for the plain lookups the action's run steps use."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], text)


def test_action_steps_run_as_github_would(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = {step.get("name", step.get("uses")): step for step in action["runs"]["steps"]}
    assert steps["Install eks-lint"]["run"].endswith('"${{ github.action_path }}"')
    assert steps["Upload SARIF to code scanning"]["uses"].startswith("github/codeql-action/upload-sarif@")
    inputs = {f"inputs.{name}": spec.get("default", "") for name, spec in action["inputs"].items()}
    (tmp_path / "deploy").mkdir()
    shutil.copy(
        FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml", tmp_path / "deploy" / "app.yaml"
    )
    (tmp_path / ".eks-lint.yaml").write_text("select: [single-replica-workload]\n")
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "GITHUB_OUTPUT": str(output), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    values = {**inputs, "inputs.paths": "deploy/", "inputs.args": "--fail-on warning"}
    lint = subprocess.run(
        ["bash", "-e", "-c", _render(steps["Run eks-lint"]["run"], values)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stderr  # the upload step runs before the job fails
    assert lint.stdout.startswith("::warning file=deploy/app.yaml,line=")
    assert output.read_text() == "exit-code=1\n"
    sarif = json.loads((tmp_path / inputs["inputs.sarif-file"]).read_text())
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    values["steps.lint.outputs.exit-code"] = "1"
    fail = subprocess.run(["bash", "-e", "-c", _render(steps["Fail on findings"]["run"], values)])
    assert fail.returncode == 1


def test_gitlab_template_script_runs_as_gitlab_would(tmp_path):
    from lxml import etree

    template = yaml.safe_load((ROOT / "docs" / "recipes" / "eks-lint.gitlab-ci.yml").read_text())
    job = template["eks-lint"]
    install, lint = job["script"]
    assert "eks-lint@v${EKS_LINT_VERSION}" in install and job["variables"]["EKS_LINT_VERSION"] == __version__
    (tmp_path / "deploy").mkdir()
    shutil.copy(
        FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml", tmp_path / "deploy" / "app.yaml"
    )
    (tmp_path / ".eks-lint.yaml").write_text("select: [single-replica-workload]\n")
    env = {
        **os.environ,
        **job["variables"],
        "EKS_LINT_PATHS": "deploy/",
        "EKS_LINT_ARGS": "--fail-on warning",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    run = subprocess.run(["sh", "-c", lint], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    reports = job["artifacts"]["reports"]
    issues = json.loads((tmp_path / reports["codequality"]).read_text())
    assert {issue["location"]["path"] for issue in issues} == {"deploy/app.yaml"}
    xsd = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "report" / "schemas" / "junit-10.xsd")))
    assert xsd.validate(etree.parse(str(tmp_path / reports["junit"]))), xsd.error_log
    assert job["artifacts"]["when"] == "always"
