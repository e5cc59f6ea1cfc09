"""check --target-version and --upgrade-plan, through the command line."""

from helpers import FIXTURES, MANIFESTS, SNAPSHOTS, cli, lint

EMPTY = str(FIXTURES / "empty-config.yaml")
HEALTHY = str(SNAPSHOTS / "healthy.json")
PROBLEMS = str(SNAPSHOTS / "problems.json")


def plan(*args: str):
    return cli("check", "--config", EMPTY, "--upgrade-plan", *args)


def test_healthy_cluster_plan_is_one_hop_with_nothing_blocking():
    outcome = plan("--snapshot", HEALTHY)
    assert outcome.code == 0, outcome.stderr
    text = outcome.stdout
    assert text.startswith("# Upgrade plan: prod 1.33 -> 1.34\n")
    assert "## Blocking findings\n\nNone found by the upgrade rules.\n" in text
    assert text.count("\n## 1.") == 1
    steps = [line for line in text.splitlines() if line[:1].isdigit()]
    assert steps[0] == "1. `aws eks update-cluster-version --name prod --kubernetes-version 1.34`"
    assert steps[1].startswith("2. node group system -> 1.34: `aws eks update-nodegroup-version")
    assert steps[-2] == (
        "5. kube-proxy -> v1.34.6-eksbuild.13: `aws eks update-addon --cluster-name prod --addon-name "
        "kube-proxy --addon-version v1.34.6-eksbuild.13`"
    )


def test_problem_cluster_plan_orders_add_ons_node_groups_control_plane_per_hop():
    outcome = plan("--snapshot", PROBLEMS, "--target-version", "1.33")
    assert outcome.code == 1  # error-level blockers at the default --fail-on error
    text = outcome.stdout
    assert text.startswith("# Upgrade plan: legacy-prod 1.31 -> 1.33\n")
    assert "- **error** addon-blocks-upgrade:" in text
    assert "- **error** kubelet-version-skew:" in text
    first_hop = text[text.index("## 1.31 -> 1.32") : text.index("## 1.32 -> 1.33")]
    order = [
        first_hop.index("vpc-cni -> the newest v1.16 build (recommended)"),
        first_hop.index("vpc-cni -> v1.19.5-eksbuild.3 (recommended)"),
        first_hop.index(
            "coredns -> v1.11.4-eksbuild.14 (required: v1.10.1-eksbuild.7 is not compatible with 1.32)"
        ),
        first_hop.index("--nodegroup-name legacy --kubernetes-version 1.31`"),
        first_hop.index("`aws eks update-cluster-version --name legacy-prod --kubernetes-version 1.32`"),
        first_hop.index("--nodegroup-name legacy --kubernetes-version 1.32`"),
        first_hop.index("kube-proxy -> v1.32.13-eksbuild.16"),
    ]
    assert order == sorted(order)
    second_hop = text[text.index("## 1.32 -> 1.33") :]
    assert (
        ". legacy: replace it with a node group on AL2023_x86_64_STANDARD (no AL2_x86_64 AMIs for 1.33)"
        in (second_hop)
    )
    # the state carries over: CoreDNS moved to the 1.32 build after the first hop
    assert "coredns v1.1" not in second_hop.split("### Control plane")[0]
    assert "--nodegroup-name legacy --kubernetes-version 1.33" not in second_hop


def test_fail_on_never_makes_the_plan_exit_0():
    assert plan("--snapshot", PROBLEMS, "--fail-on", "never").code == 0


def test_upgrade_plan_without_cluster_data_is_a_usage_error():
    outcome = plan(str(MANIFESTS / "removed-api-version" / "good.yaml"))
    assert outcome.code == 2
    assert (
        outcome.stderr
        == "eks-lint: --upgrade-plan needs cluster data: give --snapshot FILE or --cluster NAME\n"
    )


def test_target_version_must_be_newer_than_the_cluster():
    outcome = lint("--snapshot", HEALTHY, "--target-version", "1.33")
    assert (outcome.code, outcome.stderr) == (
        2,
        "eks-lint: --target-version 1.33: not newer than the cluster's version 1.33\n",
    )


def test_target_version_reaches_the_removed_api_rule_on_manifests():
    path = str(MANIFESTS / "removed-api-version" / "bad.yaml")
    old = lint("--select", "removed-api-version", "--k8s-version", "1.24", path)
    new = lint("--select", "removed-api-version", "--k8s-version", "1.24", "--target-version", "1.25", path)
    assert len(new.findings) > len(old.findings)
    assert "(checked against 1.25)" in new.findings[0]["message"]


def test_target_version_changes_the_upgrade_rules_on_a_snapshot():
    outcome = lint("--select", "addon-blocks-upgrade,al2-ami-end-of-life", "--snapshot", PROBLEMS)
    by_rule = sorted((f["name"], f["severity"]) for f in outcome.findings)
    assert by_rule == [("addon-blocks-upgrade", "error"), ("al2-ami-end-of-life", "warning")]
    outcome = lint(
        "--select",
        "addon-blocks-upgrade,al2-ami-end-of-life",
        "--snapshot",
        PROBLEMS,
        "--target-version",
        "1.33",
    )
    assert sorted((f["name"], f["severity"]) for f in outcome.findings) == [
        ("addon-blocks-upgrade", "error"),
        ("al2-ami-end-of-life", "error"),
    ]


def test_kube_proxy_and_self_managed_nodes_that_would_break_the_skew_are_moved_first():
    from versions_helpers import inventory

    from eks_lint.eks.upgrade_plan import plan
    from eks_lint.report.upgrade_plan import render

    inv = inventory("kubelet-version-skew/bad.json")  # 1.33, self-managed nodes on kubelet 1.30
    inv.parts["addons"] = [
        {"addonName": "kube-proxy", "addonVersion": "v1.30.14-eksbuild.28", "clusterName": "prod"}
    ]
    text = render(plan(inv))
    before = text.split("### Control plane")[0]
    assert (
        "kube-proxy -> v1.33.10-eksbuild.13 (required: v1.30.14-eksbuild.28 would be 4 minors behind 1.34)"
        in (before)
    )
    assert (
        "self-managed nodes on kubelet 1.30 would be 4 minors behind 1.34: replace them with nodes on 1.33"
        in (before)
    )
    assert "apps 1.32 -> 1.33: `aws eks update-nodegroup-version" in before


def test_a_planned_cluster_without_a_version_has_no_hops(tmp_path):
    # eksctl picks the version at creation: nothing to plan from, nothing judged against the newest
    config = tmp_path / "cluster.yaml"
    config.write_text(
        "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: us-west-2}\n"
        "managedNodeGroups: [{name: ng, amiFamily: AmazonLinux2}]\n"
    )
    outcome = plan("--today", "2026-11-24", str(config))
    assert outcome.stdout.startswith("# Upgrade plan: c (Kubernetes version not known)\n")
    assert "\n## 1." not in outcome.stdout
