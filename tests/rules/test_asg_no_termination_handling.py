from helpers import MANIFESTS, SNAPSHOTS, by_resource, lint

SNAPSHOT = SNAPSHOTS / "asg-no-termination-handling"
MANIFEST = MANIFESTS / "asg-no-termination-handling"
GPU = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
    ":autoScalingGroupName/prod-selfmanaged-gpu"
)


def check(snapshot, manifest):
    return lint(
        "--select",
        "asg-no-termination-handling",
        "--snapshot",
        str(SNAPSHOT / snapshot),
        str(MANIFEST / manifest),
        "--today",
        "2026-11-24",
    )


def test_self_managed_group_without_a_handler_is_reported():
    outcome = check("snapshot.json", "bad.yaml")
    assert by_resource(outcome.findings) == [("asg-no-termination-handling", GPU)]
    message = outcome.findings[0]["message"]
    assert message.startswith(
        "self-managed node group prod-selfmanaged-gpu has no aws-node-termination-handler"
    )
    assert "(lifecycle hooks were not collected)" in message


def test_termination_handler_or_managed_groups_only_are_clean():
    assert check("snapshot.json", "good.yaml").findings == []
    assert check("snapshot-managed-only.json", "bad.yaml").findings == []


def test_application_manifests_alone_say_nothing_about_the_cluster():
    fluent_bit_only = MANIFEST / "only-apps.yaml"
    outcome = check("snapshot.json", fluent_bit_only.name)
    assert outcome.findings == []


def test_skipped_without_kubernetes_objects():
    outcome = lint(
        "--select", "asg-no-termination-handling", "--snapshot", str(SNAPSHOT / "snapshot.json"), "-v"
    )
    assert outcome.findings == []
    assert outcome.report["summary"]["rules_skipped"] == [
        {"rule": "asg-no-termination-handling", "reason": "needs Kubernetes objects: none in the input"}
    ]


def test_a_terminating_lifecycle_hook_counts_as_handling():
    assert check("snapshot-hooked.json", "bad.yaml").findings == []
    (finding,) = check("snapshot-launch-hook-only.json", "bad.yaml").findings
    assert "no termination lifecycle hook, so" in finding["message"]  # hooks were collected: no caveat
