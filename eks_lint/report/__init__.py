"""Output formats. Each module has ``render(report) -> str``; imported only when chosen."""

from __future__ import annotations

import sys
from collections.abc import Callable

from eks_lint.engine.model import Finding, Location, Severity
from eks_lint.engine.registry import LoadedRule
from eks_lint.engine.runner import INTERNAL_ERROR, INTERNAL_ERROR_DOC, RunResult

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: format name -> module under eks_lint.report
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "table": "table",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
    "markdown": "markdown",
    "fleet-markdown": "fleet_markdown",
    "asff": "asff",
}


class Report:
    """Everything a format may print about one run."""

    def __init__(
        self,
        result: RunResult,
        rules: list[LoadedRule],
        fail_on: Severity | None = Severity.ERROR,
        show_suppressed: bool = False,
        verbose: bool = False,
        color: bool = False,
        stats: dict[str, Any] | None = None,
        root: str = ".",
        inventory: Any = None,
        anchor: Callable[[Finding], Location | None] | None = None,
    ) -> None:
        self.result = result
        self.rules = rules
        self.fail_on = fail_on
        self.show_suppressed = show_suppressed
        self.verbose = verbose
        self.color = color
        self.stats: dict[str, Any] = stats if stats is not None else {}
        #: Where the report is going, for formats whose paths are relative to it.
        self.root = root
        #: The inventory that was checked, when the pipeline passes it (JUnit
        #: lists every resource each rule read, not only the failing ones).
        self.inventory = inventory
        #: Where a finding with no location of its own was declared (the line of
        #: its resource in the snapshot or plan read), for formats that need a file.
        self.anchor = anchor
        #: What a format left out and why, one line each: the command line says them on stderr.
        self.notes: list[str] = []

    def where(self, finding: Finding) -> Location | None:
        """The finding's file position, else the line of its resource in the input that
        declared it; None when neither exists (standard input, a live cluster)."""
        location = finding.location
        if location is not None and not location.file.startswith("<"):
            return location
        if self.anchor is not None:
            anchored = self.anchor(finding)
            if anchored is not None:
                return anchored
        return None

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings

    def counts(self) -> dict[str, int]:
        counts = {str(s): 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            counts[str(finding.severity)] += 1
        return counts

    def rule(self, name: str) -> LoadedRule | None:
        """The loaded rule of that name; the engine's own ``internal-error`` included."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        if name == INTERNAL_ERROR.name:
            return internal_error_rule()
        return None

    def failed(self) -> bool:
        if self.fail_on is None:
            return False
        return any(f.severity >= self.fail_on for f in self.findings)


def internal_error_rule() -> LoadedRule:
    """The engine's ``internal-error`` pseudo-rule, shaped like a loaded rule."""

    def check(inventory: Any, options: Any) -> list[Finding]:
        return []

    return LoadedRule(meta=INTERNAL_ERROR, check=check, doc=INTERNAL_ERROR_DOC, origin="built-in", file="")


def renderer(name: str) -> Callable[[Report], str]:
    # __import__, not importlib.import_module: importlib (with warnings) costs a one-file run ~1 ms
    module_name = f"eks_lint.report.{FORMATS[name]}"
    __import__(module_name)
    return sys.modules[module_name].render
