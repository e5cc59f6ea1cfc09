import json

from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "control-plane-subnet-ip-headroom"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def test_one_zone_with_room_is_an_upgrade_blocker():
    outcome = lint("--select", "control-plane-subnet-ip-headroom", "--snapshot", str(FIXTURES / "bad.json"))
    assert outcome.code == 1
    assert by_resource(outcome.findings) == [("control-plane-subnet-ip-headroom", CLUSTER)]
    finding = outcome.findings[0]
    assert finding["severity"] == "error"
    message = finding["message"]
    assert (
        "only 1 Availability Zone of the cluster subnets (eu-west-1c) has 5 or more free addresses" in message
    )
    assert "subnet-0c9a1e3f5b7d10a01 (eu-west-1a) 3; subnet-0c9b2f4a6c8e20b02 (eu-west-1b) 0" in message


def test_two_zones_with_five_free_addresses_are_enough():
    # eu-west-1a has 4 (short), 1b has 6 and 1c 11: two zones qualify
    outcome = lint("--select", "control-plane-subnet-ip-headroom", "--snapshot", str(FIXTURES / "good.json"))
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []


def test_threshold_is_an_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  control-plane-subnet-ip-headroom:\n    options: {min-free-addresses: 7}\n")
    outcome = lint("--config", str(config), "--select", "EKS301", "--snapshot", str(FIXTURES / "good.json"))
    assert "only 1 Availability Zone" in outcome.findings[0]["message"]


def test_a_cluster_subnet_missing_from_the_input_is_unknown_not_full(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["subnets"] = [s for s in data["subnets"] if s["AvailabilityZone"] != "eu-west-1a"]
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    outcome = lint("--select", "control-plane-subnet-ip-headroom", "--snapshot", str(path))
    assert outcome.findings == []


def test_a_local_cluster_on_outposts_needs_one_zone(tmp_path):
    data = json.loads((FIXTURES / "bad.json").read_text())
    data["cluster"]["outpostConfig"] = {
        "outpostArns": ["arn:aws:outposts:eu-west-1:111122223333:outpost/op-1"]
    }
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    outcome = lint("--select", "control-plane-subnet-ip-headroom", "--snapshot", str(path))
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []  # eu-west-1c has room: enough for a cluster in one zone


def test_problem_and_healthy_clusters():
    problems = lint("--select", "EKS301", "--snapshot", str(SNAPSHOTS / "problems.json"))
    assert by_resource(problems.findings) == [
        ("control-plane-subnet-ip-headroom", "arn:aws:eks:us-east-1:444455556666:cluster/legacy-prod")
    ]
    assert lint("--select", "EKS301", "--snapshot", str(SNAPSHOTS / "healthy.json")).findings == []
