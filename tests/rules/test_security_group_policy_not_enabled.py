from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint, located, run_rule

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

FIXTURES = MANIFESTS / "security-group-policy-not-enabled"
RULE = "security-group-policy-not-enabled"
BAD = "fixtures/manifests/security-group-policy-not-enabled/bad.yaml"


def test_pod_eni_off_is_reported_on_each_policy():
    outcome = lint("--select", RULE, str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [(BAD, 50, 3, RULE)]
    assert "ENABLE_POD_ENI is false on aws-node" in outcome.findings[0]["message"]


def test_pod_eni_on_or_no_aws_node_in_the_input_is_clean():
    assert lint("--select", RULE, str(FIXTURES / "good.yaml")).findings == []
    assert lint("--select", RULE, str(FIXTURES / "good-no-aws-node.yaml")).findings == []


def test_auto_mode_ignores_security_group_policies():
    outcome = lint("--select", RULE, "--snapshot", str(SNAPSHOTS / RULE / "auto-mode.json"))
    assert by_resource(outcome.findings) == [(RULE, "SecurityGroupPolicy/shop/orders-db-access")]
    assert "EKS Auto Mode, which does not support security groups for pods" in outcome.findings[0]["message"]


def _objects(path):
    from eks_lint.sources.manifests import load_manifests

    return load_manifests([str(path)]).objects


def test_fargate_only_clusters_need_no_trunk_enis():
    objects = _objects(FIXTURES / "bad.yaml")
    assert all(isinstance(o, K8sObject) for o in objects)
    profile = {"fargateProfileName": "shop", "selectors": [{"namespace": "shop"}]}
    fargate_only = Inventory(parts={"fargate_profiles": [profile], "nodegroups": []}, objects=objects)
    assert run_rule(RULE, fargate_only).findings == []
    with_nodes = Inventory(
        parts={"fargate_profiles": [profile], "nodegroups": [{"nodegroupName": "a"}]}, objects=objects
    )
    assert [f.message.split(":")[0] for f in run_rule(RULE, with_nodes).findings] == [
        "SecurityGroupPolicy orders-db-access"
    ]
