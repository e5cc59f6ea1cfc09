"""Kustomize patches are fragments of a workload, not workloads: no rule judges what they leave out."""

from helpers import lint

PATCHES = "fixtures/manifests/kustomize-patch"


def test_patches_alone_give_no_finding_from_any_rule():
    outcome = lint(PATCHES)
    assert outcome.code == 0
    assert outcome.findings == []


def test_a_patch_beside_a_complete_workload_leaves_the_workload_judged():
    outcome = lint(
        "--select",
        "missing-pdb,missing-resource-requests",
        PATCHES,
        "-",
        stdin=b"""apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.com/web:1.0.0}]
""",
    )
    assert sorted((f["name"], f["resource"]["name"]) for f in outcome.findings) == [
        ("missing-pdb", "web"),
        ("missing-resource-requests", "web"),
    ]
