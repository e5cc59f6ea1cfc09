"""A healthy hybrid-nodes cluster: eks-lint must report nothing at warning or above.

fixtures/snapshots/hybrid-nodes-healthy.json is the production cluster of
healthy.json with EKS Hybrid Nodes: a remote node network (10.80.0.0/16) and a
routable remote pod network (10.85.0.0/16) clear of the VPC (10.40.0.0/16) and
the service CIDR, an access entry of type HYBRID_LINUX, two Ready hybrid nodes
(the `eks.amazonaws.com/compute-type: hybrid` label EKS sets), Cilium (AWS's
build, with the node affinity AWS's guide gives) and the vpc-cni add-on with
network policy on for the cloud nodes. A rule that fires here is a false
positive to fix in the rule.
"""

import json

from helpers import SNAPSHOTS, lint

HYBRID = SNAPSHOTS / "hybrid-nodes-healthy.json"
#: The rules this snapshot is here to keep honest: none may be skipped.
READ_HERE = {
    "hybrid-nodes-cluster-unsupported",
    "hybrid-remote-network-invalid",
    "hybrid-nodes-without-cni",
    "hybrid-webhook-without-pod-network",
    "network-policy-not-enforced",
    "security-group-policy-not-enabled",
    "windows-ipam-disabled",
    "ipv6-nodegroup-subnet-not-ipv6",
    "ipv6-cluster-windows-nodes",
}


def test_healthy_hybrid_cluster_has_nothing_at_warning_or_above_with_every_rule():
    outcome = lint("--fail-on", "warning", "--snapshot", str(HYBRID))
    assert outcome.code == 0, outcome.stdout
    assert [f for f in outcome.findings if f["severity"] != "info"] == []
    skipped = set()
    for cluster in outcome.report["summary"].get("clusters", []):
        skipped |= {entry["rule"] for entry in cluster.get("rules_skipped", [])}
    skipped |= {entry["rule"] for entry in outcome.report["summary"].get("rules_skipped", [])}
    assert not READ_HERE & skipped


def test_it_is_a_hybrid_cluster_the_rules_can_see():
    data = json.loads(HYBRID.read_text(encoding="utf-8"))
    assert data["cluster"]["remoteNetworkConfig"]["remoteNodeNetworks"] == [{"cidrs": ["10.80.0.0/16"]}]
    kinds = [(o["kind"], o["metadata"]["name"]) for o in data["kubernetes"]]
    assert ("DaemonSet", "cilium") in kinds
    hybrid = [o for o in data["kubernetes"] if o["kind"] == "Node"]
    assert {n["metadata"]["labels"]["eks.amazonaws.com/compute-type"] for n in hybrid} == {"hybrid"}
    assert "HYBRID_LINUX" in {e["type"] for e in data["access_entries"]}
