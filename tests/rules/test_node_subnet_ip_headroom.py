import json

from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "node-subnet-ip-headroom"
BATCH = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/batch/5e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a70"
WEB = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/web/6f2e3d4c-5b6a-4798-8b2c-3d4e5f6a7b81"
LEGACY = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7f3e2d1c-0b9a-4c8d-9e7f-000455137833:"
    "autoScalingGroupName/prod-legacy-workers"
)


def _run(path, *extra):
    return lint("--select", "node-subnet-ip-headroom", *extra, "--snapshot", str(path))


def _messages(outcome):
    return {f["resource"]["id"]: (f["severity"], f["message"]) for f in outcome.findings}


def test_bad_fixture_shows_the_arithmetic_for_each_group():
    outcome = _run(FIXTURES / "bad.json")
    assert outcome.code == 1
    assert sorted(by_resource(outcome.findings)) == sorted(
        [("node-subnet-ip-headroom", arn) for arn in (LEGACY, BATCH, WEB)]
    )
    messages = _messages(outcome)
    # batch: (60 - 10) + surge max(2 x 2 zones, maxUnavailable 1) = 54 nodes x 30 (m5.large 3 ENIs x 10)
    severity, batch = messages["batch"]
    assert severity == "warning"
    assert "have 1,100 free addresses" in batch
    assert "needs 1,620 for 54 more nodes (50 to grow from 10 to its max size of 60, 4 surge nodes" in batch
    assert "3 ENIs x 10 = 30 for 27 pods (WARM_ENI_TARGET=1)" in batch
    # the self-managed group (instance type from its launch template's $Latest version) shares subnet 1a
    assert "with Auto Scaling group `prod-legacy-workers` on the same subnets 2,070 in all" in batch
    assert "2,277 with the 10% margin" in batch
    severity, legacy = messages["prod-legacy-workers"]
    assert "needs 450 for 15 more nodes (15 to grow from 5 to its max size of 20) x 30 addresses" in legacy
    # web cannot even hold its 4 surge nodes (4 x 18 = 72 > 50): an error
    severity, web = messages["web"]
    assert severity == "error"
    assert "needs 72 for 4 more nodes" in web and "t3.medium: 3 ENIs x 6 = 18" in web
    assert "so even the next rolling update fails" in web


def test_managed_asgs_and_other_clusters_asgs_are_not_counted():
    outcome = _run(FIXTURES / "bad.json")
    ids = [f["resource"]["id"] for f in outcome.findings]
    assert not any(i.startswith("eks-batch") or i == "other-cluster-workers" for i in ids)


def test_good_fixture_is_clean():
    outcome = _run(FIXTURES / "good.json")
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []


def test_margin_and_pods_per_node_are_options(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text(
        "rules:\n  node-subnet-ip-headroom:\n    options: {margin-percent: 0, pods-per-node: 5}\n"
    )
    outcome = _run(FIXTURES / "bad.json", "--config", str(config))
    # 5 pods per node: one ENI for them plus the warm ENI; m5.large 2 x 10 = 20, t3.medium 2 x 6 = 12
    found = _messages(outcome)
    assert sorted(found) == ["batch", "prod-legacy-workers"]  # web: 4 x 12 = 48 <= 50
    assert "needs 1,080 for 54 more nodes" in found["batch"][1]
    assert "2 ENIs x 10 = 20 for 5 pods" in found["batch"][1]
    assert "1,380 with the 0% margin" in found["batch"][1]


def test_prefix_delegation_changes_the_per_node_figure(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["addons"][0]["configurationValues"] = json.dumps({"env": {"ENABLE_PREFIX_DELEGATION": "true"}})
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    messages = _messages(_run(path))
    # m5.large: 110 pods (2 vCPUs) -> 108 on VPC addresses -> 7 prefixes + 1 warm, 1 ENI
    assert "1 ENI + 8 /28 prefixes x 16 = 129 for 108 pods (WARM_PREFIX_TARGET=1)" in messages["batch"][1]


def test_ipv6_clusters_are_not_checked(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["cluster"]["kubernetesNetworkConfig"]["ipFamily"] = "ipv6"
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    assert _run(path).findings == []


def test_problem_and_healthy_clusters():
    problems = _run(SNAPSHOTS / "problems.json")
    assert sorted(f["resource"]["id"] for f in problems.findings) == ["legacy", "public-spot", "workers"]
    assert _run(SNAPSHOTS / "healthy.json").findings == []
