"""The pre-commit command line without argparse.

``eks-lint check [--context-dir DIR] PATH...`` (what the pre-commit hook and
most editors run), with the few options hooks and CI lines add (``--quiet``,
``--fail-on``, ...), is read here directly: importing argparse and building
every subcommand's parser costs a one-file run about 8 ms, a sixth of its
time. Anything else (another option, ``--help``, an option after a path)
returns None and goes to the full parser in ``parser``, which stays the one
definition of the command line: a test checks that both give the same
namespace for every command line accepted here.
"""

from __future__ import annotations

from types import SimpleNamespace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

COMMANDS = ("check", "rules", "explain", "collect", "targets", "iam-policy", "data")
FAIL_ON_CHOICES = ("error", "warning", "info", "never")
COLOR_CHOICES = ("auto", "always", "never")

#: What ``parser.build_parser()`` gives ``check`` when no option is set.
CHECK_DEFAULTS = {
    "command": "check",
    "paths": [],
    "config": None,
    "select": None,
    "ignore": None,
    "rules_dir": [],
    "outputs": None,
    "exclude": None,
    "no_gitignore": False,
    "baseline": None,
    "write_baseline": None,
    "fail_on": None,
    "show_suppressed": False,
    "k8s_version": None,
    "target_version": None,
    "upgrade_plan": False,
    "today": None,
    "max_file_size": None,
    "context_dir": None,
    "helm": None,
    "values": None,
    "set": None,
    "release": None,
    "namespace": None,
    "kustomize": None,
    "verbose": False,
    "quiet": False,
    "color": "auto",
    "terraform_plan": None,
    "snapshot": None,
    "cluster": None,
    "all_clusters": False,
    "region": None,
    "profile": None,
    "deadline": None,
    "allow_partial": False,
    "kubeconfig": None,
    "context": None,
    "timeout": None,
}

#: The options read here (before the paths, as hooks and CI lines give them):
#: flags, then options with one value (None: any value that does not look like
#: an option; a tuple: argparse's choices), then the one that may repeat.
_FLAGS = {
    "-q": "quiet",
    "--quiet": "quiet",
    "-v": "verbose",
    "--verbose": "verbose",
    "--no-gitignore": "no_gitignore",
    "--show-suppressed": "show_suppressed",
}
_VALUES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "--fail-on": ("fail_on", FAIL_ON_CHOICES),
    "--color": ("color", COLOR_CHOICES),
    "--config": ("config", None),
}
_APPENDED = {"--context-dir": "context_dir"}


def simple_check(argv: Sequence[str]) -> SimpleNamespace | None:
    """The namespace argparse would give for ``check [OPTION]... PATH...`` with
    only the options above, or None for any other command line."""
    if not argv or argv[0] != "check":
        return None
    values: dict[str, Any] = {}
    rest = list(argv[1:])
    while rest and rest[0].startswith("-") and rest[0] != "-":
        option = rest.pop(0)
        if option in _FLAGS:
            values[_FLAGS[option]] = True
            continue
        name, equals, value = option.partition("=")
        if name not in _VALUES and name not in _APPENDED:
            return None  # another option, an abbreviation, -- or --help: argparse's call
        if not equals:
            if not rest or not _plain(rest[0]):
                return None
            value = rest.pop(0)
        if not value:
            return None
        if name in _APPENDED:
            values.setdefault(_APPENDED[name], []).append(value)
            continue
        dest, choices = _VALUES[name]
        if choices is not None and value not in choices:
            return None
        values[dest] = value
    if not all(_plain(path) or path == "-" for path in rest):
        return None
    namespace = SimpleNamespace(**CHECK_DEFAULTS)
    namespace.rules_dir = []
    namespace.paths = rest
    for dest, value in values.items():
        setattr(namespace, dest, value)
    return namespace


def _plain(argument: str) -> bool:
    return bool(argument) and not argument.startswith("-")
