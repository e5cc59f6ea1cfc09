"""Kustomize: overlays rendered with the installed ``kubectl kustomize`` (or a
``kustomize`` binary), findings mapped to the base or overlay file that declared
each object, one scope per overlay; and a folder walk that treats the patches a
kustomization lists as patches."""

from __future__ import annotations

import shutil

import pytest
from helpers import ROOT, lint

from eks_lint.sources.kustomize import ORIGIN_ANNOTATION, listed_patches, origin_resolver, render_overlay
from eks_lint.sources.manifests import RenderedText, load_manifests

pytestmark = pytest.mark.skipif(
    shutil.which("kubectl") is None and shutil.which("kustomize") is None,
    reason="neither kubectl nor kustomize is installed",
)

KUSTOMIZE = "fixtures/kustomize"
BASE = f"{KUSTOMIZE}/base/deployment.yaml"
PROD = f"{KUSTOMIZE}/overlays/prod"
STAGING = f"{KUSTOMIZE}/overlays/staging"


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def where(finding: dict) -> tuple:
    location = finding["location"]
    return (
        finding["name"],
        finding["resource"]["name"],
        location["file"],
        location["line"],
        location["column"],
        location["precision"],
        location["rendered"]["file"],
    )


def test_a_base_finding_is_reported_once_per_overlay_against_the_base_file():
    outcome = lint("--select", "missing-resource-requests", "--kustomize", PROD, "--kustomize", STAGING)
    assert outcome.code == 0
    assert [where(f) for f in outcome.findings] == [
        ("missing-resource-requests", "api", BASE, 18, 17, "field", f"<kustomize {PROD}>"),
        ("missing-resource-requests", "staging-api", BASE, 18, 17, "field", f"<kustomize {STAGING}>"),
    ]


def test_overlays_of_one_base_never_merge():
    # Both overlays put the Deployment in namespace shop with the same labels: in
    # one scope, prod's budget would cover staging's pods. Only staging lacks one.
    outcome = lint("--select", "missing-pdb", "--kustomize", PROD, "--kustomize", STAGING)
    assert [where(f) for f in outcome.findings] == [
        ("missing-pdb", "staging-api", BASE, 4, 9, "field", f"<kustomize {STAGING}>")
    ]


def test_an_object_declared_in_the_overlay_points_at_the_overlay_file():
    outcome = lint("--select", "pdb-unhealthy-eviction-policy", "--kustomize", PROD)
    assert [where(f) for f in outcome.findings] == [
        ("pdb-unhealthy-eviction-policy", "api", f"{PROD}/pdb.yaml", 5, 1, "field", f"<kustomize {PROD}>")
    ]


def test_a_field_a_patch_set_is_placed_at_its_nearest_key_in_the_base():
    # prod's replicas come from its patch; the base declares replicas too, at line 8.
    outcome = lint("--select", "no-zone-spread", "--kustomize", PROD)
    assert [where(f)[2:6] for f in outcome.findings] == [(BASE, 16, 5, "field")]


def test_the_origin_annotation_is_removed_before_rules_read_objects():
    data, wrapper = render_overlay(PROD, 1024 * 1024)
    assert ORIGIN_ANNOTATION.encode() in data
    manifests = load_manifests(
        [], rendered=[RenderedText("<prod>", data, origin_resolver(wrapper, PROD), "<prod>")]
    )
    assert sorted((obj.kind, obj.source.origin) for obj in manifests.objects) == [
        ("Deployment", BASE),
        ("PodDisruptionBudget", f"{PROD}/pdb.yaml"),
        ("Service", f"{KUSTOMIZE}/base/service.yaml"),
    ]
    assert all(ORIGIN_ANNOTATION not in obj.annotations for obj in manifests.objects)
    assert {obj.scope for obj in manifests.objects} == {"<prod>"}


def test_an_object_without_origin_maps_to_the_kustomization():
    resolve = origin_resolver("/tmp/wrapper", PROD)
    assert resolve(0, {"kind": "ConfigMap", "metadata": {"name": "x"}}) == f"{PROD}/kustomization.yaml"
    remote = {
        "metadata": {"annotations": {ORIGIN_ANNOTATION: "repo: https://github.com/x/y\npath: a.yaml\n"}}
    }
    assert resolve(0, remote) == f"{PROD}/kustomization.yaml"
    assert remote["metadata"] == {}


def test_a_failed_render_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - missing.yaml\n")
    outcome = lint("--kustomize", str(tmp_path))
    assert outcome.code == 2
    last = outcome.stderr.strip().splitlines()[-1]
    assert last.startswith(f"eks-lint: kustomize {tmp_path}: render failed (exit 1): ")
    assert "missing.yaml" in last


def test_a_folder_without_kustomization_is_a_usage_error():
    outcome = lint("--kustomize", "fixtures/helm")
    assert outcome.code == 2
    assert (
        outcome.stderr.strip().splitlines()[-1]
        == "eks-lint: --kustomize fixtures/helm: no kustomization.yaml in it"
    )


def test_without_kubectl_or_kustomize_one_line_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    outcome = lint("--kustomize", PROD)
    assert outcome.code == 2
    assert "needs kubectl" in outcome.stderr.strip().splitlines()[-1]


# a folder walk


def test_listed_patches_are_read_from_the_kustomization():
    assert listed_patches(STAGING) == {
        str(ROOT / STAGING / "replicas.yaml"),
        str(ROOT / STAGING / "image.yaml"),
    }
    assert listed_patches(f"{KUSTOMIZE}/base") == set()


def test_a_folder_walk_judges_a_listed_patch_as_a_patch(tmp_path):
    # staging/image.yaml names a container image, so by its content alone it
    # looks like a whole Deployment; its kustomization lists it as a patch.
    outcome = lint("--select", "missing-pdb,missing-resource-requests", STAGING)
    assert outcome.findings == []
    alone = tmp_path / "image.yaml"
    alone.write_bytes((ROOT / STAGING / "image.yaml").read_bytes())
    outcome = lint("--select", "missing-pdb,missing-resource-requests", str(alone))
    assert [f["name"] for f in outcome.findings] == ["missing-resource-requests"]


def test_a_patch_in_another_folder_is_a_patch_too(tmp_path):
    overlay = tmp_path / "overlay"
    shared = tmp_path / "patches"
    overlay.mkdir()
    shared.mkdir()
    (overlay / "kustomization.yaml").write_text(
        "resources: [../base]\npatches:\n  - path: ../patches/image.yaml\n"
    )
    (shared / "image.yaml").write_bytes((ROOT / STAGING / "image.yaml").read_bytes())
    outcome = lint("--select", "missing-resource-requests", str(tmp_path))
    assert outcome.findings == []
    # the same file, listed by no kustomization, is judged as a whole Deployment
    outcome = lint("--select", "missing-resource-requests", str(shared))
    assert [f["name"] for f in outcome.findings] == ["missing-resource-requests"]


def test_a_listed_patch_of_a_service_is_skipped_not_judged(tmp_path):
    """A Service patch sets type: LoadBalancer; the annotations that pick the NLB
    are in the base. Judged alone it would be a Classic Load Balancer."""
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text("resources: [../base]\npatches:\n  - path: service.yaml\n")
    (overlay / "service.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  type: LoadBalancer\n"
    )
    outcome = lint("--select", "clb-service", str(overlay))
    assert outcome.findings == []
    skipped = outcome.report["summary"]["skipped_documents"]
    assert skipped["kustomize patch (render the overlay with --kustomize DIR)"] == 1
    # the same file, listed by no kustomization, is a whole Service and is judged
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "service.yaml").write_bytes((overlay / "service.yaml").read_bytes())
    outcome = lint("--select", "clb-service", str(alone))
    assert [(f["name"], f["location"]["line"], f["location"]["column"]) for f in outcome.findings] == [
        ("clb-service", 5, 9)
    ]
