"""The rule needs Fargate profiles from a snapshot; the test builds that inventory directly
(snapshot part + manifests with their texts) so locations are exact."""

import json

from helpers import MANIFESTS, ROOT, SNAPSHOTS, located

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.registry import discover, select_rules
from eks_lint.engine.runner import run
from eks_lint.report.json_report import finding_json
from eks_lint.sources.manifests import load_manifests

FIXTURES = MANIFESTS / "lb-target-type-instance-on-fargate"
BAD = "fixtures/manifests/lb-target-type-instance-on-fargate/bad.yaml"


def lint_with_profiles(manifest, profiles=True):
    manifests = load_manifests([str(manifest)])
    inventory = Inventory()
    if profiles:
        snapshot = json.loads((SNAPSHOTS / "fargate-lb.json").read_text())
        inventory.parts["fargate_profiles"] = snapshot["fargate_profiles"]
    inventory.add_objects(manifests.objects)
    rules = select_rules(discover(plugins=False), ["lb-target-type-instance-on-fargate"])
    return run(rules, inventory, texts=manifests.texts)


def test_bad_fixture_reports_services_and_the_ingress_backend():
    result = lint_with_profiles(FIXTURES / "bad.yaml")
    findings = [finding_json(f) for f in result.findings]
    assert located(findings, ROOT) == [
        (BAD, 21, 9, "lb-target-type-instance-on-fargate"),
        (BAD, 31, 9, "lb-target-type-instance-on-fargate"),
        (BAD, 57, 31, "lb-target-type-instance-on-fargate"),
    ]
    assert [f["severity"] for f in findings] == ["error"] * 3
    assert "Deployment/serverless-shop/web runs on Fargate (profile serverless)" in findings[0]["message"]
    assert "alb.ingress.kubernetes.io/target-type: ip" in findings[2]["message"]


def test_good_fixture_is_clean():
    assert lint_with_profiles(FIXTURES / "good.yaml").findings == []


def test_without_fargate_profiles_the_rule_is_skipped():
    result = lint_with_profiles(FIXTURES / "bad.yaml", profiles=False)
    assert result.findings == []
    assert "needs fargate_profiles" in result.skipped["lb-target-type-instance-on-fargate"]
