"""The wheel ships the built-in rules, so an installed eks-lint (not only a checkout) has them."""

import subprocess
import sys
import zipfile

import pytest
from helpers import ROOT

from eks_lint.engine.registry import discover


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel of this checkout, built once for the module."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("eks_lint-*.whl")
    return built


def test_wheel_contains_every_rule_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.py"))
    assert rule_files, "no rules found in the checkout"
    for relative in rule_files:
        assert f"eks_lint/rules/{relative}" in names
    assert "eks_lint/schemas/config.schema.json" in names
    assert len(discover(plugins=False)) >= len(
        [f for f in rule_files if not f.rsplit("/", 1)[-1].startswith("_")]
    )


def test_installed_wheel_runs_with_its_rules(wheel, tmp_path):
    """Install the wheel into a fresh target folder and run it from there, away from the checkout."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r});"
        "import eks_lint.engine.registry as r; rules = r.discover(plugins=False);"
        "print(r.builtin_rules_dir()); print(len(rules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    folder, count = out.stdout.split()
    assert folder == str(target / "eks_lint" / "rules")
    assert int(count) == len(discover(plugins=False))
