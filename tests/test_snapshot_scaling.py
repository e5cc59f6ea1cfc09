"""A large snapshot is checked at linear cost, its per-object facts worked out once.

Counts, never time: a check of a snapshot with twice the apps reads twice as
many object fields, and each workload's pod template and patch verdict are
worked out once however many rules ask for them.
"""

from __future__ import annotations

import copy
import json

import pytest
from helpers import SNAPSHOTS, cli

import eks_lint.eks.relations as relations
from eks_lint.engine.model import K8sObject, pod_template

BASE = json.loads((SNAPSHOTS / "healthy.json").read_text(encoding="utf-8"))


def app(index: int) -> list[dict]:
    """A Deployment of 3 replicas and no PodDisruptionBudget, its Service and a ConfigMap."""
    name, namespace = f"app-{index:04d}", f"team-{index % 7}"
    labels = {"app": name, "team": "shop"}
    meta = {"name": name, "namespace": namespace}
    container = {
        "name": "app",
        "image": "registry.example.com/app:1.4.2",
        "ports": [{"containerPort": 8080}],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}},
    }
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta,
            "spec": {
                "replicas": 3,
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}},
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta,
            "spec": {"selector": labels, "ports": [{"port": 80, "targetPort": 8080}]},
        },
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": {"LOG_LEVEL": "info"}},
    ]


def snapshot_with(tmp_path, apps: int):
    data = copy.deepcopy(BASE)
    data["kubernetes"] = [*data.get("kubernetes", []), *(obj for i in range(apps) for obj in app(i))]
    path = tmp_path / f"apps-{apps}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def counted_check(monkeypatch, path) -> tuple[dict[str, int], list[dict]]:
    counts = {"get": 0, "template": 0, "fragment": 0}
    get, fragment = K8sObject.get, relations._is_fragment

    def counting_get(self, *steps, default=None):
        counts["get"] += 1
        counts["template"] += steps == ("spec", "template")
        return get(self, *steps, default=default)

    def counting_fragment(workload):
        counts["fragment"] += 1
        return fragment(workload)

    with monkeypatch.context() as patched:
        patched.setattr(K8sObject, "get", counting_get)
        patched.setattr(relations, "_is_fragment", counting_fragment)
        done = cli("check", "--format", "json", "--fail-on", "never", "--snapshot", str(path))
    assert done.code == 0, done.stderr
    return counts, done.findings


@pytest.fixture
def sized(tmp_path, monkeypatch):
    return lambda apps: counted_check(monkeypatch, snapshot_with(tmp_path, apps))


def test_each_workload_template_and_patch_verdict_is_worked_out_once(sized):
    counts, findings = sized(60)
    workloads = 60 + sum(1 for obj in BASE.get("kubernetes", []) if obj["kind"] == "Deployment")
    assert counts["template"] == workloads  # asked by some 30 rules, read once
    assert counts["fragment"] == workloads
    assert any(f["name"] == "missing-pdb" for f in findings)  # the rules did run on them


def test_twice_the_apps_twice_the_work(sized):
    small, small_findings = sized(100)
    large, large_findings = sized(200)
    assert len(large_findings) > len(small_findings) > 0
    # Each count is linear in the apps plus what the fixed AWS parts cost.
    assert large["get"] - small["get"] <= 1.05 * (small["get"] - sized(0)[0]["get"])


def test_a_cached_template_is_the_one_a_fresh_object_gives():
    data = app(1)[0]
    first = K8sObject(data)
    assert pod_template(first) is pod_template(first)
    assert pod_template(first) == pod_template(K8sObject(copy.deepcopy(data)))
    assert pod_template(K8sObject({"kind": "Deployment", "spec": {"template": []}})) is None
    pod = K8sObject({"kind": "Pod", "spec": {}})
    assert pod_template(pod) == (pod.data, ())
