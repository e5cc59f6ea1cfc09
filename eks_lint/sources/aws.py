"""The live AWS collector (being built: see issue 3)."""

from __future__ import annotations

from eks_lint.errors import EksLintError


def collect_from_args(args, rules):  # pragma: no cover - placeholder
    raise EksLintError("live AWS collection is not built yet; use --snapshot FILE")


def run_collect(args):  # pragma: no cover - placeholder
    raise EksLintError("eks-lint collect is not built yet")


def run_iam_policy(args):  # pragma: no cover - placeholder
    raise EksLintError("eks-lint iam-policy is not built yet")
