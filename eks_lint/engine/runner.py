"""Run the selected rules over one inventory.

Each rule runs in isolation: one that raises becomes an ``internal-error``
finding naming the rule and the object it was looking at, and the others go
on. A rule whose data is absent is skipped with the reason. Findings get
their locations, suppressions and a deterministic order here.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.locate import Locator
from eks_lint.engine.model import (
    Anchor,
    AwsResource,
    Finding,
    K8sObject,
    Rule,
    Severity,
    pod_template_annotations,
)
from eks_lint.engine.origin import OriginLocator
from eks_lint.engine.record import Record
from eks_lint.engine.registry import LoadedRule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SUPPRESS_PREFIX = "ignore-check.eks-lint.io/"

INTERNAL_ERROR = Rule(
    code="EKS001",
    name="internal-error",
    severity="error",
    summary="A rule raised an exception; the rule's other findings on this input are missing.",
    area="core",
)
INTERNAL_ERROR_DOC = """A rule raised an exception instead of returning findings.

## What it checks
Nothing by itself: the engine reports any rule that crashes as this finding,
naming the rule and the object it was reading, and runs the other rules.

## Why it matters on EKS
A rule that crashes silently would look like a clean result. This finding
keeps the gap visible.

## How to fix
Run again with `-v` to see the traceback and report it as a bug in eks-lint
(or in the plugin or rules folder that provides the rule). Meanwhile you can
`--ignore` the failing rule.

## Example
`internal-error: rule single-replica-workload failed on Deployment/web/api: KeyError: 'spec'`
"""


class RuleSettings(Record):
    """A rule's effective settings for this run (defaults merged with the config)."""

    __slots__ = ("severity", "options", "ignores")
    _fields = __slots__

    def __init__(
        self, severity: Severity, options: dict[str, Any], ignores: list[dict[str, str]] | None = None
    ) -> None:
        self.severity = severity
        self.options = options
        self.ignores: list[dict[str, str]] = ignores if ignores is not None else []


class RunResult(Record):
    __slots__ = ("findings", "suppressed", "skipped", "rules_run", "tracebacks", "incomplete")
    _fields = __slots__

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.suppressed: list[Finding] = []
        self.skipped: dict[str, str] = {}  # rule name -> reason
        self.rules_run: list[str] = []
        self.tracebacks: list[str] = []
        #: Reads that failed (a denied AWS call, an unreachable or refusing API
        #: server) for data the selected rules read, as ``operation on target
        #: failed (code)``: the report is incomplete (exit 3 unless --allow-partial).
        self.incomplete: list[str] = []


def run(
    rules: list[LoadedRule],
    inventory: Inventory,
    settings: Mapping[str, RuleSettings] | None = None,
    texts: dict[str, str] | None = None,
    nodes: dict[str, list[Any]] | None = None,
) -> RunResult:
    """``texts`` and ``nodes`` (from the manifest source) let findings be located."""
    settings = settings or {}
    result = RunResult()
    locator = Locator(texts or {}, dict(nodes or {}))
    origins = OriginLocator()  # findings on rendered objects go to the file that declared them
    pending: list[tuple[Finding, K8sObject, tuple[str | int, ...]]] = []
    views = scoped_views(inventory)
    for rule in rules:
        reason = skip_reason(rule.meta, inventory)
        if reason:
            result.skipped[rule.name] = reason
            if isinstance(reason, FailedRead) and reason.failure not in result.incomplete:
                result.incomplete.append(reason.failure)
            continue
        result.rules_run.append(rule.name)
        if _nothing_to_read(rule.meta, inventory):
            continue  # a manifest rule with none of its kinds present: no need to import it
        rule_settings = settings.get(rule.name) or default_settings(rule.meta)
        seen: set[tuple[Any, ...]] = set()
        for view in views:
            view.last_object = None
            try:
                for finding in rule.check(view, dict(rule_settings.options)):
                    if _first(finding, seen):
                        _stamp(finding, rule.meta, rule_settings.severity)
                        _place(finding, rule_settings, pending, result, inventory.anchors)
            except Exception as error:  # isolate the rule, report it, go on
                crash = _internal_error(rule, view.last_object, error)
                if _first(crash, seen):
                    import traceback  # only when a rule crashed

                    result.tracebacks.append(f"{rule.name}:\n{traceback.format_exc()}")
                    _place(crash, RuleSettings(Severity.ERROR, {}), pending, result)
    _locate(pending, locator, origins)
    _kubernetes_unread(rules, inventory, result)
    result.findings.sort(key=sort_key)
    result.suppressed.sort(key=sort_key)
    return result


def _kubernetes_unread(rules: list[LoadedRule], inventory: Inventory, result: RunResult) -> None:
    """A cluster whose API server could not be read at all leaves a run that
    read Kubernetes objects incomplete, even when manifests gave it some."""
    for error in inventory.errors:
        if error.get("part") != "kubernetes":
            continue
        if any(rule.name in result.rules_run and _reads_kubernetes(rule.meta) for rule in rules):
            if failure_text(error) not in result.incomplete:
                result.incomplete.append(failure_text(error))


def _reads_kubernetes(meta: Rule) -> bool:
    return bool(meta.kinds) or "kubernetes" in (*meta.needs, *meta.wants)


def scoped_views(inventory: Inventory) -> list[Inventory]:
    """One inventory per scope when the objects fall in several, else the inventory itself.

    Each view holds its scope's objects plus those of no scope (a cluster's
    own objects), and shares the AWS parts, errors and settings: every rule
    then relates objects of one environment only, whatever lookups it makes.
    """
    scoped: dict[str, list[K8sObject]] = {}
    shared: list[K8sObject] = []
    for obj in inventory.objects:
        if obj.scope is None:
            shared.append(obj)
        else:
            scoped.setdefault(obj.scope, []).append(obj)
    if len(scoped) < 2:
        return [inventory]
    views = []
    for name in sorted(scoped):
        objects = shared + scoped[name]
        views.append(
            Inventory(inventory.parts, objects, inventory.errors, inventory.settings, inventory.anchors)
        )
    return views


def _first(finding: Finding, seen: set[tuple[Any, ...]]) -> bool:
    """False for a finding another scope's run already gave (one on an AWS
    resource, or on an object every scope shares); objects count by identity,
    so the same name in two scopes is two findings."""
    target = finding.target
    key = (
        id(target) if isinstance(target, K8sObject) else target,
        finding.path,
        finding.message,
        finding.location,
        str(finding.level),
    )
    if key in seen:
        return False
    seen.add(key)
    return True


def _nothing_to_read(meta: Rule, inventory: Inventory) -> bool:
    """True for a rule that declares Kubernetes kinds, none of which are in the
    input, and whose AWS parts are all absent: it has nothing to read, so it
    cannot report anything and is not even imported."""
    if not meta.kinds or any(inventory.has_kind(kind) for kind in meta.kinds):
        return False
    aws_parts = {*meta.needs, *meta.needs_any, *meta.wants} - {"kubernetes"}
    return not any(inventory.has(part) for part in aws_parts)


def default_settings(meta: Rule) -> RuleSettings:
    return RuleSettings(severity=Severity(meta.severity), options=dict(meta.options))


class FailedRead(str):
    """A skip reason caused by a read that failed, not by data the input lacks."""

    failure: str

    @classmethod
    def of(cls, text: str, error: dict[str, Any]) -> FailedRead:
        reason = cls(text)
        reason.failure = failure_text(error)  # one line per operation, whatever its targets
        return reason


def failure_text(error: dict[str, Any], target: bool = False) -> str:
    """``eks:ListAddons failed (AccessDeniedException)``; with ``target``,
    ``eks:ListAddons on prod failed (...)``."""
    where = f" on {error['target']}" if target and error.get("target") else ""
    return f"{error.get('operation', '?')}{where} failed ({error.get('code') or 'error'})"


def skip_reason(meta: Rule, inventory: Inventory) -> str | None:
    reason = _required_reason(meta, inventory)
    if reason is None and meta.needs_any and not any(inventory.has(part) for part in meta.needs_any):
        reason = f"needs one of {', '.join(meta.needs_any)}: none in the input"
    if reason is None:
        reason = _wanted_reason(meta, inventory)
    return reason


def _wanted_reason(meta: Rule, inventory: Inventory) -> str | None:
    """A part the rule reads when present (``wants``, or one of ``needs_any``)
    that is absent because its read failed: the rule would take "could not
    read" for "there is none" (no add-ons, no roles), so it is skipped."""
    for part in (*meta.needs_any, *meta.wants):
        if part == "kubernetes" or inventory.has(part):
            continue
        error = _failed_read(inventory, part)
        if error is not None:
            code = error.get("code") or "error"
            return FailedRead.of(f"wants {part}: {error.get('operation', '')} failed ({code})", error)
    if meta.kinds and "kubernetes" in meta.wants:
        for error in inventory.errors:
            if error.get("part") == "kubernetes" or error.get("kind") in meta.kinds:
                what = error.get("kind") or "Kubernetes objects"
                code = error.get("code") or "error"
                return FailedRead.of(f"wants {what}: {error.get('operation')} failed ({code})", error)
    return None


def _required_reason(meta: Rule, inventory: Inventory) -> str | None:
    for part in meta.required_parts:
        if inventory.has(part):
            continue
        error = _failed_read(inventory, part)
        if error is not None:
            code = error.get("code") or "error"
            return FailedRead.of(f"needs {part}: {error.get('operation', '')} failed ({code})", error)
        if part == "kubernetes":
            return "needs Kubernetes objects: none in the input"
        return f"needs {part}: not in the input"
    if meta.needs_kubernetes:
        # A live list that failed (403, timeout) leaves that kind unknown, not
        # empty: judging without it would report what is not there.
        for error in inventory.errors:
            if error.get("kind") in meta.kinds:
                code = error.get("code") or "error"
                return FailedRead.of(
                    f"needs {error['kind']}: {error.get('operation')} failed ({code})", error
                )
    return None


def _failed_read(inventory: Inventory, part: str) -> dict[str, Any] | None:
    """The first recorded error of a call that feeds ``part``: the error names the
    part itself, or its operation is one the call table says feeds it."""
    if not inventory.errors:
        return None
    from eks_lint.data.aws_calls import OPERATION_PARTS  # only when a source recorded errors

    for error in inventory.errors:
        if error.get("part") == part or OPERATION_PARTS.get(str(error.get("operation", ""))) == part:
            return error
    return None


def _stamp(finding: Finding, meta: Rule, severity: Severity) -> None:
    finding.code = meta.code
    finding.name = meta.name
    if finding.level is not None and severity == meta.severity:
        # The rule graded this finding itself; a severity from the config overrides it.
        level = finding.level
        finding.severity = level if isinstance(level, Severity) else Severity.parse(level)
    else:
        finding.severity = severity
    finding.area = meta.area


def _place(
    finding: Finding,
    settings: RuleSettings,
    pending: list[tuple[Finding, K8sObject, tuple[str | int, ...]]],
    result: RunResult,
    anchors: Mapping[tuple[str, str], Anchor] | None = None,
) -> None:
    """File the finding as reported or suppressed; what it must be located at
    joins ``pending`` (located by ``_locate`` once every rule has run)."""
    target = finding.target
    if finding.location is None and isinstance(target, K8sObject):
        if target.anchor is not None and target.anchor.obj is not None:
            pending.append((finding, target.anchor.obj, target.anchor.path))
        else:
            pending.append((finding, target, finding.path))
    elif isinstance(target, AwsResource) and anchors:
        anchor = anchors.get((target.type, target.id))
        if anchor is not None:
            if anchor.address and not target.address:
                finding.target = target.replace(address=anchor.address)
            if finding.location is None and anchor.obj is not None:
                pending.append((finding, anchor.obj, anchor.path))
    reason = suppression(finding, settings)
    if reason is not None:
        finding.suppressed_by = reason
        result.suppressed.append(finding)
    else:
        result.findings.append(finding)


def _locate(
    pending: list[tuple[Finding, K8sObject, tuple[str | int, ...]]],
    locator: Locator,
    origins: OriginLocator | None = None,
) -> None:
    """Locate the findings document by document, so a document the manifest
    source kept only as a span is composed again once, however many rules
    found something in it (rules report object by object, rule after rule)."""

    def document(entry: tuple[Finding, K8sObject, tuple[str | int, ...]]) -> tuple[str, int]:
        source = entry[1].source
        return ("", -1) if source is None else (source.file, source.document)

    for finding, obj, path in sorted(pending, key=document):
        finding.location = locator.locate(obj, path)
        if origins is not None and obj.source is not None and obj.source.origin is not None:
            # a rendered object: the file that declared it (template, kustomize base)
            finding.location = origins.locate(obj, path, finding.location)


def suppression(finding: Finding, settings: RuleSettings) -> str | None:
    """The reason this finding is suppressed, or None.

    An annotation ``ignore-check.eks-lint.io/<rule-name>`` (or ``/all``) on
    the object, or on a workload's pod template, silences the rule there;
    so does an ``ignore`` entry for the rule in the config file.
    """
    target = finding.target
    if isinstance(target, K8sObject) and finding.name != INTERNAL_ERROR.name:
        for annotations in (target.annotations, pod_template_annotations(target)):
            for key in (SUPPRESS_PREFIX + finding.name, SUPPRESS_PREFIX + "all"):
                if key in annotations:
                    reason = str(annotations[key] or "").strip()
                    return f"annotation {key}" + (f": {reason}" if reason else "")
    for entry in settings.ignores:
        pattern = entry.get("resource", "*")
        names = [finding.resource_display]
        if isinstance(target, AwsResource):
            names.append(f"{target.type}/{target.id}")
        if any(fnmatch.fnmatchcase(name, pattern) for name in names):
            return "config: " + entry.get("reason", "ignored in the config file")
    return None


def _internal_error(rule: LoadedRule, obj: K8sObject | None, error: Exception) -> Finding:
    where = f" on {obj.display()}" if obj is not None else ""
    message = f"rule {rule.name} failed{where}: {type(error).__name__}: {error}"
    target = obj if obj is not None else AwsResource("rule", rule.name)
    finding = Finding(target=target, message=message)
    _stamp(finding, INTERNAL_ERROR, Severity.ERROR)
    return finding


def sort_key(finding: Finding) -> tuple[Any, ...]:
    """File, line, column, code for located findings; AWS resources after, by name."""
    location = finding.location
    code, message = str(finding.code), str(finding.message)
    if location is not None:
        rendered = location.rendered
        return (
            0,
            str(location.file),
            _number(location.line),
            _number(location.column),
            code,
            message,
            (str(rendered.file), _number(rendered.line)) if rendered is not None else ("", 0),
        )
    # Text whatever the input held: a snapshot may give a number where an ARN belongs,
    # and str < int raises.
    return (1, str(finding.resource_display), 0, 0, code, message, ("", 0))


def _number(value: Any) -> int:
    return value if isinstance(value, int) else 0
