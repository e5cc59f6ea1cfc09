"""Manifests in a repository are not schema-checked: a rule must not crash on a wrong type anywhere.

For the workload, storage, networking and Karpenter rules, every value of
every document in each rule's own fixtures is replaced, one at a time, by a
value of the wrong type; the rule must run without an internal error.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from helpers import MANIFESTS

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject
from eks_lint.engine.registry import discover, select_rules
from eks_lint.engine.runner import run

RULES = (
    "missing-pdb",
    "no-zone-spread",
    "missing-resource-requests",
    "missing-readiness-probe",
    "latest-image-tag",
    "hostnetwork-pod",
    "tolerate-all-taints",
    "statefulset-zero-grace-period",
    "naked-pod",
    "zone-anti-affinity-caps-replicas",
    "gp2-default-storage-class",
    "ebs-volume-single-az-workload",
    "ebs-storage-class-unencrypted",
    "clb-service",
    "lb-target-type-instance-on-fargate",
    "ingress-class-annotation",
    "lb-ip-targets-without-readiness-gate",
    "karpenter-imds-hop-limit",
    "karpenter-nodepool-no-limits",
    "karpenter-ami-unpinned",
    "karpenter-deprecated-api",
    "karpenter-spot-single-instance-type",
)
WRONG = ("x", 3, True, None, [], {}, ["x"], [3])
PARTS = {
    "fargate_profiles": [
        {"fargateProfileName": "all", "status": "ACTIVE", "selectors": [{"namespace": "*"}]}
    ],
    "subnets": [{"SubnetId": "subnet-1", "AvailabilityZone": "eu-west-1a"}],
}


@functools.lru_cache(maxsize=1)
def _all_rules() -> tuple:
    return tuple(discover(plugins=False))


def _paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _replaced(document: dict, path: tuple, value: Any) -> dict:
    out = copy.deepcopy(document)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = copy.deepcopy(value)
    return out


@pytest.mark.parametrize("name", RULES)
def test_rule_survives_wrong_types_in_its_fixtures(name):
    rules = select_rules(list(_all_rules()), [name])
    documents = []
    for fixture in sorted((MANIFESTS / name).glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(fixture.read_text()) if isinstance(d, dict)]
    assert documents
    for index, document in enumerate(documents):
        others = [K8sObject(d) for d in documents[:index] + documents[index + 1 :]]
        for path in _paths(document):
            if path[0] in ("apiVersion", "kind"):
                continue
            for value in WRONG:
                inventory = Inventory(parts=copy.deepcopy(PARTS))
                inventory.add_objects([*others, K8sObject(_replaced(document, path, value))])
                result = run(rules, inventory)
                assert not result.tracebacks, f"{name}: {path} = {value!r}\n{result.tracebacks[0]}"
