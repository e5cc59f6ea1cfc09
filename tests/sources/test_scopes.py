"""Scopes: objects of different environments never relate; an app split over
files and subfolders of one folder still does."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import cli

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.manifests import load_manifests

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example.com/shop/api:1.4.2
"""
PDB = """\
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: api
"""
HPA = """\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
  minReplicas: 3
  maxReplicas: 6
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def scopes_of(paths: list[str], **options) -> dict[str, str]:
    loaded = load_manifests(paths, **options)
    for obj in loaded.objects:  # every object carries its file's scope
        assert obj.scope == loaded.scopes[obj.source.file]
    return loaded.scopes


def test_two_environment_folders_are_two_scopes(in_tmp):
    write(in_tmp, {"envs/prod/app.yaml": DEPLOYMENT, "envs/staging/app.yaml": DEPLOYMENT})
    expected = {"envs/prod/app.yaml": "envs/prod", "envs/staging/app.yaml": "envs/staging"}
    assert scopes_of(["envs"]) == expected
    assert scopes_of(["envs/prod", "envs/staging"]) == expected
    assert scopes_of(["."]) == {"./" + name: scope for name, scope in expected.items()}


def test_an_app_split_over_files_and_subfolders_is_one_scope(in_tmp):
    write(in_tmp, {"app/deployment.yaml": DEPLOYMENT, "app/pdb.yaml": PDB, "app/autoscaling/hpa.yaml": HPA})
    assert set(scopes_of(["app"]).values()) == {"app"}


def test_kustomize_base_and_overlays_are_scopes_of_their_own(in_tmp):
    patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n"
    patch += "spec:\n  replicas: 3\n"
    write(
        in_tmp,
        {
            "base/deployment.yaml": DEPLOYMENT,
            "base/pdb.yaml": PDB,
            "overlays/prod/replicas.yaml": patch,
            "overlays/staging/replicas.yaml": patch,
        },
    )
    assert scopes_of(["."]) == {
        "./base/deployment.yaml": "base",
        "./base/pdb.yaml": "base",
        "./overlays/prod/replicas.yaml": "overlays/prod",
        "./overlays/staging/replicas.yaml": "overlays/staging",
    }


def test_a_folder_whose_files_clash_with_a_subfolder_keeps_its_files_apart(in_tmp):
    write(
        in_tmp, {"shop/app.yaml": DEPLOYMENT, "shop/canary/app.yaml": DEPLOYMENT, "shop/canary/pdb.yaml": PDB}
    )
    assert scopes_of(["shop"]) == {
        "shop/app.yaml": "shop",
        "shop/canary/app.yaml": "shop/canary",
        "shop/canary/pdb.yaml": "shop/canary",
    }


def test_the_same_name_in_another_namespace_or_kind_is_no_clash(in_tmp):
    other = DEPLOYMENT.replace("namespace: shop", "namespace: billing")
    write(in_tmp, {"a/app.yaml": DEPLOYMENT, "b/app.yaml": other, "c/pdb.yaml": PDB})
    assert set(scopes_of(["."]).values()) == {"."}


def test_explicit_rules(in_tmp):
    write(in_tmp, {"app/deployment.yaml": DEPLOYMENT, "app/pdb.yaml": PDB, "app/hpa/hpa.yaml": HPA})
    assert scopes_of(["app"], scope="folder") == {
        "app/deployment.yaml": "app",
        "app/pdb.yaml": "app",
        "app/hpa/hpa.yaml": "app/hpa",
    }
    assert scopes_of(["app"], scope="file") == {name: name for name in scopes_of(["app"])}
    write(in_tmp, {"envs/prod/app.yaml": DEPLOYMENT, "envs/staging/app.yaml": DEPLOYMENT})
    assert set(scopes_of(["envs"], scope="one").values()) == {"."}
    with pytest.raises(EksLintError, match="scope: unknown rule 'env'"):
        load_manifests(["envs"], scope="env")


def test_scope_roots_make_each_matching_folder_a_scope(in_tmp):
    # Distinct names: auto would merge them; the team says each cluster folder is apart.
    web = DEPLOYMENT.replace("name: api", "name: web")
    write(
        in_tmp,
        {"clusters/eu/shop/api.yaml": DEPLOYMENT, "clusters/us/shop/web.yaml": web, "common/pdb.yaml": PDB},
    )
    assert set(scopes_of(["."]).values()) == {"."}
    assert scopes_of(["clusters", "common"], scope_roots=["clusters/*"]) == {
        "clusters/eu/shop/api.yaml": "clusters/eu",
        "clusters/us/shop/web.yaml": "clusters/us",
        "common/pdb.yaml": "common",
    }


def test_stdin_is_a_scope_of_its_own(in_tmp):
    import io

    write(in_tmp, {"app/app.yaml": DEPLOYMENT})
    loaded = load_manifests(["app", "-"], stdin=io.BytesIO(DEPLOYMENT.encode()))
    assert loaded.scopes == {"app/app.yaml": "app", "<stdin>": "<stdin>"}


# The acceptance test of issue 12: each environment's error is reported.
def test_each_environment_is_judged_alone_from_the_command_line(in_tmp):
    write(in_tmp, {"envs/prod/app.yaml": DEPLOYMENT + "---\n" + PDB})
    write(in_tmp, {"envs/staging/app.yaml": DEPLOYMENT + "---\n" + PDB})
    config = in_tmp / ".config" / "empty.yaml"  # in a hidden folder: not read by "check ."
    write(in_tmp, {".config/empty.yaml": "{}\n"})
    for paths, prefix in ((["envs/prod", "envs/staging"], ""), (["."], "./")):
        outcome = cli("check", "--config", str(config), "--select", "pdb-blocks-drain", "-v", *paths)
        lines = outcome.stdout.splitlines()
        assert outcome.code == 1, outcome.stdout
        assert [line.split(": error")[0] for line in lines if ": error " in line] == [
            f"{prefix}envs/prod/app.yaml:26:17",
            f"{prefix}envs/staging/app.yaml:26:17",
        ]
        assert "runs 1 replica" in lines[0] and "runs 1 replica" in lines[1]
        assert f"scope envs/prod: {prefix}envs/prod/app.yaml" in lines
        assert f"scope envs/staging: {prefix}envs/staging/app.yaml" in lines
        assert lines[-1] == "2 errors, 0 warnings, 0 info in 2 files"


def test_scope_config_keys_are_read(in_tmp):
    write(in_tmp, {"envs/prod/app.yaml": DEPLOYMENT + "---\n" + PDB})
    write(in_tmp, {"envs/staging/app.yaml": DEPLOYMENT + "---\n" + PDB})
    (in_tmp / "one.yaml").write_text("scope: one\n")
    outcome = cli("check", "--config", "one.yaml", "--select", "pdb-blocks-drain", "envs")
    # One scope, as before scopes existed: both Deployments count for each PDB
    # (2 replicas), so the run is green; the config key was read.
    assert (outcome.code, outcome.stdout) == (0, "0 errors, 0 warnings, 0 info in 2 files\n")
    (in_tmp / "bad.yaml").write_text("scope: env\n")
    outcome = cli("check", "--config", "bad.yaml", "envs")
    assert outcome.code == 2
    assert "scope: 'env' is not one of ['auto', 'folder', 'file', 'one']" in outcome.stderr


def test_findings_on_a_shared_object_or_an_aws_resource_are_reported_once(in_tmp):
    from eks_lint.engine.inventory import Inventory
    from eks_lint.engine.model import Finding, K8sObject, Rule
    from eks_lint.engine.registry import LoadedRule
    from eks_lint.engine.runner import run
    from eks_lint.rule import aws

    def k8s(name: str, scope: str | None) -> K8sObject:
        obj = K8sObject({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}})
        obj.scope = scope
        return obj

    shared = k8s("shared", None)
    prod, staging = k8s("same", "prod"), k8s("same", "staging")
    seen_per_run: list[list[str]] = []

    def check(inventory, options):
        seen_per_run.append([obj.scope or "-" for obj in inventory.of_kind("ConfigMap")])
        for obj in inventory.of_kind("ConfigMap"):
            yield Finding(obj, "config map")
        yield Finding(aws("cluster", "prod"), "cluster")

    meta = Rule(code="EKS999", name="test-rule", severity="warning", summary="s", kinds=("ConfigMap",))
    result = run(
        [LoadedRule(meta=meta, check=check, doc="", origin="test", file="")],
        Inventory(objects=[shared, prod, staging]),
    )
    assert seen_per_run == [["-", "prod"], ["-", "staging"]]
    targets = [finding.target for finding in result.findings]
    assert targets.count(shared) == 1 and prod in targets and staging in targets
    assert [t for t in targets if not isinstance(t, K8sObject)] == [aws("cluster", "prod")]


def test_kustomization_files_and_nameless_objects_do_not_split_an_app(in_tmp):
    kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n"
    nameless = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cfg-\n"
    write(
        in_tmp,
        {
            "app/kustomization.yaml": kustomization,
            "app/deployment.yaml": DEPLOYMENT,
            "app/cm.yaml": nameless,
            "app/disruption/kustomization.yaml": kustomization,
            "app/disruption/pdb.yaml": PDB,
            "app/disruption/cm.yaml": nameless,
        },
    )
    assert set(scopes_of(["app"]).values()) == {"app"}
