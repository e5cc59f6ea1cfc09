"""The command line: the only code that reads argv, prints to the terminal or
chooses an exit code.

``main`` parses the arguments (``parser``) and hands them to one subcommand
module (``check``, ``clusters``, ``rules``, ``collect``); each turns them
into plain parameters for the sources, the engine and the report. Imports
stay lazy: ``eks-lint check some.yaml`` never imports boto3, jsonschema
(unless a config file exists) or tabulate.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from eks_lint.cli import exit_codes
from eks_lint.cli.parser import COMMANDS, build_parser
from eks_lint.engine.errors import EksLintError


def normalise_argv(argv: Sequence[str]) -> list[str]:
    """``eks-lint a.yaml`` means ``eks-lint check a.yaml`` (what pre-commit calls)."""
    argv = list(argv)
    if not argv:
        return ["check"]
    if argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv
    return ["check", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = normalise_argv(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        if args.command == "check":
            from eks_lint.cli.check import run_check

            return run_check(args)
        if args.command == "rules":
            from eks_lint.cli.rules import list_rules

            return list_rules(args)
        if args.command == "explain":
            from eks_lint.cli.rules import explain

            return explain(args)
        if args.command == "collect":
            from eks_lint.cli.collect import run_collect

            return run_collect(args)
        if args.command == "iam-policy":
            from eks_lint.cli.collect import run_iam_policy

            return run_iam_policy(args)
        if args.command == "data":
            from eks_lint.cli.data import run_data

            return run_data(args)
        parser.error(f"unknown command {args.command!r}")
    except EksLintError as error:
        print(f"eks-lint: {error}", file=sys.stderr)
        return exit_codes.USAGE
    except KeyboardInterrupt:
        print("eks-lint: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.CLEAN
    except Exception:  # a bug in eks-lint: show it, and never look like "findings" (1)
        import traceback

        traceback.print_exc()
        print(
            "eks-lint: internal error (a bug in eks-lint; please report the traceback above)", file=sys.stderr
        )
        return exit_codes.INTERNAL
    return exit_codes.CLEAN
