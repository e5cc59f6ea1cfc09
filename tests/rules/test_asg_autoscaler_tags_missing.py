from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint, located

SNAPSHOT = SNAPSHOTS / "asg-autoscaler-tags-missing"
AUTOSCALER = MANIFESTS / "asg-autoscaler-tags-missing" / "cluster-autoscaler.yaml"
HALF = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:8e2f3a4b-5c6d-4e7f-9081-92a3b4c5d6e7"
    ":autoScalingGroupName/prod-selfmanaged-half"
)


def check(snapshot, *manifests):
    paths = [str(path) for path in manifests]
    return lint(
        "--select",
        "asg-autoscaler-tags-missing",
        "--snapshot",
        str(SNAPSHOT / snapshot),
        *paths,
        "--today",
        "2026-11-24",
    )


def test_half_tagged_group_is_reported_and_untagged_fixed_group_is_not():
    outcome = check("snapshot.json", AUTOSCALER)
    assert by_resource(outcome.findings) == [("asg-autoscaler-tags-missing", HALF)]
    assert outcome.findings[0]["message"].startswith(
        "Auto Scaling group prod-selfmanaged-half lacks k8s.io/cluster-autoscaler/prod, which "
        "Deployment/kube-system/cluster-autoscaler requires to discover it"
    )


def test_autoscaler_that_discovers_no_group_is_reported_at_its_flag():
    outcome = check("snapshot-untagged.json", AUTOSCALER)
    assert located(outcome.findings) == [
        (
            "fixtures/manifests/asg-autoscaler-tags-missing/cluster-autoscaler.yaml",
            25,
            15,
            "asg-autoscaler-tags-missing",
        )
    ]
    assert "discovers none of the cluster's 1 Auto Scaling group with" in outcome.findings[0]["message"]


def test_tagged_groups_or_no_autoscaler_are_clean():
    assert check("snapshot-good.json", AUTOSCALER).findings == []
    assert check("snapshot.json", MANIFESTS / "asg-no-termination-handling" / "bad.yaml").findings == []
