"""Where eks-lint keeps its small caches (rule metadata, plugin lists, configs
already validated): none is needed for a correct run, each only saves time."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``EKS_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/eks-lint``, else ``~/.cache/eks-lint``."""
    override = os.environ.get("EKS_LINT_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eks-lint"
