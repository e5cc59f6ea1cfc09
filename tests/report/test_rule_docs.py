"""docs/rules/: generated from the rules, and committed in step with them."""

from __future__ import annotations

from conftest import RULES_DIR

from eks_lint.cli import docs as docs_command
from eks_lint.engine.registry import discover
from eks_lint.report import rule_docs as docs


def test_committed_rule_pages_match_the_rules():
    problems = docs.differences()
    assert not problems, (
        "docs/rules/ is out of date with the rules; regenerate it with\n"
        "    .venv/bin/python -m eks_lint.cli.docs\nand commit the result:\n  " + "\n  ".join(problems)
    )


def test_page_has_metadata_documentation_and_options():
    rule = next(r for r in discover([str(RULES_DIR)], plugins=False) if r.name == "replicas-below-two")
    page = docs.render_page(rule)
    assert page.startswith("# TST001 replicas-below-two\n")
    assert "| Default severity | warning |" in page
    assert "| Area | workloads |" in page
    assert "## How to fix\nSet `spec.replicas: 2` or more." in page
    builtin = next(r for r in docs.builtin_rules() if r.name == "single-replica-workload")
    assert "| `min-replicas` | `2` |" in docs.render_page(builtin)


def test_index_lists_rules_by_area_and_severity():
    rules = [r for r in discover([str(RULES_DIR)], plugins=False) if r.code.startswith("TST")]
    index = docs.render_index(rules)
    assert "### workloads\n" in index and "### nodes\n" in index
    assert "### error\n" in index and "### info\n" in index
    assert "| TST003 | [nodegroup-min-size](nodegroup-min-size.md) | info |" in index


def test_check_mode_names_stale_pages_and_write_fixes_them(tmp_path, capsys):
    (tmp_path / "gone-rule.md").write_text("old")
    assert docs_command.main(["--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "gone-rule.md: no such rule any more" in err
    assert "README.md: missing" in err
    assert docs_command.main(["--out", str(tmp_path)]) == 0
    assert not (tmp_path / "gone-rule.md").exists()
    assert docs_command.main(["--check", "--out", str(tmp_path)]) == 0


def test_doc_url_points_at_the_page_or_the_plugin_source(monkeypatch):
    monkeypatch.delenv("EKS_LINT_DOCS_URL", raising=False)
    builtin = next(r for r in docs.builtin_rules() if r.name == "pdb-blocks-drain")
    assert docs.doc_url(builtin) == docs.DOCS_URL + "pdb-blocks-drain.md"
    plugin = next(r for r in discover([str(RULES_DIR)], plugins=False) if r.name == "privileged-container")
    assert docs.doc_url(plugin) is None  # no source URL
