from helpers import MANIFESTS, ROOT, lint, located

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.registry import discover, select_rules
from eks_lint.engine.runner import run
from eks_lint.report.json_report import finding_json
from eks_lint.sources.manifests import load_manifests

FIXTURES = MANIFESTS / "zone-anti-affinity-caps-replicas"
BAD = "fixtures/manifests/zone-anti-affinity-caps-replicas/bad.yaml"


def test_bad_fixture_reports_the_anti_affinity_term():
    outcome = lint("--select", "zone-anti-affinity-caps-replicas", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 16, 15, "zone-anti-affinity-caps-replicas"),
        (BAD, 41, 15, "zone-anti-affinity-caps-replicas"),
    ]
    assert "up to 5 replicas in 3 zones (option zones), so 2 stay Pending" in outcome.findings[0]["message"]
    assert "allows 0 unavailable" in outcome.findings[1]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "zone-anti-affinity-caps-replicas", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_the_snapshot_subnets_give_the_zone_count():
    manifests = load_manifests([str(FIXTURES / "good.yaml")])
    inventory = Inventory(parts={"subnets": [{"SubnetId": "subnet-1", "AvailabilityZone": "eu-west-1a"}] * 2})
    inventory.parts["subnets"].append({"SubnetId": "subnet-2", "AvailabilityZone": "eu-west-1b"})
    inventory.add_objects(manifests.objects)
    rules = select_rules(discover(plugins=False), ["zone-anti-affinity-caps-replicas"])
    findings = [finding_json(f) for f in run(rules, inventory, texts=manifests.texts).findings]
    # two zones: the 3-replica Deployment and StatefulSet now exceed them
    assert [f["resource"]["name"] for f in findings] == ["web", "db"]
    assert "3 replicas in 2 zones (the cluster's subnets)" in findings[0]["message"]
    assert located(findings, ROOT)[0][0] == "fixtures/manifests/zone-anti-affinity-caps-replicas/good.yaml"
