"""Human text: one line per finding in the compiler convention editors link to.

``path:line:col: severity code name: message``; findings on AWS resources
start with the resource instead of a path. Colour only on a TTY, never with
NO_COLOR (decided by the caller and passed in ``report.color``).
"""

from __future__ import annotations

from eks_lint.engine.model import Finding, Location, Severity, plural
from eks_lint.report import Report
from eks_lint.report.escape import terminal

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def render(report: Report) -> str:
    lines = [_line(f, report.color) for f in report.findings]
    if report.show_suppressed:
        lines.extend(
            _line(f, report.color) + f" [suppressed: {f.suppressed_by}]" for f in report.result.suppressed
        )
    if report.verbose:
        lines.extend(_verbose(report))
    lines.extend(report.stats.get("cluster_lines", ()))  # one line per cluster checked
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _line(finding: Finding, color: bool) -> str:
    where = _where(finding)
    severity = str(finding.severity)
    where = terminal(where)
    label = terminal(f"{finding.code} {finding.name}")
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
        label = f"{_DIM}{label}{_RESET}"
    message = terminal(finding.message + rendered_note(finding.location))
    return f"{where}: {severity} {label}: {message}"


def _where(finding: Finding) -> str:
    location = finding.location
    if location is not None:
        return position(location)
    return finding.resource_display


def position(location: Location) -> str:
    """``file:line:column``, only ``file`` when the line is not known."""
    if not location.line_known:
        return location.file
    return f"{location.file}:{location.line}:{location.column}"


def rendered_note(location: Location | None) -> str:
    """`` (rendered at out.yaml:40:9)`` for a finding on a rendered object, else ``""``."""
    if location is None or location.rendered is None:
        return ""
    rendered = location.rendered
    known = "" if location.line_known else "only the file is known; "
    return f" ({known}rendered at {rendered.file}:{rendered.line}:{rendered.column})"


def _verbose(report: Report) -> list[str]:
    out = []
    stats = report.stats
    skipped_docs = stats.get("skipped_documents") or {}
    for reason, count in sorted(skipped_docs.items()):
        where = (stats.get("skipped_at") or {}).get(reason) or []
        shown = ", ".join(terminal(w) for w in where[:10]) + (
            f" and {len(where) - 10:,} more" if len(where) > 10 else ""
        )
        out.append(
            f"skipped {plural(count, 'document')}: {terminal(reason)}" + (f" ({shown})" if where else "")
        )
    scopes = stats.get("scopes") or {}
    if len(set(scopes.values())) > 1:  # one scope needs no explaining
        for name, scope in sorted(scopes.items(), key=lambda item: (item[1], item[0])):
            out.append(f"scope {terminal(scope)}: {terminal(name)}")
    for name, reason in sorted(report.result.skipped.items()):
        out.append(f"skipped rule {terminal(name)}: {terminal(reason)}")
    for text in report.result.tracebacks:
        out.append(f"traceback of {text.rstrip()}")
    return out


def summary(report: Report) -> str:
    counts = report.counts()
    parts = [
        plural(counts["error"], "error"),
        plural(counts["warning"], "warning"),
        f"{counts['info']:,} info",
    ]
    text = ", ".join(parts)
    scope = []
    if "files" in report.stats:
        scope.append(plural(report.stats["files"], "file"))
    if report.stats.get("clusters"):
        scope.append(plural(report.stats["clusters"], "cluster"))
    if scope:
        text += " in " + " and ".join(scope)
    extras = []
    if report.result.suppressed:
        extras.append(f"{len(report.result.suppressed):,} suppressed")
    # Rules skipped because the input has no such data (AWS rules on a manifest
    # run) are expected; the summary counts only those a failed call skipped.
    # -v lists every skipped rule with its reason.
    failed = [r for r in report.result.skipped.values() if "failed" in r]
    if failed or (report.verbose and report.result.skipped):
        shown = len(report.result.skipped) if report.verbose else len(failed)
        extras.append(f"{plural(shown, 'rule')} skipped")
    for label, value in report.stats.get("summary_extras", {}).items():
        extras.append(f"{value:,} {label}")
    if extras:
        text += " (" + ", ".join(extras) + ")"
    return text
