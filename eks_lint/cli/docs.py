"""``python -m eks_lint.cli.docs``: regenerate ``docs/rules/`` from the built-in
rules (``--check``: exit 1 naming the pages that are out of date)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eks_lint.report.rule_docs import DOCS_DIR, differences, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eks_lint.cli.docs", description="Generate docs/rules/ from the built-in rules."
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/rules/ is out of date")
    parser.add_argument("--out", type=Path, default=DOCS_DIR, help="folder to write (default: docs/rules)")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences(args.out)
        for problem in problems:
            print(f"{args.out / problem}", file=sys.stderr)
        if problems:
            print("docs/rules is out of date: run python -m eks_lint.cli.docs", file=sys.stderr)
        return 1 if problems else 0
    changed = write(args.out)
    print(f"{len(changed)} page(s) updated in {args.out}" if changed else f"{args.out} is up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
