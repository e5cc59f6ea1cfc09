"""Golden files: each format rendered from the same mixed run (manifests, a file, AWS).

Regenerate after an intended change with ``EKS_LINT_UPDATE_GOLDEN=1 pytest tests/report``
and review the diff.
"""

from __future__ import annotations

import pytest
from conftest import build_report, golden

from eks_lint import __version__
from eks_lint.report import renderer

CASES = {
    "text": "report.txt",
    "json": "report.json",
    "table": "report.table.txt",
    "sarif": "report.sarif",
    "junit": "report.junit.xml",
    "github": "report.github.txt",
    "gitlab": "report.gitlab.json",
    "markdown": "report.md",
}


@pytest.mark.parametrize("format_name", sorted(CASES))
def test_format_matches_its_golden_file(in_repo, format_name):
    text = renderer(format_name)(build_report(show_suppressed=True))
    golden(CASES[format_name], text.replace(f'"{__version__}"', '"<version>"'))
