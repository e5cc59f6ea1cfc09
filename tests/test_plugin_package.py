"""A third-party rule package, installed with pip, is found through its entry
point and runs like a built-in rule (the example in docs/writing-rules.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT

PLUGIN = ROOT / "fixtures" / "plugins" / "eks-lint-acme"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The plugin installed by pip into a folder of its own (no network, no deps)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    return target


def run(site, tmp_path, *args):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "EKS_LINT_CACHE_DIR": str(tmp_path / "cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "eks_lint", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_installed_plugin_rule_runs_with_exact_location(site, tmp_path):
    outcome = run(site, tmp_path, "check", str(PLUGIN / "bad.yaml"), "--select", "ACME", "-f", "json")
    assert outcome.returncode == 0, outcome.stderr  # a warning does not fail the default gate
    findings = json.loads(outcome.stdout)["findings"]
    assert [(f["code"], f["location"]["line"], f["location"]["column"]) for f in findings] == [
        ("ACME101", 16, 18)
    ]
    assert "docker.io/library/nginx:1.27" in findings[0]["message"]


def test_installed_plugin_is_listed_with_its_origin(site, tmp_path):
    outcome = run(site, tmp_path, "rules", "--format", "json", "--select", "ACME101")
    assert outcome.returncode == 0, outcome.stderr
    (row,) = json.loads(outcome.stdout)
    assert (row["name"], row["origin"], row["options"]) == (
        "image-registry-not-allowed",
        "plugin:eks-lint-acme",
        {"registries": ["111122223333.dkr.ecr.eu-west-1.amazonaws.com/"]},
    )


def test_plugin_options_are_validated_by_the_config(site, tmp_path):
    (tmp_path / ".eks-lint.yaml").write_text(
        "rules:\n  image-registry-not-allowed:\n    options:\n      registry: [x]\n", encoding="utf-8"
    )
    outcome = run(site, tmp_path, "check", str(PLUGIN / "bad.yaml"))
    assert outcome.returncode == 2
    assert "rules.image-registry-not-allowed.options.registry: unknown option" in outcome.stderr


def test_writing_rules_doc_shows_the_tested_examples_verbatim():
    """docs/writing-rules.md stays true: its examples are these tested files, word for word."""
    doc = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    for path in (
        ROOT / "fixtures" / "rules-dirs" / "team" / "team_label_missing.py",
        PLUGIN / "pyproject.toml",
        PLUGIN / "eks_lint_acme" / "image_registry_not_allowed.py",
    ):
        assert path.read_text(encoding="utf-8") in doc, path
