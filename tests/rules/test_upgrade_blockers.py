"""Upgrade blockers that are not API versions: gitRepo volumes, containerd 1.x
and cgroup v1 (Amazon Linux 2) nodes, each judged against the version that drops them."""

from __future__ import annotations

from helpers import MANIFESTS, lint, located
from versions_helpers import findings, inventory

from eks_lint.data.node_runtime import runs_cgroup_v1

BAD = "fixtures/manifests/git-repo-volume/bad.yaml"
NODES = "node-runtime/cluster-1.35.json"


# --- git-repo-volume --------------------------------------------------------------------------


def test_git_repo_volumes_are_errors_from_1_36():
    outcome = lint("--select", "git-repo-volume", "--k8s-version", "1.36", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 19, 11, "git-repo-volume"),
        (BAD, 41, 28, "git-repo-volume"),
    ]
    assert outcome.findings[0]["message"] == (
        "volume site is a gitRepo volume, which the kubelet refuses to run from Kubernetes 1.36 (checked "
        "against 1.36): clone the repository in an init container into an emptyDir volume, or use a "
        "git-sync sidecar"
    )
    assert outcome.findings[1]["path"] == "spec.jobTemplate.spec.template.spec.volumes[1].gitRepo"


def test_git_repo_volumes_are_fine_before_1_36_and_reported_by_default():
    assert lint("--select", "git-repo-volume", "--k8s-version", "1.35", BAD).findings == []
    # the default --k8s-version is the newest known (1.36)
    assert len(lint("--select", "git-repo-volume", BAD).findings) == 2


def test_an_init_container_clone_is_fine():
    good = str(MANIFESTS / "git-repo-volume" / "good.yaml")
    assert lint("--select", "git-repo-volume", "--k8s-version", "1.36", good).findings == []


# --- containerd-1-node ------------------------------------------------------------------------


def test_containerd_1_nodes_are_reported_per_group_for_a_1_36_target():
    result = findings("containerd-1-node", inventory(NODES, today="2026-12-04"))
    assert result == [
        (
            "containerd-1-node",
            "Node/ip-10-0-2-31.eu-west-1.compute.internal",
            "warning",
            "Karpenter node pool batch: 2 nodes (ip-10-0-2-31.eu-west-1.compute.internal, "
            "ip-10-0-2-32.eu-west-1.compute.internal) run containerd 1.7.27; Kubernetes 1.36 needs "
            "containerd 2.0 or later (1.36 dropped containerd 1.x): move them to an AMI with containerd 2 "
            "before their kubelet goes to 1.36",
        ),
        (
            "containerd-1-node",
            "Node/ip-10-0-3-41.eu-west-1.compute.internal",
            "warning",
            "self-managed: 1 node (ip-10-0-3-41.eu-west-1.compute.internal) runs containerd 1.7.27; "
            "Kubernetes 1.36 needs containerd 2.0 or later (1.36 dropped containerd 1.x): move them to an "
            "AMI with containerd 2 before their kubelet goes to 1.36",
        ),
    ]


def test_containerd_1_is_fine_while_the_target_still_supports_it():
    inv = inventory(NODES, today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.34"
    assert findings("containerd-1-node", inv) == []


# --- cgroup-v1-node ---------------------------------------------------------------------------


def test_amazon_linux_2_nodes_fail_a_1_35_target():
    inv = inventory(NODES, today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.34"
    assert findings("cgroup-v1-node", inv) == [
        (
            "cgroup-v1-node",
            "Node/ip-10-0-3-41.eu-west-1.compute.internal",
            "error",
            "self-managed: 1 node (ip-10-0-3-41.eu-west-1.compute.internal) runs Amazon Linux 2, which "
            "uses cgroup v1; from Kubernetes 1.35 the kubelet refuses to start on cgroup v1 (upgrade target "
            "1.35): replace them with AL2023 or Bottlerocket nodes before their kubelet goes to 1.35",
        )
    ]


def test_cgroup_v1_before_1_35_and_al2_node_groups_are_left_to_other_rules():
    inv = inventory(NODES, today="2026-12-04")
    inv.parts["cluster"]["version"] = "1.33"
    assert findings("cgroup-v1-node", inv) == []
    inv = inventory(NODES, today="2026-12-04")
    node = next(o for o in inv.objects if o.name == "ip-10-0-3-41.eu-west-1.compute.internal")
    node.data["metadata"]["labels"]["eks.amazonaws.com/nodegroup"] = "legacy"
    inv.parts["nodegroups"].append({"nodegroupName": "legacy", "amiType": "AL2_x86_64", "version": "1.32"})
    assert findings("cgroup-v1-node", inv) == []  # al2-ami-end-of-life reports the group


def test_only_amazon_linux_2_counts_as_cgroup_v1():
    assert runs_cgroup_v1("Amazon Linux 2")
    assert runs_cgroup_v1("Amazon Linux 2 (Karoo)")
    assert not runs_cgroup_v1("Amazon Linux 2023.9.20261118")
    assert not runs_cgroup_v1("Bottlerocket OS 1.50.0 (aws-k8s-1.35)")
    assert not runs_cgroup_v1(None)


def test_snapshot_run_reports_both_node_rules():
    outcome = lint(
        "--select", "containerd-1-node,cgroup-v1-node", "--snapshot", f"fixtures/snapshots/{NODES}"
    )
    assert sorted(f["name"] for f in outcome.findings) == [
        "cgroup-v1-node",
        "containerd-1-node",
        "containerd-1-node",
    ]


def test_the_upgrade_plan_lists_node_runtime_blockers_first():
    from helpers import FIXTURES, cli

    outcome = cli(
        "check",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--upgrade-plan",
        "--snapshot",
        f"fixtures/snapshots/{NODES}",
    )
    assert outcome.code == 1, outcome.stderr  # cgroup-v1-node is an error
    text = outcome.stdout
    assert text.startswith("# Upgrade plan: prod 1.35 -> 1.36\n")
    blocking = text.split("## Blocking findings\n", 1)[1].split("\n## 1.35 -> 1.36", 1)[0]
    assert "cgroup-v1-node" in blocking
    assert blocking.count("containerd-1-node") == 2
