from versions_helpers import findings, inventory

RULE = "vpc-cni-version-skew"
ADDON = "arn:aws:eks:eu-west-1:111122223333:addon/prod/vpc-cni/3ec6f1d2-6198-4a5b-8c9d-0e1f2a3b4c5d"


def test_below_the_recommended_floor_names_the_floor_and_the_steps():
    assert findings(RULE, inventory(f"{RULE}/bad-below-floor.json")) == [
        (
            RULE,
            ADDON,
            "warning",
            "vpc-cni v1.16.0-eksbuild.1 (the vpc-cni add-on) is older than v1.17.1, the oldest version "
            "recommended for Kubernetes 1.33: update it one minor at a time to v1.20.1-eksbuild.3; the "
            "updates owed are 1.17 -> 1.18 -> 1.19 -> 1.20",
        )
    ]


def test_incompatible_with_the_cluster_version_is_an_error():
    assert findings(RULE, inventory(f"{RULE}/bad-incompatible.json")) == [
        (
            RULE,
            ADDON,
            "error",
            "vpc-cni v1.12.6-eksbuild.2 (the vpc-cni add-on) is not compatible with Kubernetes 1.33 "
            "(DescribeAddonVersions lists v1.16.0-eksbuild.1 to v1.20.1-eksbuild.3): update it one minor at "
            "a time to a listed version",
        )
    ]


def test_two_minors_behind_counts_the_updates_owed():
    [(rule, resource, severity, message)] = findings(RULE, inventory(f"{RULE}/bad-behind.json"))
    assert (rule, resource, severity) == (RULE, ADDON, "warning")
    assert message == (
        "vpc-cni v1.18.6-eksbuild.1 (the vpc-cni add-on) is 2 minors behind v1.20.1-eksbuild.3, the newest "
        "for Kubernetes 1.33 (DescribeAddonVersions): EKS updates the add-on one minor at a time, so 2 "
        "updates are owed (1.18 -> 1.19 -> 1.20)"
    )


def test_one_minor_behind_is_fine():
    inv = inventory(f"{RULE}/bad-behind.json")
    inv.parts["addons"][0]["addonVersion"] = "v1.19.5-eksbuild.3"
    assert findings(RULE, inv) == []


def test_self_managed_daemonset_init_image_and_registry_region():
    result = findings(RULE, inventory(f"{RULE}/bad-daemonset.json"))
    assert [(r, res, sev) for r, res, sev, _ in result] == [
        (RULE, "DaemonSet/kube-system/aws-node", "warning")
    ] * 3
    messages = sorted(m for *_, m in result)
    assert messages[0].startswith(
        "container aws-eks-nodeagent pulls 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/"
        "aws-network-policy-agent:v1.2.0-eksbuild.1 from the us-west-2 registry but the cluster is in "
        "eu-west-1"
    )
    assert messages[1].startswith("container aws-node pulls 602401143452.dkr.ecr.us-west-2.amazonaws.com/")
    assert messages[2] == (
        "init container aws-vpc-cni-init runs v1.18.6-eksbuild.1 but aws-node runs v1.19.5-eksbuild.3: the "
        "node is set up by one CNI version and served by another; use v1.19.5-eksbuild.3 for both"
    )


def test_daemonset_paths_point_at_each_image():
    from helpers import run_rule

    result = run_rule(RULE, inventory(f"{RULE}/bad-daemonset.json"))
    paths = sorted(f.path for f in result.findings)
    assert paths == [
        ("spec", "template", "spec", "containers", 0, "image"),
        ("spec", "template", "spec", "containers", 1, "image"),
        ("spec", "template", "spec", "initContainers", 0, "image"),
    ]


def test_daemonset_version_falls_back_to_the_data_table():
    inv = inventory(f"{RULE}/bad-daemonset.json")
    ds = inv.find("DaemonSet", "kube-system", "aws-node")
    for container in ds.data["spec"]["template"]["spec"]["containers"][:1]:
        container["image"] = "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.15.1-eksbuild.1"
    for container in ds.data["spec"]["template"]["spec"]["initContainers"]:
        container["image"] = (
            "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni-init:v1.15.1-eksbuild.1"
        )
    ds.data["spec"]["template"]["spec"]["containers"].pop()
    [(_, resource, severity, message)] = findings(RULE, inv)
    assert (resource, severity) == ("DaemonSet/kube-system/aws-node", "warning")
    assert message.startswith(
        "vpc-cni v1.15.1-eksbuild.1 (the DaemonSet kube-system/aws-node image) is older than v1.17.1, the "
        "oldest version recommended for Kubernetes 1.33: update it one minor at a time to v1.20.1-eksbuild.3"
    )


def test_good_fixture_and_healthy_snapshot_are_clean():
    assert findings(RULE, inventory(f"{RULE}/good.json")) == []
    assert findings(RULE, inventory("healthy.json", today="2026-03-16")) == []


def test_problems_snapshot_reports_the_old_cni():
    [(_, resource, severity, message)] = findings(RULE, inventory("problems.json", today="2026-11-20"))
    assert resource.endswith(":addon/legacy-prod/vpc-cni/7ac4e2b1-0007-4f3e-8d9a-1b2c3d4e5f6a")
    assert severity == "warning"
    assert "v1.15.1-eksbuild.1 (the vpc-cni add-on) is older than v1.16.4" in message


def test_manifest_daemonset_with_a_snapshot_gives_file_line_and_column():
    from helpers import MANIFESTS, SNAPSHOTS, lint, located

    cluster = str(SNAPSHOTS / "cluster-version-support" / "cluster-1.32.json")  # eu-west-1, no add-ons
    bad = MANIFESTS / RULE / "bad-aws-node.yaml"
    outcome = lint("--select", RULE, "--snapshot", cluster, str(bad))
    assert outcome.code == 0, outcome.stderr
    assert located(outcome.findings) == [
        (f"fixtures/manifests/{RULE}/bad-aws-node.yaml", 24, 18, RULE),
        (f"fixtures/manifests/{RULE}/bad-aws-node.yaml", 29, 18, RULE),
    ]
    assert outcome.findings[0]["message"].startswith(
        "init container aws-vpc-cni-init runs v1.18.6-eksbuild.1"
    )
    assert "from the us-west-2 registry but the cluster is in eu-west-1" in outcome.findings[1]["message"]
    good = MANIFESTS / RULE / "good-aws-node.yaml"
    assert lint("--select", RULE, "--snapshot", cluster, str(good)).findings == []
