"""A rule may grade one finding above or below its default severity; the config still wins."""

from eks_lint.engine.inventory import Inventory, aws
from eks_lint.engine.model import Finding, K8sObject, Rule, Severity
from eks_lint.engine.registry import LoadedRule
from eks_lint.engine.runner import RuleSettings, run

META = Rule(
    code="TST001",
    name="graded",
    severity="warning",
    summary="test",
    kinds=("Node",),
    wants=("kubernetes",),
)


def _check(inventory, options):
    yield Finding(target=aws("thing", "a"), message="plain")
    yield Finding(target=aws("thing", "b"), message="graded", level="error")


RULE = LoadedRule(meta=META, check=_check, doc="doc", origin="test", file="test.py")


def _inventory() -> Inventory:
    """A Node for the rule to read (a rule with nothing to read is not run)."""
    return Inventory(objects=[K8sObject({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}})])


def test_finding_level_applies_under_the_default_severity():
    result = run([RULE], _inventory())
    assert [(f.target.id, f.severity) for f in result.findings] == [
        ("a", Severity.WARNING),
        ("b", Severity.ERROR),
    ]


def test_configured_severity_overrides_the_finding_level():
    settings = {"graded": RuleSettings(severity=Severity.INFO, options={})}
    result = run([RULE], _inventory(), settings)
    assert {f.severity for f in result.findings} == {Severity.INFO}


def test_kinds_with_kubernetes_in_wants_are_optional():
    assert META.required_parts == ()
    assert not META.needs_kubernetes
    assert Rule(code="TST002", name="x", severity="info", summary="s", kinds=("Node",)).required_parts == (
        "kubernetes",
    )
