"""Every fact table in eks_lint/data states when it was checked and when to review it.

This is the one test allowed to read the real clock: its purpose is to fail
once a table's REVIEW_BY date has passed, so stale facts get noticed.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

import eks_lint.data

DATA_DIR = Path(eks_lint.data.__file__).parent
MODULES = sorted(info.name for info in pkgutil.iter_modules([str(DATA_DIR)]))
DATA_FILES = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file() and p.suffix not in (".py", ".pyc"))


def _dates(module_name: str) -> tuple[date, date]:
    module = importlib.import_module(f"eks_lint.data.{module_name}")
    for field in ("CHECKED", "REVIEW_BY"):
        assert isinstance(getattr(module, field, None), str), f"eks_lint/data/{module_name}.py has no {field}"
    return date.fromisoformat(module.CHECKED), date.fromisoformat(module.REVIEW_BY)


@pytest.mark.parametrize("module_name", MODULES)
def test_table_states_its_source_and_dates(module_name):
    checked, review_by = _dates(module_name)
    assert checked <= review_by, f"{module_name}: CHECKED {checked} is after REVIEW_BY {review_by}"
    doc = importlib.import_module(f"eks_lint.data.{module_name}").__doc__ or ""
    assert re.search(r"[Ss]ource", doc), f"eks_lint/data/{module_name}.py: the docstring names no source"


@pytest.mark.parametrize("module_name", MODULES)
def test_table_is_not_past_its_review_date(module_name):
    _, review_by = _dates(module_name)
    today = date.today()  # the real clock, on purpose
    assert today <= review_by, (
        f"eks_lint/data/{module_name}.py was due for review on {review_by}: check its facts against "
        f"the sources in its docstring, then move CHECKED and REVIEW_BY forward"
    )


@pytest.mark.parametrize("file_name", DATA_FILES)
def test_data_file_is_owned_by_a_dated_module(file_name):
    """A CSV or JSON table is covered by the dates of the module that loads it."""
    owners = [name for name in MODULES if file_name in (DATA_DIR / f"{name}.py").read_text(encoding="utf-8")]
    assert owners, f"eks_lint/data/{file_name}: no eks_lint/data module loads it (and states its dates)"
