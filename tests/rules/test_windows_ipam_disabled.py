from helpers import SNAPSHOTS, by_resource, lint

RULE = "windows-ipam-disabled"
FIXTURES = SNAPSHOTS / RULE


def check(name):
    return lint("--select", RULE, "--snapshot", str(FIXTURES / name))


def test_windows_node_group_with_ipam_off_is_reported_on_the_configmap():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [(RULE, "ConfigMap/kube-system/amazon-vpc-cni")]
    finding = outcome.findings[0]
    assert finding["severity"] == "error" and finding["path"] == "data.enable-windows-ipam"
    assert finding["message"].startswith(
        "node group windows (WINDOWS_CORE_2022_x86_64) but enable-windows-ipam"
    )


def test_windows_nodes_and_a_configmap_without_the_key():
    outcome = check("bad-nodes.json")
    assert by_resource(outcome.findings) == [(RULE, "ConfigMap/kube-system/amazon-vpc-cni")]
    assert outcome.findings[0]["path"] == "data"
    assert "1 Windows node (ip-10-0-12-34.eu-west-1.compute.internal)" in outcome.findings[0]["message"]


def test_ipam_on_or_no_windows_is_clean():
    assert check("good.json").findings == []
    # healthy.json: Linux node groups only (and no ConfigMap: the rule cannot tell anyway)
    assert lint("--select", RULE, "--snapshot", str(SNAPSHOTS / "healthy.json")).findings == []
