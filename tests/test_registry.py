"""Discovery: built-in rules, --rules-dir folders, entry points, and what stops a run."""

import subprocess
import sys
import textwrap

from helpers import FIXTURES, cli, lint

from eks_lint.engine.registry import builtin_rules_dir, discover

RULES_DIRS = FIXTURES / "rules-dirs"
TARGET = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")


def test_builtin_rules_have_unique_codes_names_and_documentation():
    rules = discover(plugins=False)
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        if rule.name in ("invalid-yaml",):
            continue
        for section in ("## What it checks", "## Why it matters on EKS", "## How to fix", "## Example"):
            assert section in rule.doc, f"{rule.name} lacks {section}"
        assert rule.meta.source.startswith("https://"), f"{rule.name} cites no source"
        assert rule.file.startswith(str(builtin_rules_dir()))


def test_rules_dir_adds_a_teams_rule_with_its_options():
    outcome = lint("--rules-dir", str(RULES_DIRS / "team"), "--select", "ACME", TARGET)
    assert [(f["code"], f["name"], f["resource"]["name"]) for f in outcome.findings] == [
        ("ACME001", "team-label-missing", "api")
    ]


def test_rules_dirs_from_the_config_are_relative_to_it(tmp_path):
    config = tmp_path / ".eks-lint.yaml"
    (tmp_path / "team").symlink_to(RULES_DIRS / "team")
    config.write_text("rules-dirs: [team]\nselect: [team-label-missing]\n")
    outcome = cli("check", "--format", "json", "--config", str(config), TARGET)
    assert [f["name"] for f in outcome.findings] == ["team-label-missing"]


def test_duplicate_code_stops_the_run_naming_both_files():
    outcome = lint("--rules-dir", str(RULES_DIRS / "duplicate-code"), TARGET)
    assert outcome.code == 2
    assert "clash.py: rule EKS602 is already defined by" in outcome.stderr
    assert "single_replica_workload.py" in outcome.stderr


def test_module_that_fails_to_import_stops_the_run():
    outcome = lint("--rules-dir", str(RULES_DIRS / "broken"), TARGET)
    assert outcome.code == 2
    assert "syntax_error.py: rule module failed to import: ModuleNotFoundError" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_module_without_metadata_stops_the_run():
    outcome = lint("--rules-dir", str(RULES_DIRS / "no-metadata"), TARGET)
    assert outcome.code == 2
    assert "helper.py: not a rule module: no RULE" in outcome.stderr


def test_missing_rules_dir_is_a_usage_error():
    outcome = lint("--rules-dir", "nowhere", TARGET)
    assert outcome.code == 2
    assert "--rules-dir nowhere: not a folder" in outcome.stderr


def test_entry_point_plugins_are_discovered(tmp_path):
    """A real installed distribution (a .dist-info with entry_points.txt) on sys.path."""
    package = tmp_path / "acme_eks_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "team_label_missing.py").write_text(
        (RULES_DIRS / "team" / "team_label_missing.py").read_text()
    )
    dist = tmp_path / "acme_eks_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-eks-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[eks_lint.rules]\nacme = acme_eks_rules\n")
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from eks_lint.engine.registry import discover
        rules = [r for r in discover() if r.code.startswith("ACME")]
        print([(r.code, r.origin) for r in rules])
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('ACME001', 'plugin:acme-eks-rules')]"


def test_the_shipped_rule_index_matches_the_rule_modules():
    """rules/_index.json is what importing every rule gives: regenerate with python -m eks_lint.cli.docs."""
    import json

    from eks_lint.engine.registry import INDEX_FILE, build_index

    shipped = json.loads((builtin_rules_dir() / INDEX_FILE).read_text(encoding="utf-8"))
    assert shipped == build_index(builtin_rules_dir()), "run: .venv/bin/python -m eks_lint.cli.docs"


def test_a_first_run_with_an_empty_cache_imports_no_rule_module(tmp_path):
    """Fresh CI runners pay nothing for rule metadata: it ships with the rules."""
    code = (
        "import sys\n"
        "from eks_lint.engine.registry import discover\n"
        "rules = discover(plugins=False)\n"
        "print(len(rules), sorted(m for m in sys.modules if m.startswith('eks_lint.rules.')))\n"
    )
    env = {"EKS_LINT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == f"{len(discover(plugins=False))} []"
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").glob("rules-*.json"))


def test_a_stale_index_is_never_used(tmp_path):
    """A rule added, removed or edited since the index was written: the rules are imported instead."""
    import shutil

    from eks_lint.engine.registry import _load_folder, _rule_files, _shipped_builtins

    folder = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), folder)
    files = sorted(_rule_files(folder))
    shipped = _shipped_builtins(folder, files)
    assert shipped is not None
    assert sorted(r.name for r in shipped) == sorted(r.name for r in discover(plugins=False))
    imported = {rule.code: rule.meta for rule in _load_folder(folder, "eks_lint_index_check", "built-in")}
    assert {rule.code: rule.meta for rule in shipped} == imported  # the index's records, field for field
    assert {r.file for r in shipped} == {str(f) for f in files}
    edited = folder / "workloads" / "missing_pdb.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _shipped_builtins(folder, files) is None
    (folder / "workloads" / "new_rule.py").write_text('"""New."""\n', encoding="utf-8")
    assert _shipped_builtins(folder, sorted(_rule_files(folder))) is None
