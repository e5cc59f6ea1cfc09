from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint, located

from eks_lint.eks.network import policy_engine

FIXTURES = MANIFESTS / "network-policy-not-enforced"
SNAPS = SNAPSHOTS / "network-policy-not-enforced"
RULE = "network-policy-not-enforced"


def check(*paths):
    return lint("--select", RULE, *map(str, paths))


def test_agent_switched_off_is_reported_on_its_args():
    outcome = check(FIXTURES / "aws-node-off.yaml")
    assert located(outcome.findings) == [
        ("fixtures/manifests/network-policy-not-enforced/aws-node-off.yaml", 33, 11, RULE)
    ]
    message = outcome.findings[0]["message"]
    assert message.startswith(
        "2 NetworkPolicy objects (NetworkPolicy/shop/default-deny, NetworkPolicy/shop/allow-frontend) "
        "are not enforced"
    )
    assert 'enableNetworkPolicy: "true"' in message


def test_a_cni_without_the_policy_agent_enforces_nothing():
    outcome = check(FIXTURES / "no-agent.yaml")
    assert located(outcome.findings) == [
        ("fixtures/manifests/network-policy-not-enforced/no-agent.yaml", 23, 7, RULE)
    ]


def test_agent_on_another_engine_or_an_input_that_cannot_tell_is_clean():
    for name in ("good-agent-on.yaml", "good-calico.yaml", "good-no-aws-node.yaml"):
        assert check(FIXTURES / name).findings == [], name


def test_auto_mode_reads_the_vpc_cni_configmap():
    outcome = lint("--select", RULE, "--snapshot", str(SNAPS / "auto-mode-off.json"))
    assert by_resource(outcome.findings) == [(RULE, "ConfigMap/kube-system/amazon-vpc-cni")]
    assert outcome.findings[0]["path"] == "data.enable-network-policy-controller"
    assert "on this Auto Mode cluster" in outcome.findings[0]["message"]
    assert lint("--select", RULE, "--snapshot", str(SNAPS / "auto-mode-on.json")).findings == []


def test_the_add_on_configuration_turns_it_on(tmp_path):
    import json

    snapshot = json.loads((SNAPSHOTS / "healthy.json").read_text(encoding="utf-8"))
    for addon in snapshot["addons"]:
        if addon["addonName"] == "vpc-cni":
            addon["configurationValues"] = '{"enableNetworkPolicy": "true"}'
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    # The DaemonSet from the manifest says off, the add-on's configuration says on: EKS
    # writes the add-on's value into the DaemonSet, so the add-on wins.
    outcome = lint("--select", RULE, "--snapshot", str(path), str(FIXTURES / "aws-node-off.yaml"))
    assert outcome.findings == []


def test_policy_engines_are_told_by_their_agent_image():
    assert policy_engine("quay.io/cilium/cilium:v1.17.6@sha256:ab") == "Cilium"
    assert policy_engine("public.ecr.aws/eks/cilium/cilium:v1.17.6-0") == "Cilium"
    assert policy_engine("docker.io/calico/node:v3.30.3") == "Calico"
    assert policy_engine("antrea/antrea-agent-ubuntu:v2.4.0") == "Antrea"
    assert policy_engine("quay.io/calico/kube-controllers:v3.30.3") is None
    assert policy_engine("quay.io/cilium/operator-generic:v1.17.6") is None
    assert policy_engine("node:22-alpine") is None
