"""hybrid-nodes-cluster-unsupported, hybrid-remote-network-invalid and hybrid-nodes-without-cni."""

from helpers import SNAPSHOTS, by_resource, lint

CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(rule, name):
    return lint("--select", rule, "--snapshot", str(SNAPSHOTS / rule / name))


def test_config_map_authentication_mode_cannot_take_hybrid_nodes():
    outcome = check("hybrid-nodes-cluster-unsupported", "config-map.json")
    assert by_resource(outcome.findings) == [("hybrid-nodes-cluster-unsupported", CLUSTER)]
    finding = outcome.findings[0]
    assert finding["severity"] == "error" and finding["path"] == "accessConfig.authenticationMode"
    assert "authentication mode is CONFIG_MAP" in finding["message"]


def test_an_ipv6_cluster_cannot_take_hybrid_nodes():
    outcome = check("hybrid-nodes-cluster-unsupported", "ipv6.json")
    assert [(f["name"], f["path"]) for f in outcome.findings] == [
        ("hybrid-nodes-cluster-unsupported", "kubernetesNetworkConfig.ipFamily")
    ]


def test_a_config_map_cluster_without_hybrid_nodes_is_not_judged():
    assert check("hybrid-nodes-cluster-unsupported", "good-no-hybrid.json").findings == []


def test_remote_networks_overlapping_the_vpc_the_services_or_each_other_or_public():
    outcome = check("hybrid-remote-network-invalid", "bad.json")
    assert [
        (f["severity"], f["path"], f["message"].split(": the control plane")[0]) for f in outcome.findings
    ] == [
        (
            "error",
            "remoteNetworkConfig.remoteNodeNetworks",
            "remote node network 10.40.192.0/20: it overlaps VPC vpc-0a1b2c3d4e5f60718 CIDR 10.40.0.0/16",
        ),
        (
            "error",
            "remoteNetworkConfig.remoteNodeNetworks",
            "remote node network 203.0.113.0/24: it is not a private range (RFC 1918)",
        ),
        (
            "error",
            "remoteNetworkConfig.remotePodNetworks",
            "remote pod network 10.40.200.0/22: it overlaps VPC vpc-0a1b2c3d4e5f60718 CIDR 10.40.0.0/16, "
            "remote node network 10.40.192.0/20",
        ),
        (
            "error",
            "remoteNetworkConfig.remotePodNetworks",
            "remote pod network 172.20.128.0/17: it overlaps the service CIDR 172.20.0.0/16",
        ),
    ]
    # 100.64.0.0/16 (RFC 6598) in the same file is not reported.
    assert not [f for f in outcome.findings if "100.64" in f["message"]]


def test_clear_private_remote_networks_are_clean():
    assert check("hybrid-remote-network-invalid", "good.json").findings == []


def test_hybrid_nodes_with_no_cni_daemonset():
    outcome = check("hybrid-nodes-without-cni", "bad.json")
    assert by_resource(outcome.findings) == [("hybrid-nodes-without-cni", "Node/mi-0a1b2c3d4e5f60001")]
    finding = outcome.findings[0]
    assert finding["severity"] == "error"  # a hybrid node is NotReady
    assert finding["message"].startswith(
        "2 hybrid nodes (mi-0a1b2c3d4e5f60001, mi-0a1b2c3d4e5f60002, 1 of them NotReady) "
        "and no DaemonSet runs a CNI"
    )


def test_calico_or_an_input_without_daemonsets_is_clean():
    assert check("hybrid-nodes-without-cni", "good-calico.json").findings == []
    assert check("hybrid-nodes-without-cni", "good-no-daemonsets.json").findings == []


def test_a_failed_describe_vpcs_skips_the_overlap_rule_instead_of_judging_half():
    import json

    from helpers import run_rule

    from eks_lint.engine.inventory import Inventory

    cluster = json.loads((SNAPSHOTS / "hybrid-nodes-healthy.json").read_text(encoding="utf-8"))["cluster"]
    errors = [{"operation": "ec2:DescribeVpcs", "target": "vpc-0a1b2c3d4e5f60718", "code": "AccessDenied"}]
    result = run_rule("hybrid-remote-network-invalid", Inventory(parts={"cluster": cluster}, errors=errors))
    assert result.findings == []
    assert result.skipped == {
        "hybrid-remote-network-invalid": "wants vpcs: ec2:DescribeVpcs failed (AccessDenied)"
    }
