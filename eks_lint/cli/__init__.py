"""The command line: the only code that reads argv, prints to the terminal or
chooses an exit code.

``main`` parses the arguments (``parser``) and hands them to one subcommand
module (``check``, ``clusters``, ``rules``, ``collect``); each turns them
into plain parameters for the sources, the engine and the report. Imports
stay lazy: ``eks-lint check some.yaml`` never imports boto3, jsonschema
(unless a config file exists) or tabulate.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence

from eks_lint.cli import exit_codes
from eks_lint.cli.fast_argv import COMMANDS, simple_check
from eks_lint.engine.errors import EksLintError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace
    from typing import Any


def normalise_argv(argv: Sequence[str]) -> list[str]:
    """``eks-lint a.yaml`` means ``eks-lint check a.yaml`` (what pre-commit calls)."""
    argv = list(argv)
    if not argv:
        return ["check"]
    if argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv
    return ["check", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(normalise_argv(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "check":
            run_check = _import_check()
            return run_check(args)
        if args.command == "rules":
            from eks_lint.cli.rules import list_rules

            return list_rules(args)
        if args.command == "explain":
            from eks_lint.cli.rules import explain

            return explain(args)
        if args.command == "collect" and (args.targets is not None or args.target is not None):
            from eks_lint.cli.targets import run_fleet_collect

            return run_fleet_collect(args)
        if args.command == "collect":
            from eks_lint.cli.collect import run_collect

            return run_collect(args)
        if args.command == "targets":
            from eks_lint.cli.targets import run_targets

            return run_targets(args)
        if args.command == "iam-policy":
            from eks_lint.cli.collect import run_iam_policy

            return run_iam_policy(args)
        if args.command == "data":
            from eks_lint.cli.data import run_data

            return run_data(args)
        raise AssertionError(f"no handler for the command {args.command!r}")  # argparse knows every command
    except EksLintError as error:
        print(f"eks-lint: {error}", file=sys.stderr)
        return exit_codes.USAGE
    except KeyboardInterrupt:
        print("eks-lint: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return exit_codes.CLEAN
    except Exception as error:
        if isinstance(error, OSError) and error.errno in _WRITE_FAILURES:
            return _cannot_write(error)
        return internal_error(error)
    return exit_codes.CLEAN


#: Errors from writing a report (a full disk or quota, a dead terminal): the
#: user's environment, not a bug. Inputs are read through engine/files.py,
#: which turns its own OS errors into usage errors before they get here.
_WRITE_FAILURES = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}
    if hasattr(errno, "EDQUOT")
    else {errno.ENOSPC, errno.EFBIG, errno.EIO}
)


def _import_check() -> Any:
    """``cli.check.run_check``, imported with the cyclic garbage collector off:
    importing the engine allocates thousands of long-lived objects and no
    garbage, and the collections they trigger cost a one-file run ~4 ms of CPU.
    They are frozen afterwards, so later collections skip them too."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from eks_lint.cli.check import run_check
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return run_check


def parse_args(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The pre-commit command line without argparse (``fast_argv``), any other with it."""
    simple = simple_check(argv)
    if simple is not None:
        return simple
    from eks_lint.cli.parser import build_parser

    return build_parser().parse_args(argv)


def run_and_flush(argv: Sequence[str] | None = None) -> int:
    """The console entry point: ``main``, then the report flushed while errors can
    still be reported (a full disk behind ``> out.txt`` is one line, not a traceback)."""
    code = main(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as error:
        return _cannot_write(error)
    return code


def internal_error(error: BaseException) -> int:
    """A bug in eks-lint: the traceback, what to do with it, and an exit code of its own."""
    import traceback

    traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    print(
        f"eks-lint: internal error (a bug in eks-lint, not in your input): {type(error).__name__}: {error}\n"
        "eks-lint: please report it to the eks-lint issue tracker with the command line, "
        "the output of 'eks-lint --version' and the traceback above",
        file=sys.stderr,
    )
    return exit_codes.INTERNAL


def _cannot_write(error: OSError) -> int:
    _silence_stdout()
    print(f"eks-lint: cannot write the report: {error.strerror or error}", file=sys.stderr)
    return exit_codes.USAGE


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit cannot fail again."""
    import os

    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture it): nothing will be flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fileno)
    os.close(null)
