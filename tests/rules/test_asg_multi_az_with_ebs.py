from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint

SNAPSHOT = SNAPSHOTS / "asg-multi-az-with-ebs"
FIXTURES = MANIFESTS / "asg-multi-az-with-ebs"
AUTOSCALER = MANIFESTS / "asg-autoscaler-tags-missing" / "cluster-autoscaler.yaml"
GPU = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
    ":autoScalingGroupName/prod-selfmanaged-gpu"
)


def check(snapshot, *manifests):
    paths = [str(path) for path in manifests]
    return lint(
        "--select",
        "asg-multi-az-with-ebs",
        "--snapshot",
        str(SNAPSHOT / snapshot),
        *paths,
        "--today",
        "2026-11-24",
    )


def test_autoscaled_multi_zone_group_with_ebs_statefulset_is_reported():
    outcome = check("snapshot.json", FIXTURES / "bad.yaml", AUTOSCALER)
    # prod-selfmanaged-fixed spans three zones too, but the autoscaler does not manage it.
    assert by_resource(outcome.findings) == [("asg-multi-az-with-ebs", GPU)]
    assert outcome.findings[0]["message"].startswith(
        "cluster-autoscaler scales Auto Scaling group prod-selfmanaged-gpu across 3 zones "
        "(eu-west-1a, eu-west-1b, eu-west-1c) while StatefulSet/db/postgres uses zonal EBS volumes"
    )


def test_per_zone_groups_efs_or_no_autoscaler_are_clean():
    assert check("snapshot-per-zone.json", FIXTURES / "bad.yaml", AUTOSCALER).findings == []
    assert check("snapshot.json", FIXTURES / "good-efs.yaml", AUTOSCALER).findings == []
    assert check("snapshot.json", FIXTURES / "bad.yaml").findings == []
