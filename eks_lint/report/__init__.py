"""Output formats. Each module has ``render(report) -> str``; imported only when chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eks_lint.engine import RunResult
from eks_lint.registry import LoadedRule
from eks_lint.rule import Finding, Severity

#: format name -> module under eks_lint.report
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
}


@dataclass
class Report:
    """Everything a format may print about one run."""

    result: RunResult
    rules: list[LoadedRule]
    fail_on: Severity | None = Severity.ERROR
    show_suppressed: bool = False
    verbose: bool = False
    color: bool = False
    stats: dict[str, Any] = field(default_factory=dict)
    #: Where the report is going, for formats whose paths are relative to it.
    root: str = "."

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[str(finding.severity)] += 1
        return counts

    def failed(self) -> bool:
        if self.fail_on is None:
            return False
        return any(f.severity >= self.fail_on for f in self.findings)


def renderer(name: str) -> Callable[[Report], str]:
    module = importlib.import_module(f"eks_lint.report.{FORMATS[name]}")
    return module.render
