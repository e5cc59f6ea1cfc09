"""The pre-commit command line without argparse.

``eks-lint check [--context-dir DIR]... PATH...`` (what the pre-commit hook and
most editors run) is read here directly: importing argparse and building every
subcommand's parser costs a one-file run about 8 ms, a sixth of its time.
Anything else (another option, ``--help``, a path that starts with ``-``)
returns None and goes to the full parser in ``parser``, which stays the one
definition of the command line: a test checks that both give the same
namespace for every command line accepted here.
"""

from __future__ import annotations

from types import SimpleNamespace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS = ("check", "rules", "explain", "collect", "targets", "iam-policy", "data")

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

_CONTEXT_DIR = "--context-dir"


def simple_check(argv: Sequence[str]) -> SimpleNamespace | None:
    """The namespace argparse would give for ``check [--context-dir DIR]... PATH...``,
    or None for any other command line."""
    if not argv or argv[0] != "check":
        return None
    context_dirs: list[str] = []
    rest = list(argv[1:])
    while rest and rest[0].startswith(_CONTEXT_DIR):
        option = rest.pop(0)
        if option == _CONTEXT_DIR and rest and _plain(rest[0]):
            context_dirs.append(rest.pop(0))
        elif option.startswith(_CONTEXT_DIR + "=") and option != _CONTEXT_DIR + "=":
            context_dirs.append(option[len(_CONTEXT_DIR) + 1 :])
        else:
            return None
    if not all(_plain(path) or path == "-" for path in rest):
        return None
    namespace = SimpleNamespace(**CHECK_DEFAULTS)
    namespace.paths = rest
    namespace.rules_dir = []
    namespace.context_dir = context_dirs or None
    return namespace


def _plain(argument: str) -> bool:
    return bool(argument) and not argument.startswith("-")
