"""The one exception type for mistakes a user can make.

The CLI turns an ``EksLintError`` into one line on stderr and exit code 2; any
other exception reaching the top is a bug in eks-lint and keeps its traceback.
"""

from __future__ import annotations


class EksLintError(Exception):
    """Bad input, bad configuration, a missing path or credentials: exit 2."""
