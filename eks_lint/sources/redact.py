"""Keep secrets out of snapshots: a snapshot is shared, attached to tickets, kept in CI.

Kubernetes objects read from a cluster are scrubbed before they are stored:
Secret objects are dropped whole (the live reader never lists them, but a
snapshot assembled by hand may hold them), literal values of environment
variables whose name or value looks like a credential are replaced by
``REDACTED`` (the variable stays, so rules still see that a literal key is
set), and the ``kubectl.kubernetes.io/last-applied-configuration``
annotation, a full copy of the object including those values, is removed.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "REDACTED"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
#: Names of variables that carry credentials (AWS_SECRET_ACCESS_KEY, DB_PASSWORD, GITHUB_TOKEN, ...).
SECRET_NAME = re.compile(
    r"(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|AUTH)",
    re.IGNORECASE,
)
#: Values that are credentials whatever the name: AWS access key IDs, PEM keys, JWTs.
SECRET_VALUE = re.compile(
    r"^((AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"  # AWS access key ID
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----.*"  # PEM private key
    r"|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+)$",  # JWT
    re.DOTALL,
)
#: Variables that name where a credential is (a file, a path), not the credential.
NOT_SECRET_SUFFIX = ("_FILE", "_PATH", "_DIR", "_URL", "_URI", "_ARN")
_POD_SPEC_PATHS = (
    ("spec",),  # Pod
    ("spec", "template", "spec"),  # Deployment, StatefulSet, DaemonSet, Job, ReplicaSet
    ("spec", "jobTemplate", "spec", "template", "spec"),  # CronJob
)


def scrub_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objects without Secrets and with credential-like values redacted (in place)."""
    kept = []
    for obj in objects:
        if not isinstance(obj, dict) or obj.get("kind") == "Secret":
            continue
        metadata = obj.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("annotations"), dict):
            metadata["annotations"].pop(LAST_APPLIED, None)
        for path in _POD_SPEC_PATHS:
            spec = _at(obj, path)
            if isinstance(spec, dict):
                for key in ("containers", "initContainers", "ephemeralContainers"):
                    for container in spec.get(key) or ():
                        if isinstance(container, dict):
                            _scrub_env(container.get("env"))
        kept.append(obj)
    return kept


def looks_secret(name: str, value: Any) -> bool:
    if not isinstance(value, str) or not value:
        return False
    if SECRET_VALUE.match(value.strip()):
        return True
    return bool(SECRET_NAME.search(name)) and not name.upper().endswith(NOT_SECRET_SUFFIX)


def _scrub_env(env: Any) -> None:
    for variable in env or ():
        if isinstance(variable, dict) and looks_secret(
            str(variable.get("name") or ""), variable.get("value")
        ):
            variable["value"] = REDACTED


def _at(obj: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(step)
    return obj
