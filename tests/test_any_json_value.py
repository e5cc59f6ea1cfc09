"""The engine sorts and fingerprints findings whatever values the input held:
numbers where text belongs, keys of mixed types, absurd depth."""

from __future__ import annotations

import json
from datetime import date

from helpers import FIXTURES, SNAPSHOTS, cli

from eks_lint.engine.fingerprint import canonical_json, fingerprints
from eks_lint.engine.model import AwsResource, Finding, K8sObject
from eks_lint.engine.runner import sort_key

CONFIG = str(FIXTURES / "empty-config.yaml")


def test_canonical_json_is_json_dumps_where_that_works():
    """Baselines keep their fingerprints: the same text as before for ordinary values."""
    for value in (
        {"b": 1, "a": [1, {"z": None, "y": 2.5}]},
        {10: 1, 9: 2},
        {True: 1},
        {"d": date(2024, 1, 1)},
        [1, "x"],
        "s",
        5,
    ):
        assert canonical_json(value) == json.dumps(value, sort_keys=True, default=str)


def test_canonical_json_takes_mixed_keys_and_depth():
    assert (
        canonical_json({5: "a", "5": "b", date(2024, 1, 1): 1}) == '{"2024-01-01": 1, "5": "a", "str:5": "b"}'
    )
    deep: list = []
    inner = deep
    for _ in range(3000):
        inner.append([])
        inner = inner[0]
    assert canonical_json(deep).count("<nested too deep>") == 1


def test_findings_on_mixed_keys_and_numbers_sort_and_fingerprint():
    obj = K8sObject(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {5: "x", "a": "y"}}
    )
    findings = [
        Finding(target=obj, message="m", path=("data",)),
        Finding(target=AwsResource("addon", "vpc-cni", 12345), message="n"),  # type: ignore[arg-type]
        Finding(
            target=AwsResource("addon", "coredns", "arn:aws:eks:us-east-1:1:addon/c/coredns/x"), message="n"
        ),
    ]
    for finding in findings:
        finding.code = "EKS999"
    findings.sort(key=sort_key)
    # by the resource as text: "12345" < "ConfigMap/c" < "arn:..."
    assert [str(f.resource_display) for f in findings] == [
        "12345",
        "ConfigMap/c",
        "arn:aws:eks:us-east-1:1:addon/c/coredns/x",
    ]
    assert len(set(fingerprints(findings))) == 3


def test_manifest_with_mixed_keys_at_a_finding_path_in_every_format(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n"
        "  template:\n    spec:\n      containers:\n      - {name: c, image: 'i:1', 5: x, 2024-01-01: y}\n"
    )
    baseline = tmp_path / "baseline.json"
    for args in (["-f", "sarif"], ["-f", "gitlab"], ["-f", "json"], ["--write-baseline", str(baseline)]):
        done = cli("check", "--config", CONFIG, "--select", "missing-resource-requests", *args, str(path))
        assert done.code in (0, 1), (args, done.stderr)
        assert done.stderr == "" or "baseline" in done.stderr, args
    entries = json.loads(baseline.read_text())
    assert "missing-resource-requests" in json.dumps(entries)


def test_snapshot_with_wrong_types_is_a_clear_error_naming_the_paths(tmp_path):
    data = json.loads((SNAPSHOTS / "problems.json").read_text())
    data["addons"][0]["addonArn"] = 12345
    data["cluster"]["kubernetesNetworkConfig"] = "x"
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data))
    done = cli("check", "--config", CONFIG, "--snapshot", str(path), "--today", "2025-01-01")
    assert done.code == 2
    assert done.stderr == (
        f"eks-lint: {path}: invalid snapshot (2 problems):\n"
        "  $.addons[0].addonArn: 12345 is not of type 'string'\n"
        "  $.cluster.kubernetesNetworkConfig: 'x' is not of type 'object'\n"
    )
