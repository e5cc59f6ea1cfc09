"""Node groups as the IP rules read them, and which DaemonSets land on their nodes."""

from __future__ import annotations

import json

from helpers import SNAPSHOTS

from eks_lint.eks.capacity import daemonset_runs_on, managed_labels, node_groups, tolerates
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject
from eks_lint.sources.snapshot import to_inventory


def _inventory(path):
    return to_inventory(json.loads(path.read_text()))


def _ds(spec):
    return K8sObject(
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "x"},
            "spec": {"template": {"spec": spec}},
        }
    )


LABELS = {"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "role": "apps"}
ABSENT = frozenset({"eks.amazonaws.com/compute-type"})


def test_node_groups_managed_and_self_managed():
    groups = {g.name: g for g in node_groups(_inventory(SNAPSHOTS / "node-subnet-ip-headroom" / "bad.json"))}
    # the managed group's own ASG and another cluster's ASG are not listed
    assert sorted(groups) == ["batch", "prod-legacy-workers", "web"]
    batch = groups["batch"]
    assert (batch.desired, batch.maximum, batch.surge, batch.instance_types) == (10, 60, 4, ["m5.large"])
    legacy = groups["prod-legacy-workers"]
    assert (legacy.managed, legacy.surge, legacy.instance_types) == (False, 0, ["m5.large"])
    assert legacy.subnets == ["subnet-0e1a2b3c4d5e6f701"]


def test_instance_type_from_the_launch_template_version():
    groups = {g.name: g for g in node_groups(_inventory(SNAPSHOTS / "max-pods-too-low" / "bad.json"))}
    assert groups["tools"].instance_types == ["t3.medium"]
    assert groups["edge"].taints == [{"key": "edge", "value": "true", "effect": "NoSchedule"}]


def test_managed_labels():
    labels = managed_labels(
        {
            "nodegroupName": "a",
            "capacityType": "SPOT",
            "amiType": "AL2023_ARM_64_STANDARD",
            "labels": {"role": "x"},
        }
    )
    assert labels == {
        "role": "x",
        "eks.amazonaws.com/nodegroup": "a",
        "eks.amazonaws.com/capacityType": "SPOT",
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "arm64",
    }
    assert "kubernetes.io/os" not in managed_labels({"nodegroupName": "c", "amiType": "CUSTOM"})


def test_node_selector_and_affinity():
    assert daemonset_runs_on(_ds({}), LABELS, [], ABSENT)
    assert daemonset_runs_on(_ds({"nodeSelector": {"kubernetes.io/os": "linux"}}), LABELS, [], ABSENT)
    assert not daemonset_runs_on(_ds({"nodeSelector": {"kubernetes.io/os": "windows"}}), LABELS, [], ABSENT)
    # a label whose value is not known proves nothing: not counted
    assert not daemonset_runs_on(_ds({"nodeSelector": {"gpu": "true"}}), LABELS, [], ABSENT)

    def affinity(*expressions):
        return {
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [{"matchExpressions": list(expressions)}]
                    }
                }
            }
        }

    not_fargate = {"key": "eks.amazonaws.com/compute-type", "operator": "NotIn", "values": ["fargate"]}
    assert daemonset_runs_on(_ds(affinity(not_fargate)), LABELS, [], ABSENT)
    assert not daemonset_runs_on(_ds(affinity({**not_fargate, "key": "unknown"})), LABELS, [], ABSENT)
    arch_in = {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]}
    assert not daemonset_runs_on(_ds(affinity(arch_in)), LABELS, [], ABSENT)
    assert daemonset_runs_on(_ds(affinity({"key": "role", "operator": "Exists"})), LABELS, [], ABSENT)


def test_taints_and_tolerations():
    taint = {"key": "dedicated", "value": "edge", "effect": "NoSchedule"}
    assert not daemonset_runs_on(_ds({}), LABELS, [taint], ABSENT)
    assert tolerates([{"operator": "Exists"}], taint)
    assert tolerates([{"key": "dedicated", "operator": "Equal", "value": "edge"}], taint)
    assert tolerates([{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}], taint)
    assert not tolerates([{"key": "dedicated", "value": "other"}], taint)
    assert not tolerates([{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}], taint)
    prefer = {"key": "x", "value": "", "effect": "PreferNoSchedule"}
    assert daemonset_runs_on(_ds({}), LABELS, [prefer], ABSENT)


def test_empty_inventory_has_no_groups():
    assert node_groups(Inventory()) == []
