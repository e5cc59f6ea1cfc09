"""The wheel ships the built-in rules, so an installed eks-lint (not only a checkout) has them."""

import subprocess
import sys
import zipfile

import pytest
from helpers import ROOT

from eks_lint.engine.registry import discover


def _build_wheel(source, out):
    """``pip wheel`` of ``source`` into ``out``, in this environment (its hatchling)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel of this checkout, built once for the module."""
    folder = tmp_path_factory.mktemp("wheel")
    done = _build_wheel(ROOT, folder)
    assert done.returncode == 0, done.stderr
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


def _install(wheel, tmp_path):
    """The wheel installed into a fresh target folder, away from the checkout."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def test_installed_wheel_runs_with_its_rules(wheel, tmp_path):
    """Install the wheel into a fresh target folder and run it from there, away from the checkout."""
    target = _install(wheel, tmp_path)
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


def test_the_installed_copy_reads_the_index_without_listing_its_rules(wheel, tmp_path):
    """The index is checked when the wheel is built, so an installed run does not walk the folder."""
    target = _install(wheel, tmp_path)
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r});"
        "import os, eks_lint.engine.registry as r\n"
        "walked = []\n"
        "real_walk = os.walk\n"
        "os.walk = lambda *a, **k: walked.append(a[0]) or real_walk(*a, **k)\n"
        "rules = r.discover(plugins=False)\n"
        "print(len(rules), len(walked), r._installed(r.builtin_rules_folder()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == [str(len(discover(plugins=False))), "0", "True"]


def test_a_checkout_checks_the_index_against_its_rules():
    from eks_lint.engine.registry import _installed, builtin_rules_folder

    assert builtin_rules_folder() == str(ROOT / "rules")
    assert not _installed(builtin_rules_folder())


def _copy_for_build(tmp_path):
    import shutil

    copy = tmp_path / "src"
    copy.mkdir()
    for name in ("pyproject.toml", "hatch_build.py", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    shutil.copytree(ROOT / "eks_lint", copy / "eks_lint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", copy / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_build_hook_names_every_rule_file_the_index_does_not_describe(tmp_path):
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import stale_entries
    finally:
        sys.path.remove(str(ROOT))
    rules = _copy_for_build(tmp_path) / "rules"
    assert stale_entries(str(rules)) == []
    edited = rules / "workloads" / "missing_pdb.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (rules / "workloads" / "zz_new_rule.py").write_text('"""New."""\n', encoding="utf-8")
    (rules / "workloads" / "latest_image_tag.py").unlink()
    (rules / "workloads" / "_helper.py").write_text("", encoding="utf-8")  # not a rule: not indexed
    assert stale_entries(str(rules)) == [
        "workloads/latest_image_tag.py",
        "workloads/missing_pdb.py",
        "workloads/zz_new_rule.py",
    ]


def test_a_wheel_with_a_stale_index_is_not_built(tmp_path):
    copy = _copy_for_build(tmp_path)
    edited = copy / "rules" / "workloads" / "missing_pdb.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    built = _build_wheel(copy, tmp_path)
    assert built.returncode != 0
    assert "workloads/missing_pdb.py; run 'python -m eks_lint.cli.docs'" in built.stdout + built.stderr
    assert not list(tmp_path.glob("*.whl"))
