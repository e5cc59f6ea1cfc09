"""The small commands: ``rules`` (list) and ``explain`` (one rule's documentation)."""

from __future__ import annotations

import argparse
import json
import sys

from eks_lint.cli.prepare import prepare
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.registry import did_you_mean, find_rule
from eks_lint.engine.runner import INTERNAL_ERROR, INTERNAL_ERROR_DOC


def list_rules(args: argparse.Namespace) -> int:
    prepared = prepare(args)
    rows = [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": str(rule.meta.severity),
            "area": rule.meta.area,
            "needs": list(rule.meta.required_parts),
            "options": dict(rule.meta.options),
            "summary": rule.meta.summary,
            "source": rule.meta.source,
            "origin": rule.origin,
        }
        for rule in prepared.selected
    ]
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    from tabulate import tabulate

    table = [[r["code"], r["name"], r["severity"], r["area"], r["summary"]] for r in rows]
    sys.stdout.write(tabulate(table, headers=["code", "name", "severity", "area", "summary"]) + "\n")
    sys.stdout.write(f"{len(rows)} rules\n")
    return 0


def explain(args: argparse.Namespace) -> int:
    args.select = None
    args.ignore = None
    prepared = prepare(args)
    if args.rule in (INTERNAL_ERROR.name, INTERNAL_ERROR.code):
        meta, doc = INTERNAL_ERROR, INTERNAL_ERROR_DOC
    else:
        rule = find_rule(prepared.rules, args.rule)
        if rule is None:
            hint = did_you_mean(prepared.rules, args.rule)
            raise EksLintError(f"unknown rule {args.rule!r} ({hint}see: eks-lint rules)")
        meta, doc = rule.meta, rule.doc
    lines = [f"{meta.code} {meta.name} ({meta.severity})", "", doc.strip(), ""]
    if meta.options:
        lines.append("## Options")
        lines.extend(f"- `{name}`: default `{value!r}`" for name, value in meta.options.items())
        lines.append("")
    if meta.required_parts:
        lines.append("Needs: " + ", ".join(meta.required_parts))
    if meta.needs_any:
        lines.append("Needs one of: " + ", ".join(meta.needs_any))
    if meta.source and meta.source not in doc:  # most docs end with their sources already
        lines.append(f"Source: {meta.source}")
    sys.stdout.write("\n".join(lines).rstrip() + "\n")
    return 0
