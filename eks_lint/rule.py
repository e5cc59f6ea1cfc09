"""The rule-author API: everything a rule module imports from the engine.

A rule is one module with a docstring (its documentation), a module-level
``RULE = Rule(...)`` record and a ``check(inventory, options)`` generator that
yields findings. Built-in rules, a team's ``--rules-dir`` folder and
third-party packages (the ``eks_lint.rules`` entry-point group) all use this
module and nothing else of the engine; the names below are kept stable
across releases. Shared EKS knowledge (trust policies, IP arithmetic,
add-on versions, ...) is in ``eks_lint.eks``, fact tables in
``eks_lint.data``. See docs/writing-rules.md.
"""

from __future__ import annotations

from eks_lint.engine.inventory import Inventory, aws
from eks_lint.engine.model import (
    PARTS,
    AwsResource,
    FileTarget,
    Finding,
    K8sObject,
    Location,
    Rule,
    Severity,
    format_path,
    plural,
    text_keys,
)

__all__ = [
    "PARTS",
    "AwsResource",
    "FileTarget",
    "Finding",
    "Inventory",
    "K8sObject",
    "Location",
    "Rule",
    "Severity",
    "aws",
    "format_path",
    "plural",
    "text_keys",
]
