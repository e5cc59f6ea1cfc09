"""The exit codes a CI gate can rely on, one place for all of them (README, "Exit codes")."""

from __future__ import annotations

#: Nothing at or above ``--fail-on``.
CLEAN = 0
#: Findings at or above ``--fail-on``.
FINDINGS = 1
#: A usage or input error: a bad flag, path, config, snapshot or credentials (one line on stderr).
USAGE = 2
#: Data the selected rules read could not be read (a denied or failed AWS call, an unreachable
#: Kubernetes API): the report is incomplete. ``--allow-partial`` accepts it (then 0 or 1).
INCOMPLETE = 3
#: A bug in eks-lint outside a rule (a traceback, and how to report it). A rule that raises
#: is an ``internal-error`` finding instead, and the run goes on.
INTERNAL = 4
#: Interrupted (Ctrl-C), as shells report SIGINT.
INTERRUPTED = 130
