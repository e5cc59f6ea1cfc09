"""Golden files of the fleet formats: a run over a small fleet folder (tests/fleet_snapshots.py).

Five clusters over five accounts (one with logging off and its endpoint open,
two on 1.34 over 1.33 node groups, one that records a denied read) and a
snapshot that does not load. Regenerate with ``EKS_LINT_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import pytest
from conftest import golden
from fleet_snapshots import write_fleet
from helpers import FIXTURES, cli

CASES = {"fleet-markdown": "report.fleet.md", "asff": "report.asff.json"}


@pytest.mark.parametrize("format_name", sorted(CASES))
def test_fleet_format_matches_its_golden_file(tmp_path, monkeypatch, format_name):
    monkeypatch.delenv("EKS_LINT_DOCS_URL", raising=False)
    write_fleet(tmp_path / "fleet", 5)
    (tmp_path / "fleet" / "unreadable.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    config = str(FIXTURES / "empty-config.yaml")
    outcome = cli(
        "check", "--config", config, "--snapshot", "fleet", "--today", "2026-03-16", "-f", format_name
    )
    assert outcome.code == 3, outcome.stderr  # the unreadable snapshot
    golden(CASES[format_name], outcome.stdout)
