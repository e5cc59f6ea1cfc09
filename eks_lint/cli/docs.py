"""``python -m eks_lint.cli.docs``: regenerate ``docs/rules/`` and the shipped
rule index (``rules/_index.json``) from the built-in rules (``--check``: exit 1
naming what is out of date)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eks_lint.engine.registry import INDEX_FILE, build_index, builtin_rules_dir
from eks_lint.report.rule_docs import DOCS_DIR, differences, write


def index_text() -> str:
    """The shipped rule index as it should read now."""
    return json.dumps(build_index(builtin_rules_dir()), indent=1, sort_keys=True) + "\n"


def write_index() -> bool:
    """Write ``rules/_index.json`` if it changed; True when it did."""
    path = builtin_rules_dir() / INDEX_FILE
    text = index_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eks_lint.cli.docs", description="Generate docs/rules/ from the built-in rules."
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/rules/ is out of date")
    parser.add_argument("--out", type=Path, default=DOCS_DIR, help="folder to write (default: docs/rules)")
    args = parser.parse_args(argv)
    if args.check:
        problems = [str(args.out / problem) for problem in differences(args.out)]
        index = builtin_rules_dir() / INDEX_FILE
        if not index.is_file() or index.read_text(encoding="utf-8") != index_text():
            problems.append(str(index))
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("out of date: run python -m eks_lint.cli.docs", file=sys.stderr)
        return 1 if problems else 0
    changed = write(args.out)
    print(f"{len(changed)} page(s) updated in {args.out}" if changed else f"{args.out} is up to date")
    if write_index():
        print(f"{builtin_rules_dir() / INDEX_FILE} updated")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
