"""Stable identities for findings: what a baseline records and CI tools track.

A fingerprint is the rule code, the resource's identity and a hash of the
offending content: the value at the finding's path in a Kubernetes object
(``spec.replicas`` -> ``1``). A finding with no such value (on an AWS
resource, a whole file, or an object without a path) hashes its stable
facts instead of its wording: the path it names and the identifiers in its
message (IDs, ARNs, versions, zones, instance types, `quoted` names), never
its words or plain figures. "41 free addresses" becoming "38 free
addresses", or "in 45 days" becoming "in 44 days", keeps the fingerprint, so
a baseline does not churn; another subnet or version changes it. Never the
line number, so an edit elsewhere in the file (or moving the object to
another file) keeps the fingerprint, while fixing the value changes it. Two
findings that would share a fingerprint (the same rule, resource and
content) are told apart by their order of appearance.

``eks-lint/v1`` (the message itself for findings without a value) is still
computed to match baselines written with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from typing import Any

from eks_lint.engine.model import AwsResource, FileTarget, Finding, K8sObject, format_path

#: Bump when the recipe changes; baselines and CI tools key on the value.
FINGERPRINT_VERSION = "eks-lint/v2"
#: Older recipes still computed, to match baselines written with them.
FINGERPRINT_VERSIONS = ("eks-lint/v1", FINGERPRINT_VERSION)

#: A word-like token of a message: letters, digits and the punctuation of IDs.
_TOKEN = re.compile(r"[A-Za-z0-9][\w.:/@+-]*[A-Za-z0-9]|[0-9]")
#: A plain figure: a count (``1,500``), a percentage, a size. It changes; it is not a fact.
_FIGURE = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$|^\d+(?:\.\d+)?%$")
_QUOTED = re.compile(r"`([^`]+)`|'([^']+)'|\"([^\"]+)\"")


def resource_identity(finding: Finding) -> str:
    """``Deployment/shop/api``, an ARN (or ``type/id``), or ``file:<repo-relative path>``."""
    target = finding.target
    if isinstance(target, K8sObject):
        return f"{target.kind}/{target.namespace or ''}/{target.name}"
    if isinstance(target, AwsResource):
        return str(target.arn or f"{target.type}/{target.id}")
    if isinstance(target, FileTarget):
        return "file:" + repo_relative(target.file)
    return str(target)


def offending_content(finding: Finding, version: str = FINGERPRINT_VERSION) -> str:
    """The value at the finding's path (its JSON); else its stable facts (v1: its message)."""
    target = finding.target
    if isinstance(target, K8sObject) and finding.path:
        value = target.get(*finding.path)
        return format_path(finding.path) + "=" + canonical_json(value)
    if version == "eks-lint/v1":
        return finding.message
    return format_path(finding.path) + "|" + " ".join(stable_facts(finding.message))


def stable_facts(message: str) -> list[str]:
    """The identifiers a message names, sorted: quoted names, and tokens with a
    digit that are not plain figures (``subnet-0a1``, ``1.29``, ``m5.large``,
    ``eu-west-1a``, an ARN, a date)."""
    facts = {next(group for group in match.groups() if group) for match in _QUOTED.finditer(message)}
    for token in _TOKEN.findall(message):
        if any(c.isdigit() for c in token) and not _FIGURE.match(token):
            facts.add(token)
    return sorted(facts)


#: Deeper than this, a value is summarised: no manifest nests so deep, and
#: json.dumps would exceed the recursion limit near 1,000 levels.
_MAX_DEPTH = 100


def canonical_json(value: Any) -> str:
    """One stable JSON text for any loaded value, the same text ``json.dumps(value,
    sort_keys=True, default=str)`` gives where that works (so baselines keep their
    fingerprints), and no exception where it does not: keys of mixed types (a
    number beside text), keys of other types, absurd depth."""
    return json.dumps(_plain(value, 0))


def _plain(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return "<nested too deep>"
    if isinstance(value, dict):
        try:
            keys = sorted(value)
        except TypeError:  # mixed key types: order by type, then text
            keys = sorted(value, key=lambda k: (type(k).__name__, str(k)))
        out: dict[str, Any] = {}
        for key in keys:
            text = _key(key)
            if text in out:  # 5 and "5": keep both
                text = f"{type(key).__name__}:{text}"
            out[text] = _plain(value[key], depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _key(key: Any) -> str:
    """A key as json.dumps writes it."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, (bool, int, float)):
        return json.dumps(key)
    return str(key)


def base_fingerprint(finding: Finding, version: str = FINGERPRINT_VERSION) -> str:
    content = hashlib.sha256(offending_content(finding, version).encode()).hexdigest()
    # A value at a path is hashed as v1 did, under v1's key: those fingerprints
    # (most of a manifest repository's) did not change, for baselines and CI tools alike.
    has_value = isinstance(finding.target, K8sObject) and bool(finding.path)
    key = "\0".join(
        ("eks-lint/v1" if has_value else version, finding.code, resource_identity(finding), content)
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def fingerprints(findings: Iterable[Finding], version: str = FINGERPRINT_VERSION) -> list[str]:
    """One fingerprint per finding, in order; the n-th repeat of a fingerprint gets ``:n``."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        base = base_fingerprint(finding, version)
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(base if count == 0 else f"{base}:{count}")
    return out


def repo_relative(file: str) -> str:
    """``file`` as a POSIX path relative to the root of its git repository.

    Falls back to the path relative to the working folder, then to the path
    as given (``<stdin>``, files outside the working folder and repository).
    """
    if file.startswith("<"):
        return file
    path = os.path.abspath(file)
    root = _repo_root(os.path.dirname(path))
    for base in (root, os.getcwd()):
        if base is None:
            continue
        prefix = base if base.endswith(os.sep) else base + os.sep
        if path.startswith(prefix):
            return path[len(prefix) :].replace(os.sep, "/")
    from pathlib import PurePath

    return PurePath(file).as_posix()


#: folder -> the root of its git repository (None: in none). A report names
#: thousands of findings in a few folders; each folder is walked once per process.
_ROOTS: dict[str, str | None] = {}


def _repo_root(folder: str) -> str | None:
    """The nearest folder from ``folder`` up that holds ``.git``, cached per folder."""
    walked: list[str] = []
    candidate = folder
    while True:
        if candidate in _ROOTS:
            root = _ROOTS[candidate]
            break
        walked.append(candidate)
        if os.path.exists(os.path.join(candidate, ".git")):
            root = candidate
            break
        parent = os.path.dirname(candidate)
        if parent == candidate:
            root = None
            break
        candidate = parent
    for seen in walked:
        _ROOTS[seen] = root
    return root


def describe(finding: Finding) -> dict[str, Any]:
    """What a baseline entry records next to the fingerprint, for people reading it."""
    entry: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "resource": resource_identity(finding),
    }
    if finding.path:
        entry["path"] = format_path(finding.path)
    if finding.location is not None:
        entry["file"] = repo_relative(finding.location.file)
    return entry
