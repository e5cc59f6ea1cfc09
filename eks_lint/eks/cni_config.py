"""The VPC CNI's configuration as written in the cluster: the aws-node
DaemonSet's env and the ``vpc-cni`` add-on's ``configurationValues``.

Kept apart from ``ipam`` (address arithmetic, with ``ipaddress`` and the ENI
tables) so that the rules that only read a setting, on the manifest path,
import nothing more than this.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


def daemonset_env(daemonset: Any) -> dict[str, str] | None:
    """Literal env of the aws-node container (``valueFrom`` entries are skipped)."""
    spec = daemonset.get("spec", "template", "spec") if daemonset is not None else None
    if not isinstance(spec, dict):
        return None
    candidates = [c for c in spec.get("containers") or [] if isinstance(c, dict)]
    chosen = next(
        (c for c in candidates if c.get("name") == "aws-node"), candidates[0] if candidates else None
    )
    if chosen is None:
        return None
    env = {}
    for item in chosen.get("env") or []:
        if isinstance(item, dict) and item.get("name") and "value" in item:
            env[str(item["name"])] = str(item["value"])
    return env


def addon_values(addon: Mapping[str, Any]) -> dict[str, Any] | None:
    """An add-on's ``configurationValues`` (a JSON or YAML string) as a mapping, or None."""
    text = addon.get("configurationValues")
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        from eks_lint.engine.yaml_load import YamlProblem, load_one

        try:
            values = load_one(text).data
        except YamlProblem:
            return None
    return values if isinstance(values, dict) else None


def addon_env(addon: Mapping[str, Any]) -> dict[str, str] | None:
    """The ``env`` map of an add-on's ``configurationValues``."""
    values = addon_values(addon)
    env = values.get("env") if isinstance(values, dict) else None
    return {str(key): str(value) for key, value in env.items()} if isinstance(env, dict) else None
