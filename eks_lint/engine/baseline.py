"""Baselines: adopt eks-lint on a repository with existing findings.

``--write-baseline FILE`` records the current findings by fingerprint (see
``eks_lint.engine.fingerprint``); ``--baseline FILE`` (or ``baseline:`` in the
config) then reports only findings that are not in it, and counts how many
were baselined and how many baselined findings have since been fixed.

A baselined finding counts as fixed only when its rule ran in this run and,
for findings in files, its file was checked: linting one folder or one rule
does not make the rest of the baseline look fixed.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eks_lint import __version__
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.fingerprint import (
    FINGERPRINT_VERSION,
    FINGERPRINT_VERSIONS,
    describe,
    fingerprints,
    repo_relative,
)
from eks_lint.engine.model import Finding

FORMAT = "eks-lint/baseline@1"


@dataclass
class Baseline:
    #: fingerprint -> what the entry recorded (code, name, resource, path, file)
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str = ""
    #: The fingerprint recipe it was written with: findings are matched with the same one.
    version: str = FINGERPRINT_VERSION


@dataclass
class Applied:
    """The findings left after a baseline, and the two counts the summary shows."""

    findings: list[Finding]
    baselined: list[Finding]
    fixed: int


def build(findings: list[Finding]) -> dict[str, Any]:
    entries = []
    for fingerprint, finding in zip(fingerprints(findings), findings, strict=True):
        entries.append({"fingerprint": fingerprint, **describe(finding)})
    entries.sort(key=lambda e: (e["code"], e["resource"], e.get("path", ""), e["fingerprint"]))
    return {
        "format": FORMAT,
        "fingerprint": FINGERPRINT_VERSION,
        "tool": {"name": "eks-lint", "version": __version__},
        "findings": entries,
    }


def write(path: str, findings: list[Finding]) -> None:
    text = json.dumps(build(findings), indent=2) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise EksLintError(f"--write-baseline {path}: {error.strerror or error}") from None


def load(path: str) -> Baseline:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EksLintError(f"baseline {path}: file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise EksLintError(f"baseline {path}: cannot read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise EksLintError(
            f"baseline {path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise EksLintError(f'baseline {path}: not an eks-lint baseline (no "format": "{FORMAT}")')
    if data.get("fingerprint") not in FINGERPRINT_VERSIONS:
        raise EksLintError(
            f"baseline {path}: fingerprints are {data.get('fingerprint')!r}, this eks-lint reads "
            f"{', '.join(repr(v) for v in FINGERPRINT_VERSIONS)}; recreate it with --write-baseline"
        )
    entries = {}
    for entry in data.get("findings") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise EksLintError(f'baseline {path}: every finding needs a "fingerprint" string')
        entries[entry["fingerprint"]] = entry
    return Baseline(entries=entries, path=path, version=data["fingerprint"])


def apply(
    baseline: Baseline,
    findings: list[Finding],
    rules_run: Collection[str],
    checked_files: Collection[str] | None = None,
) -> Applied:
    """Split ``findings`` into new and baselined; count baselined entries now fixed.

    ``rules_run`` holds rule names; ``checked_files`` the files read (None:
    unknown, so every entry of a rule that ran can count as fixed).
    """
    new, old = [], []
    matched = set()
    for fingerprint, finding in zip(fingerprints(findings, baseline.version), findings, strict=True):
        if fingerprint in baseline.entries:
            old.append(finding)
            matched.add(fingerprint)
        else:
            new.append(finding)
    checked = None if checked_files is None else {repo_relative(f) for f in checked_files}
    fixed = 0
    for fingerprint, entry in baseline.entries.items():
        if fingerprint in matched or entry.get("name") not in rules_run:
            continue
        file = entry.get("file")
        if file is not None and checked is not None and file not in checked:
            continue
        fixed += 1
    return Applied(findings=new, baselined=old, fixed=fixed)
