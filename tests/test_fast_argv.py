"""The pre-commit command line read without argparse must mean exactly what
argparse makes of it, and anything else must go to argparse."""

from __future__ import annotations

import pytest

from eks_lint.cli import parse_args
from eks_lint.cli.fast_argv import simple_check
from eks_lint.cli.parser import build_parser

SIMPLE = [
    ["check"],
    ["check", "a.yaml"],
    ["check", "a.yaml", "deploy/b.yml", "c.json"],
    ["check", "-"],
    ["check", "rules", "check"],  # paths named like subcommands
    ["check", "--context-dir", ".", "a.yaml", "b.yaml"],
    ["check", "--context-dir", ".", "--context-dir", "../shared", "a.yaml"],
    ["check", "--context-dir=.", "a.yaml"],
    ["check", "--context-dir=-odd", "a.yaml"],
    ["check", "--context-dir", "."],
    ["check", "--fail-on", "never", "--quiet", "a.yaml"],
    ["check", "-q", "-v", "--no-gitignore", "--show-suppressed", "a.yaml"],
    ["check", "--fail-on=warning", "--color", "never", "--config", "ci/eks-lint.yaml", "a.yaml"],
    ["check", "--fail-on", "info", "--fail-on", "error", "a.yaml"],  # the last one wins
    ["check", "--config=x.yaml", "--context-dir", ".", "-q", "a.yaml"],
]

NOT_SIMPLE = [
    [],
    ["rules"],
    ["collect", "a.yaml"],
    ["check", "-f", "json", "a.yaml"],
    ["check", "a.yaml", "--context-dir", "."],  # an option after a path
    ["check", "--context-dir"],  # no value: argparse says so
    ["check", "--context-dir="],
    ["check", "--context-dir", "-x", "a.yaml"],
    ["check", "--context-d", ".", "a.yaml"],  # an abbreviation: argparse's call
    ["check", "--context-dirs", "."],
    ["check", "--", "a.yaml"],
    ["check", "--help"],
    ["check", ""],
    ["check", "--fail-on", "sometimes", "a.yaml"],  # not a choice: argparse says so
    ["check", "--fail-on=", "a.yaml"],
    ["check", "--color"],
    ["check", "-qv", "a.yaml"],
    ["check", "--quiet=yes", "a.yaml"],
    ["check", "a.yaml", "-q"],
    ["check", "--config", "-q", "a.yaml"],
    ["check", "--select", "EKS1", "a.yaml"],
    ["check", "-f", "github", "a.yaml"],
]


@pytest.mark.parametrize("argv", SIMPLE, ids=" ".join)
def test_a_simple_command_line_means_what_argparse_makes_of_it(argv):
    fast = simple_check(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser().parse_args(argv))


def test_every_check_option_has_its_default_in_the_fast_path():
    """A new ``check`` option must get its default in ``fast_argv.CHECK_DEFAULTS``."""
    assert vars(simple_check(["check", "a.yaml"])) == vars(build_parser().parse_args(["check", "a.yaml"]))


@pytest.mark.parametrize("argv", NOT_SIMPLE, ids=lambda argv: " ".join(argv) or "(none)")
def test_anything_else_goes_to_argparse(argv):
    assert simple_check(argv) is None


def test_the_fast_namespace_is_a_fresh_copy_every_time():
    first = parse_args(["check", "a.yaml"])
    first.rules_dir.append("mine")
    assert parse_args(["check", "b.yaml"]).rules_dir == []


def test_a_bad_command_line_still_gets_argparse_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["check", "--context-dir"])
    assert exit_info.value.code == 2
    assert "--context-dir: expected one argument" in capsys.readouterr().err
