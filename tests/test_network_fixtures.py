"""The networking and hybrid-nodes rules' snapshot fixtures are valid snapshots in the real AWS API shapes."""

from __future__ import annotations

import json

import pytest
from helpers import SNAPSHOTS
from sources.api_shapes import shape_problems

from eks_lint.sources.snapshot import schema_problems

RULES = (
    "network-policy-not-enforced",
    "security-group-policy-not-enabled",
    "windows-ipam-disabled",
    "ipv6-nodegroup-subnet-not-ipv6",
    "ipv6-cluster-windows-nodes",
    "hybrid-nodes-cluster-unsupported",
    "hybrid-remote-network-invalid",
    "hybrid-nodes-without-cni",
    "hybrid-webhook-without-pod-network",
)
FILES = sorted(path for rule in RULES for path in (SNAPSHOTS / rule).glob("*.json")) + [
    SNAPSHOTS / "hybrid-nodes-healthy.json"
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_is_a_valid_snapshot_in_api_shapes(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert schema_problems(data) == []
    assert shape_problems(data) == []
