import json

from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint, located

FIXTURES = SNAPSHOTS / "pod-subnet-ip-headroom"


def _run(path):
    return lint("--select", "pod-subnet-ip-headroom", "--snapshot", str(path))


def _variant(tmp_path, change):
    data = json.loads((FIXTURES / "bad.json").read_text())
    change(data)
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    return path


def test_eniconfig_subnet_short_of_addresses():
    outcome = _run(FIXTURES / "bad.json")
    assert by_resource(outcome.findings) == [("pod-subnet-ip-headroom", "ENIConfig/eu-west-1a")]
    finding = outcome.findings[0]
    assert finding["severity"] == "warning"
    # apps: (20 - 4) + surge 4 = 20 nodes over 2 zones = 10 in eu-west-1a, 2 pod ENIs x 10 each
    message = finding["message"]
    assert "pod subnet subnet-0f1a2b3c4d5e6f901 (eu-west-1a) has 150 free addresses" in message
    assert "node group `apps` 10 nodes in eu-west-1a x 20" in message
    assert "in the ENIConfig subnet 2 ENIs x 10 = 20 for 18 pods" in message
    assert "220 with the 10% margin" in message


def test_good_fixture_is_clean():
    assert _run(FIXTURES / "good.json").findings == []


def test_silent_without_custom_networking(tmp_path):
    def off(data):
        data["addons"][0]["configurationValues"] = json.dumps(
            {"env": {"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "false"}}
        )

    assert _run(_variant(tmp_path, off)).findings == []


def test_eniconfig_chosen_by_node_group_label(tmp_path):
    def by_label(data):
        data["addons"][0]["configurationValues"] = json.dumps(
            {"env": {"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true"}}
        )
        data["nodegroups"][0]["labels"] = {"k8s.amazonaws.com/eniConfig": "eu-west-1a"}

    outcome = _run(_variant(tmp_path, by_label))
    assert by_resource(outcome.findings) == [("pod-subnet-ip-headroom", "ENIConfig/eu-west-1a")]
    # every node of the group uses this one ENIConfig, whatever its zone
    assert "10 nodes in eu-west-1a" in outcome.findings[0]["message"]


def test_surge_alone_not_covered_is_an_error(tmp_path):
    def tiny(data):
        for subnet in data["subnets"]:
            if subnet["SubnetId"] == "subnet-0f1a2b3c4d5e6f901":
                subnet["AvailableIpAddressCount"] = 30

    finding = _run(_variant(tmp_path, tiny)).findings[0]
    assert finding["severity"] == "error"
    assert "so even the next rolling update leaves pods without addresses" in finding["message"]


def test_problem_and_healthy_clusters_have_no_custom_networking():
    assert _run(SNAPSHOTS / "problems.json").findings == []
    assert _run(SNAPSHOTS / "healthy.json").findings == []


def test_eniconfig_from_a_manifest_is_located(tmp_path):
    manifest = MANIFESTS / "pod-subnet-ip-headroom" / "eniconfigs.yaml"
    snapshot = _variant(tmp_path, lambda data: data.pop("kubernetes"))
    outcome = lint("--select", "pod-subnet-ip-headroom", "--snapshot", str(snapshot), str(manifest))
    assert located(outcome.findings) == [
        ("fixtures/manifests/pod-subnet-ip-headroom/eniconfigs.yaml", 9, 11, "pod-subnet-ip-headroom")
    ]
