"""The fleet report in Markdown: many clusters at a glance, for a weekly review.

Built from a run over many snapshots (``check --snapshot DIR`` or an S3
prefix): which clusters could not be read and why (a snapshot file that did
not load, the AWS or Kubernetes reads its collector recorded as failed),
the clusters closest to the end of standard support, the rules that hit
the most clusters, then a clusters x rules table of finding counts. Each
section is capped like the Markdown format (65,536 characters, GitHub's
limit for a comment or an issue body), with one line saying what was left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eks_lint.engine.model import Finding, Severity, plural
from eks_lint.report import Report
from eks_lint.report.markdown import MAX_CHARS, _Budget, _code, _escape
from eks_lint.report.text import summary

SEVERITIES = sorted(Severity, reverse=True)
#: Rows of "closest to end of support" and "top findings" before the rest is counted.
TOP_ROWS = 25

ClusterKey = tuple[str, str, str]


def cluster_key(cluster: dict[str, Any]) -> ClusterKey:
    return (
        str(cluster.get("account_id") or ""),
        str(cluster.get("region") or ""),
        str(cluster.get("name") or ""),
    )


def label(key: ClusterKey) -> str:
    """``111122223333/eu-west-1/prod``, or the parts that are known."""
    return "/".join(part for part in key if part) or "?"


def render(report: Report, max_chars: int = MAX_CHARS) -> str:
    fleet = report.stats.get("fleet") or {"clusters": [], "unreadable": []}
    clusters = fleet["clusters"]
    unreadable = fleet["unreadable"]
    head = [
        "# eks-lint fleet report",
        "",
        f"**{plural(len(clusters), 'cluster')} checked"
        + (f", {plural(len(unreadable), 'snapshot')} could not be read" if unreadable else "")
        + f"; {summary(report)}**",
        "",
    ]
    if not clusters:
        head += ["No cluster data in this run: the fleet report reads snapshots (`--snapshot DIR`).", ""]
    budget = _Budget(max_chars, head)
    left_out: list[str] = []
    by_cluster = _by_cluster(report.findings)
    for title, rows, what in (
        ("Clusters not read, or read in part", _unreadable_rows(fleet), "unreadable cluster"),
        ("Closest to the end of standard support", _support_rows(clusters), "cluster"),
        ("Rules that hit the most clusters", _top_rule_rows(report, by_cluster), "rule"),
        ("Findings per cluster and rule", _matrix_rows(report, clusters, by_cluster), "cluster"),
    ):
        if rows:
            _section(budget, title, rows, what, left_out)
    shared = [f for f in report.findings if not f.cluster]
    if shared:
        budget.add(
            [
                f"_{plural(len(shared), 'finding')} on manifests or shared by several clusters "
                "are not counted per cluster above._",
                "",
            ]
        )
    if left_out or budget.dropped:
        where = report.stats.get("full_report")
        full = (
            f"the full report is in `{_code(where)}`"
            if where
            else "run eks-lint with `--format json` for all"
        )
        what = "; ".join(left_out) if left_out else "further sections"
        if budget.lines[-1]:
            budget.lines.append("")
        budget.lines.append(f"_Left out to stay under {max_chars:,} characters: {what}; {full}._")
    return "\n".join(budget.lines).rstrip() + "\n"


def _section(
    budget: _Budget, title: str, rows: tuple[list[str], list[str]], what: str, left_out: list[str]
) -> None:
    """A heading, a table head and as many rows as fit; counts the rows that did not."""
    head, body = rows
    if not budget.add([f"## {title}", "", *head]):
        left_out.append(f"the section '{title}'")
        return
    shown = 0
    for line in body:
        if not budget.add([line]):
            break
        shown += 1
    budget.add([""])
    if shown < len(body):
        left_out.append(f"{plural(len(body) - shown, what)} of '{title}'")
    budget.dropped = False  # the next section may still fit a heading and some rows


def _by_cluster(findings: list[Finding]) -> dict[ClusterKey, list[Finding]]:
    out: dict[ClusterKey, list[Finding]] = {}
    for finding in findings:
        if finding.cluster:
            out.setdefault(cluster_key(finding.cluster), []).append(finding)
    return out


def _unreadable_rows(fleet: dict[str, Any]) -> tuple[list[str], list[str]]:
    rows = [
        f"| `{_code(item['source'])}` | {_escape(_without_name(item['reason'], item['source']))} |"
        for item in fleet["unreadable"]
    ]
    for cluster in fleet["clusters"]:
        errors = cluster.get("read_errors") or []
        if errors:
            reasons = "; ".join(errors[:5]) + (f"; and {len(errors) - 5} more" if len(errors) > 5 else "")
            rows.append(f"| `{_code(label(cluster_key(cluster)))}` | read in part: {_escape(reasons)} |")
    if not rows:
        return [], []
    return ["| snapshot or cluster | why |", "| --- | --- |"], rows


def _without_name(reason: str, name: str) -> str:
    """``bad.json: invalid snapshot`` -> ``invalid snapshot``: the first column names the file."""
    return reason[len(name) + 2 :] if reason.startswith(f"{name}: ") else reason


def _support_rows(clusters: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    dated = [c for c in clusters if c.get("end_of_standard_support")]
    dated.sort(
        key=lambda c: (
            c["end_of_standard_support"],
            c.get("end_of_extended_support") or "",
            label(cluster_key(c)),
        )
    )
    rows = []
    for cluster in dated:
        days = _days(cluster.get("as_of"), cluster["end_of_standard_support"])
        left = "" if days is None else (f"{days:,}" if days >= 0 else f"past by {-days:,}")
        rows.append(
            f"| `{_code(label(cluster_key(cluster)))}` | {_escape(str(cluster.get('version')))} | "
            f"{cluster['end_of_standard_support']} | {cluster.get('end_of_extended_support') or ''} | "
            f"{left} | {cluster.get('as_of') or ''} |"
        )
    unknown = [c for c in clusters if not c.get("end_of_standard_support")]
    for cluster in unknown:
        version = cluster.get("version") or "unknown"
        rows.append(f"| `{_code(label(cluster_key(cluster)))}` | {_escape(str(version))} | unknown | | | |")
    if not rows:
        return [], []
    head = [
        "| cluster | version | end of standard support | end of extended support | days left | as of |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    return head, rows


def _days(as_of: str | None, end: str) -> int | None:
    try:
        return (date.fromisoformat(end) - date.fromisoformat(str(as_of))).days
    except ValueError:
        return None


def _top_rule_rows(
    report: Report, by_cluster: dict[ClusterKey, list[Finding]]
) -> tuple[list[str], list[str]]:
    hits: dict[str, set[ClusterKey]] = {}
    counts: dict[str, dict[Severity, int]] = {}
    for key, findings in by_cluster.items():
        for finding in findings:
            name = f"{finding.code} {finding.name}"
            hits.setdefault(name, set()).add(key)
            row = counts.setdefault(name, {s: 0 for s in SEVERITIES})
            row[finding.severity] += 1
    ranked = sorted(hits, key=lambda name: (-len(hits[name]), name))
    rows = [
        f"| {_escape(name)} | {len(hits[name]):,} | "
        + " | ".join(str(counts[name][s]) for s in SEVERITIES)
        + " |"
        for name in ranked
    ]
    if not rows:
        return [], []
    head = [
        "| rule | clusters | " + " | ".join(str(s) for s in SEVERITIES) + " |",
        "| --- | ---: |" + " ---: |" * len(SEVERITIES),
    ]
    return head, rows


def _matrix_rows(
    report: Report, clusters: list[dict[str, Any]], by_cluster: dict[ClusterKey, list[Finding]]
) -> tuple[list[str], list[str]]:
    """One row per cluster, one column per rule that fired (its code; the rule table names it)."""
    codes = sorted({f.code for findings in by_cluster.values() for f in findings})
    if not clusters:
        return [], []
    head = [
        "| cluster | " + " | ".join(codes + ["total"]) + " |",
        "| --- |" + " ---: |" * (len(codes) + 1),
    ]
    rows = []
    for cluster in sorted(clusters, key=lambda c: cluster_key(c)):
        key = cluster_key(cluster)
        per_code: dict[str, int] = {}
        for finding in by_cluster.get(key, ()):
            per_code[finding.code] = per_code.get(finding.code, 0) + 1
        cells = [str(per_code.get(code, "")) for code in codes]
        rows.append(f"| `{_code(label(key))}` | " + " | ".join([*cells, str(sum(per_code.values()))]) + " |")
    return head, rows
