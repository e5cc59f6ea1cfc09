from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "naked-pod"


def test_bad_fixture_reports_the_bare_pod():
    outcome = lint("--select", "naked-pod", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [("fixtures/manifests/naked-pod/bad.yaml", 2, 7, "naked-pod")]


def test_a_pod_owned_by_a_controller_is_clean():
    outcome = lint("--select", "naked-pod", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_owned_pods_are_left_to_their_controller_by_the_container_rules():
    rules = "latest-image-tag,missing-resource-requests,hostnetwork-pod,tolerate-all-taints"
    pod = b"""apiVersion: v1
kind: Pod
metadata:
  name: web-1
  ownerReferences: [{kind: ReplicaSet, name: web}]
spec:
  hostNetwork: true
  tolerations: [{operator: Exists}]
  containers: [{name: web, image: web}]
"""
    bare = lint(
        "--select",
        rules,
        "-",
        stdin=pod.replace(b"  ownerReferences: [{kind: ReplicaSet, name: web}]\n", b""),
    )
    assert sorted(f["name"] for f in bare.findings) == [
        "hostnetwork-pod",
        "latest-image-tag",
        "missing-resource-requests",
        "tolerate-all-taints",
    ]
    outcome = lint("--select", rules, "-", stdin=pod)
    assert outcome.findings == []
