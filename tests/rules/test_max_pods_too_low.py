import json

from helpers import SNAPSHOTS, lint

FIXTURES = SNAPSHOTS / "max-pods-too-low"


def _run(path, *extra):
    return lint("--select", "max-pods-too-low", *extra, "--snapshot", str(path))


def _by_group(outcome):
    return {f["resource"]["id"]: (f["severity"], f["message"]) for f in outcome.findings}


def test_bad_fixture():
    outcome = _run(FIXTURES / "bad.json")
    assert outcome.code == 1
    found = _by_group(outcome)
    assert sorted(found) == ["edge", "system", "tools"]
    # t3.micro: 2 ENIs x (2 - 1) + 2 = 4, and 4 DaemonSets tolerate the edge taint and match its labels
    severity, edge = found["edge"]
    assert severity == "error"
    assert "t3.micro runs at most 4 pods (secondary IPs: 2 ENIs x (2 - 1) + 2 = 4)" in edge
    assert "4 DaemonSets put a pod on every node" in edge
    severity, system = found["system"]
    assert severity == "warning"
    assert "m5.large runs at most 29 pods (secondary IPs: 3 ENIs x (10 - 1) + 2 = 29), below 30" in system
    # tools has no instanceTypes: its launch template version 2 says t3.medium; no taint, so
    # node-exporter runs there too (5), but not the Windows or GPU DaemonSets
    severity, tools = found["tools"]
    assert "t3.medium runs at most 17 pods" in tools and "5 of them DaemonSet pods" in tools


def test_prefix_delegation_fixture_is_clean():
    # t3.micro with prefixes: 2 x ((2 - 1) x 16) + 2 = 34; m5.large and t3.medium capped at 110
    outcome = _run(FIXTURES / "good.json")
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []


def test_threshold_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  max-pods-too-low:\n    options: {min-max-pods: 111}\n")
    found = _by_group(_run(FIXTURES / "good.json", "--config", str(config)))
    assert sorted(found) == ["edge", "system", "tools"]
    assert "capped at 110 (2 vCPUs)" in found["system"][1]


def test_custom_networking_formula(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["kubernetes"] = [o for o in data["kubernetes"] if o["metadata"]["name"] != "aws-node"]
    data["addons"][0]["configurationValues"] = json.dumps(
        {"env": {"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true"}}
    )
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    found = _by_group(_run(path))
    assert (
        "m5.large runs at most 20 pods (secondary IPs, custom networking: (3 - 1) ENIs x (10 - 1) + 2 = 20)"
        in (found["system"][1])
    )


def test_problem_and_healthy_clusters():
    assert sorted(_by_group(_run(SNAPSHOTS / "problems.json"))) == ["legacy", "public-spot"]
    assert _run(SNAPSHOTS / "healthy.json").findings == []


def test_ipv6_clusters_and_windows_node_groups_are_not_checked(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["cluster"]["kubernetesNetworkConfig"]["ipFamily"] = "ipv6"
    path = tmp_path / "ipv6.json"
    path.write_text(json.dumps(data))
    assert _run(path).findings == []
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["nodegroups"][2]["amiType"] = "WINDOWS_CORE_2022_x86_64"
    path = tmp_path / "windows.json"
    path.write_text(json.dumps(data))
    assert sorted(_by_group(_run(path))) == ["edge", "system"]
