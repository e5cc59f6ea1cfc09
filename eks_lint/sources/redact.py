"""Keep secrets out of snapshots: a snapshot is shared, attached to tickets, kept in CI.

Two passes, both before anything is written:

- ``scrub_objects`` (Kubernetes objects read from a cluster): Secret objects
  are dropped whole (the live reader never lists them, but a snapshot
  assembled by hand may hold them), the
  ``kubectl.kubernetes.io/last-applied-configuration`` annotation (a full
  copy of the object) is removed, and so is a Karpenter node class's
  ``userData`` (bootstrap scripts hold secrets often enough, as launch
  template ``UserData`` does).
- ``scrub_tree`` (everything the collector keeps: objects, AWS parts,
  errors): a value is redacted by its *name* (an env variable or tag named
  like a credential: ``DB_PASSWORD``, ``MYSQL_PWD``, ``GITHUB_TOKEN``) and by
  its *shape* wherever it is (a password in a URL, ``--password=PW`` or
  ``--token X`` in arguments, ``password=PW`` in a connection string, a PEM
  private key, a JWT, a bearer token, an AWS access key ID or secret key,
  GitHub/GitLab/Slack tokens). Only the secret part becomes ``REDACTED``:
  ``postgres://app:REDACTED@db:5432/shop`` still tells a rule where the
  database is, and an env variable keeps its name, so rules still see that a
  literal credential is set.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "REDACTED"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
#: Names of variables (and tags) that carry credentials.
SECRET_NAME = re.compile(
    r"(SECRET|PASSWORD|PASSWD|PASSPHRASE|PWD|(^|_)PASS($|_)|TOKEN|CREDENTIAL|CREDS|PRIVATE_?KEY|API_?KEY"
    r"|ACCESS_?KEY|AUTH|(^|_)DSN$|CONN(ECTION)?_?STR|(^|_)KEY$)",
    re.IGNORECASE,
)
#: Names that say where a credential is (a file, a path, an ARN), not the credential.
#: Their values still go through the shape checks (a ``_URL`` with a password in it).
NOT_SECRET_SUFFIX = ("_FILE", "_PATH", "_DIR", "_URL", "_URI", "_ARN", "_ENDPOINT", "_HOST")
#: Values that are credentials whatever the name, matched whole.
SECRET_VALUE = re.compile(
    r"^((AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}"  # AWS access key ID
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----.*"  # PEM private key
    r"|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+"  # JWT
    # An AWS secret access key: 40 characters of base64's alphabet, mixed case
    # and digits. Only a whole value: inside text, a 40-character run is as
    # likely a role path; a Git SHA or an image digest is lowercase hex.
    r"|(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40})$",
    re.DOTALL,
)

# The words that make an argument, a query parameter or a key=value pair a credential.
_WORD = (
    r"(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)"
)
#: Flag or key names holding one of the words but naming a place or a setting, not a secret.
_NOT_SECRET_KEY = re.compile(
    r"(file|path|dir|url|uri|arn|name|ttl|duration|expiry|expiration|length|audience|type|mode|ref|id)$",
    re.IGNORECASE,
)
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    # PEM private keys, whole blocks (also a block cut short)
    (
        re.compile(r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?(-----END \1PRIVATE KEY-----|$)", re.DOTALL),
        REDACTED,
    ),
    # the password of a URL's user info: postgres://app:PW@db/x
    (re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s]*:)[^@\s]+@"), rf"\g<1>{REDACTED}@"),
    # JSON Web Tokens
    (re.compile(r"\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+"), REDACTED),
    # HTTP credentials: Authorization: Bearer X / Basic X
    (re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE), rf"\g<1> {REDACTED}"),
    # AWS access key IDs
    (re.compile(r"\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b"), REDACTED),
    # tokens with a well-known prefix: GitHub, GitLab, Slack, Stripe
    (
        re.compile(
            r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}"
            r"|xox[abposr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{10,})"
        ),
        REDACTED,
    ),
)
#: ``--password=PW``, ``password=PW``, ``Password: PW``, ``?token=X`` (key and value kept apart)
_KEY_VALUE = re.compile(rf"(?i)((?<![\w.-])-{{0,2}}[\w.-]*{_WORD}[\w.-]*)(\s*[:=]\s*)([^\s\"'&;,]+)")
#: ``--token X`` inside one string (a shell command line)
_FLAG_SPACE = re.compile(rf"(?i)((?<![\w.-])--?[\w.-]*{_WORD}[\w.-]*)(\s+)([^\s\"'-][^\s\"']*)")
#: One cheap search says whether a string can hold any of the shapes above
#: (most strings, names and images and labels, cannot).
_CANDIDATE = re.compile(
    rf"(?i)://|-----BEGIN|eyJ|A[SKB]IA|ACCA|bearer|basic|gh[pousr]_|github_pat_|glpat-|xox|sk_live_|{_WORD}"
)
#: A flag that takes the next argument as a credential: ``["--password", "PW"]``
_SECRET_FLAG = re.compile(rf"(?i)^--?[\w.-]*{_WORD}[\w.-]*$")

_POD_SPEC_PATHS = (
    ("spec",),  # Pod
    ("spec", "template", "spec"),  # Deployment, StatefulSet, DaemonSet, Job, ReplicaSet
    ("spec", "jobTemplate", "spec", "template", "spec"),  # CronJob
)
_NODE_CLASSES = frozenset({"EC2NodeClass", "AWSNodeTemplate"})


def scrub_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objects without Secrets, copies of themselves or bootstrap scripts,
    and with credential-like values redacted (in place)."""
    kept = []
    for obj in objects:
        if not isinstance(obj, dict) or obj.get("kind") == "Secret":
            continue
        metadata = obj.get("metadata")
        if isinstance(metadata, dict) and isinstance(metadata.get("annotations"), dict):
            metadata["annotations"].pop(LAST_APPLIED, None)
        if obj.get("kind") in _NODE_CLASSES and isinstance(obj.get("spec"), dict):
            obj["spec"].pop("userData", None)
        for path in _POD_SPEC_PATHS:
            spec = _at(obj, path)
            if isinstance(spec, dict):
                for key in ("containers", "initContainers", "ephemeralContainers"):
                    for container in spec.get(key) or ():
                        if isinstance(container, dict):
                            _scrub_env(container.get("env"))
        kept.append(scrub_tree(obj))
    return kept


def scrub_tree(value: Any) -> Any:
    """``value`` with every credential redacted, by name and by shape (dicts and lists in place)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        _scrub_arguments(value)
        for index, item in enumerate(value):
            value[index] = scrub_tree(item)
        return value
    if isinstance(value, dict):
        for name_key, value_key in (("name", "value"), ("Key", "Value")):  # env variables, AWS tags
            name, item = value.get(name_key), value.get(value_key)
            if isinstance(name, str) and isinstance(item, str) and looks_secret(name, item):
                value[value_key] = REDACTED
        for key, item in value.items():
            if key in _NAMED_MAPS and isinstance(item, dict):
                _scrub_named(item)
            value[key] = scrub_tree(item)
        return value
    return value


#: Maps whose keys name their values: AWS tag maps (EKS), a ConfigMap's data.
_NAMED_MAPS = frozenset({"tags", "data"})


def _scrub_named(mapping: dict[str, Any]) -> None:
    for name, item in mapping.items():
        if isinstance(name, str) and looks_secret(name, item):
            mapping[name] = REDACTED


def scrub_text(text: str) -> str:
    """``text`` with the credentials in it redacted, the rest kept."""
    if len(text) < 5 or not _CANDIDATE.search(text):
        return text
    for pattern, replacement in _SHAPES:
        text = pattern.sub(replacement, text)
    text = _KEY_VALUE.sub(_keep_unless_secret, text)
    return _FLAG_SPACE.sub(_keep_unless_secret, text)


def looks_secret(name: str, value: Any) -> bool:
    """Whether a named value (an env variable, a tag) holds a credential."""
    if not isinstance(value, str) or not value or value == REDACTED:
        return False
    if SECRET_VALUE.match(value.strip()):
        return True
    return bool(SECRET_NAME.search(name)) and not name.upper().endswith(NOT_SECRET_SUFFIX)


def _keep_unless_secret(match: re.Match[str]) -> str:
    key, separator, value = match.groups()
    if _NOT_SECRET_KEY.search(key) or value == REDACTED or value.startswith("$"):
        return match.group(0)  # a file or a setting; $(VAR) and ${VAR} name a value held elsewhere
    return f"{key}{separator}{REDACTED}"


def _scrub_arguments(words: list[Any]) -> None:
    """``["--password", "PW"]``: the word after a credential flag is the credential."""
    for index in range(len(words) - 1):
        flag, following = words[index], words[index + 1]
        if (
            isinstance(flag, str)
            and isinstance(following, str)
            and _SECRET_FLAG.match(flag)
            and not _NOT_SECRET_KEY.search(flag)
            and following
            and not following.startswith(("-", "$"))
        ):
            words[index + 1] = REDACTED


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
