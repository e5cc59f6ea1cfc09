from helpers import run_rule
from versions_helpers import findings, inventory

RULE = "kubelet-version-skew"
APPS = "arn:aws:eks:eu-west-1:111122223333:nodegroup/prod/apps/4ac6f1d2-0001-7e8f-9a0b-1c2d3e4f5a6b"


def test_node_groups_and_nodes_each_reported_once_with_their_grade():
    assert [(res, sev) for _, res, sev, _ in findings(RULE, inventory(f"{RULE}/bad.json"))] == [
        ("Node/fargate-ip-10-0-3-7.eu-west-1.compute.internal", "warning"),
        ("Node/ip-10-0-2-21.eu-west-1.compute.internal", "error"),
        ("Node/ip-10-0-4-5.eu-west-1.compute.internal", "error"),
        (APPS, "error"),
    ]


def test_messages_state_the_versions_and_the_fix():
    messages = {res: msg for _, res, _, msg in findings(RULE, inventory(f"{RULE}/bad.json"))}
    assert messages[APPS] == (
        "node group apps is on Kubernetes 1.32, 1 minor behind the control plane (1.33): EKS refuses to "
        "upgrade the control plane to 1.34 until it is updated to 1.33 (aws eks update-nodegroup-version)"
    )
    assert messages["Node/ip-10-0-2-21.eu-west-1.compute.internal"] == (
        "2 self-managed nodes (ip-10-0-2-21.eu-west-1.compute.internal, "
        "ip-10-0-2-22.eu-west-1.compute.internal) run kubelet 1.30, 3 minors behind the control plane "
        "(1.33); after the upgrade to 1.34 they would be 4 behind, beyond the 3 the skew policy allows: "
        "replace them with nodes on a 1.33 AMI before upgrading the control plane"
    )
    assert messages["Node/ip-10-0-4-5.eu-west-1.compute.internal"] == (
        "1 node of Karpenter node pool general (ip-10-0-4-5.eu-west-1.compute.internal) runs kubelet 1.34, "
        "newer than the control plane (1.33), which the skew policy forbids: move the node pool's "
        "EC2NodeClass to a 1.33 AMI so drift replaces them"
    )
    assert messages["Node/fargate-ip-10-0-3-7.eu-west-1.compute.internal"] == (
        "1 Fargate node (fargate-ip-10-0-3-7.eu-west-1.compute.internal) runs kubelet 1.32, 1 minor behind "
        "the control plane (1.33): restart the workloads on them so their pods get Fargate nodes on 1.33"
    )


def test_node_finding_points_at_the_kubelet_version():
    result = run_rule(RULE, inventory(f"{RULE}/bad.json"))
    node_paths = {f.path for f in result.findings if f.resource_display.startswith("Node/")}
    assert node_paths == {("status", "nodeInfo", "kubeletVersion")}


def test_node_group_newer_than_the_control_plane():
    inv = inventory(f"{RULE}/good.json")
    inv.parts["nodegroups"][1]["version"] = "1.34"
    [(_, res, sev, msg)] = findings(RULE, inv)
    assert (res, sev) == (APPS, "error")
    assert msg.startswith("node group apps is on Kubernetes 1.34, newer than the control plane (1.33)")


def test_without_node_objects_only_node_groups_are_checked():
    inv = inventory(f"{RULE}/bad.json")
    inv.objects.clear()
    inv._by_kind = None
    assert [res for _, res, _, _ in findings(RULE, inv)] == [APPS]


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []


def test_problems_snapshot_legacy_node_group_blocks_the_upgrade():
    [(_, resource, severity, message)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert ":nodegroup/legacy-prod/legacy/" in resource and severity == "error"
    assert message.startswith(
        "node group legacy is on Kubernetes 1.29, 2 minors behind the control plane (1.31)"
    )


def test_auto_mode_nodes_are_left_to_eks():
    inv = inventory(f"{RULE}/good.json")
    node = inv.find("Node", None, "ip-10-0-4-5.eu-west-1.compute.internal")
    node.data["metadata"]["labels"] = {"eks.amazonaws.com/compute-type": "auto"}
    node.data["status"]["nodeInfo"]["kubeletVersion"] = "v1.32.9-eks-113cf36"
    assert findings(RULE, inv) == []
