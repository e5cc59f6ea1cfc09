"""Cluster safety rules (EKS825 deletion protection, EKS826 node auto repair)."""

import pytest
from helpers import SNAPSHOTS, cli
from identity_fixtures import findings, fixture_problems, summary

DELETION = "deletion-protection-off"
REPAIR = "nodegroup-auto-repair-off"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/shop"


@pytest.mark.parametrize("rule", [DELETION, REPAIR])
def test_fixtures_use_real_api_shapes(rule):
    assert fixture_problems(rule) == {}


def test_deletion_protection_off_is_advice_by_default():
    found = findings(DELETION, "bad.json")
    assert summary(found) == [(DELETION, CLUSTER, "deletionProtection")]
    assert found[0]["severity"] == "info"
    assert found[0]["message"].startswith("cluster shop has deletion protection off")


@pytest.mark.parametrize(
    "patterns, severity", [(["shop"], "warning"), (["prod-*", "sh?p"], "warning"), (["prod-*"], "info")]
)
def test_production_clusters_in_the_config_make_it_a_warning(tmp_path, patterns, severity):
    config = tmp_path / ".eks-lint.yaml"
    config.write_text("production-clusters: [" + ", ".join(patterns) + "]\n", encoding="utf-8")
    outcome = cli(
        "check",
        "--format",
        "json",
        "--config",
        str(config),
        "--select",
        DELETION,
        "--snapshot",
        str(SNAPSHOTS / DELETION / "bad.json"),
    )
    assert [f["severity"] for f in outcome.report["findings"]] == [severity]
    if severity == "warning":
        assert outcome.report["findings"][0]["message"].startswith("production cluster shop has")


def test_production_clusters_must_be_a_list_of_names(tmp_path):
    config = tmp_path / ".eks-lint.yaml"
    config.write_text("production-clusters: shop\n", encoding="utf-8")
    outcome = cli("check", "--config", str(config), "--snapshot", str(SNAPSHOTS / DELETION / "bad.json"))
    assert outcome.code == 2 and "production-clusters" in outcome.stderr


@pytest.mark.parametrize("fixture", ["good.json", "good-not-reported.json"])
def test_deletion_protection_good(fixture):
    assert findings(DELETION, fixture) == []


def test_node_auto_repair_off():
    found = findings(REPAIR, "bad.json")
    assert summary(found) == [
        (
            REPAIR,
            "arn:aws:eks:eu-west-1:111122223333:nodegroup/shop/workers/b2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a",
            "nodeRepairConfig.enabled",
        )
    ]
    assert found[0]["severity"] == "info"


def test_node_auto_repair_good():
    # on, or not reported by the input at all
    assert findings(REPAIR, "good.json") == []
