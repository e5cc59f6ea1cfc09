from helpers import SNAPSHOTS, by_resource, lint, run_rule

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

RULE = "ipv6-cluster-windows-nodes"
FIXTURES = SNAPSHOTS / RULE
GROUP = "arn:aws:eks:eu-west-1:111122223333:nodegroup/v6/windows/a2c7b1d4-9e3f-4c21-8b5a-1f0e2d3c4b5a"


def test_windows_node_group_in_an_ipv6_cluster_is_reported_on_its_ami_type():
    outcome = lint("--select", RULE, "--snapshot", str(FIXTURES / "bad.json"))
    assert by_resource(outcome.findings) == [(RULE, GROUP)]
    assert outcome.findings[0]["severity"] == "error" and outcome.findings[0]["path"] == "amiType"


def test_windows_nodes_of_an_ipv4_cluster_are_fine():
    assert lint("--select", RULE, "--snapshot", str(FIXTURES / "good-ipv4.json")).findings == []


def test_windows_node_objects_are_reported_too():
    node = K8sObject(
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": "ip-10-0-12-34.eu-west-1.compute.internal",
                "labels": {"kubernetes.io/os": "windows"},
            },
        }
    )
    linux = K8sObject(
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {"name": "a", "labels": {"kubernetes.io/os": "linux"}},
        }
    )
    cluster = {"name": "v6", "kubernetesNetworkConfig": {"ipFamily": "ipv6"}}
    result = run_rule(RULE, Inventory(parts={"cluster": cluster}, objects=[node, linux]))
    assert [f.message for f in result.findings] == [
        "Windows node ip-10-0-12-34.eu-west-1.compute.internal in an IPv6 cluster: Windows pods are not "
        "supported in IPv6 clusters; run them in an IPv4 cluster"
    ]
