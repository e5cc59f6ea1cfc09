"""No silent partial data: a read that failed never turns into a confident
finding or a green exit (exit 3 unless --allow-partial)."""

from __future__ import annotations

import json

from helpers import FIXTURES, MANIFESTS, lint

from eks_lint.engine import runner
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Rule

HEALTHY = FIXTURES / "snapshots" / "healthy.json"
UNREACHABLE = {
    "operation": "k8s:connect",
    "target": "prod",
    "code": "KubernetesUnavailable",
    "message": "cannot reach the API server",
    "part": "kubernetes",
}


def snapshot_without_kubernetes(tmp_path, **changes):
    data = json.loads(HEALTHY.read_text())
    del data["kubernetes"]
    data["errors"] = [UNREACHABLE]
    data.update(changes)
    path = tmp_path / "prod.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_wanted_part_whose_read_failed_skips_the_rule():
    meta = Rule(code="TST001", name="t", severity="info", summary="s", needs=("cluster",), wants=("addons",))
    inventory = Inventory(
        parts={"cluster": {}}, errors=[{"operation": "eks:ListAddons", "code": "AccessDenied"}]
    )
    reason = runner.skip_reason(meta, inventory)
    assert reason == "wants addons: eks:ListAddons failed (AccessDenied)"
    assert isinstance(reason, runner.FailedRead) and reason.failure == "eks:ListAddons failed (AccessDenied)"
    # Absent without a failed read: "not in the input", the rule runs on what there is.
    assert runner.skip_reason(meta, Inventory(parts={"cluster": {}})) is None
    # Present: a failure elsewhere does not matter to it.
    present = Inventory(parts={"cluster": {}, "addons": []}, errors=inventory.errors)
    assert runner.skip_reason(meta, present) is None


def test_a_rule_that_wants_kubernetes_objects_is_skipped_when_their_read_failed():
    meta = Rule(
        code="TST001",
        name="t",
        severity="info",
        summary="s",
        needs=("cluster",),
        wants=("kubernetes",),
        kinds=("ServiceAccount",),
    )
    denied = {"operation": "k8s:list", "kind": "ServiceAccount", "code": "Forbidden"}
    assert runner.skip_reason(meta, Inventory(parts={"cluster": {}}, errors=[denied])) == (
        "wants ServiceAccount: k8s:list failed (Forbidden)"
    )
    assert runner.skip_reason(meta, Inventory(parts={"cluster": {}}, errors=[UNREACHABLE])) == (
        "wants Kubernetes objects: k8s:connect failed (KubernetesUnavailable)"
    )
    other_kind = {"operation": "k8s:list", "kind": "Secret", "code": "Forbidden"}
    assert runner.skip_reason(meta, Inventory(parts={"cluster": {}}, errors=[other_kind])) is None


def test_an_unreachable_api_server_makes_the_run_incomplete(tmp_path):
    snapshot = snapshot_without_kubernetes(tmp_path)
    outcome = lint("--snapshot", snapshot, "--select", "pdb-blocks-drain")
    assert outcome.code == 3
    assert outcome.report["summary"]["rules_skipped"] == [
        {"rule": "pdb-blocks-drain", "reason": "needs kubernetes: k8s:connect failed (KubernetesUnavailable)"}
    ]
    assert (
        outcome.stderr.splitlines()[0]
        == "eks-lint: could not read: k8s:connect failed (KubernetesUnavailable)"
    )
    assert outcome.report["summary"]["incomplete"] == ["k8s:connect failed (KubernetesUnavailable)"]
    assert lint("--snapshot", snapshot, "--select", "pdb-blocks-drain", "--allow-partial").code == 0


def test_manifests_beside_an_unreachable_cluster_do_not_make_the_run_complete(tmp_path):
    snapshot = snapshot_without_kubernetes(tmp_path)
    good = str(MANIFESTS / "pdb-blocks-drain" / "good.yaml")
    outcome = lint("--snapshot", snapshot, "--select", "pdb-blocks-drain", good)
    assert outcome.report["summary"]["rules_skipped"] == []  # it ran on the manifests...
    assert outcome.code == 3  # ...but the cluster's own objects are missing
    assert lint("--snapshot", snapshot, "--select", "pdb-blocks-drain", "--allow-partial", good).code == 0


def test_an_aws_only_run_is_not_made_incomplete_by_an_unread_api_server(tmp_path):
    snapshot = snapshot_without_kubernetes(tmp_path)
    outcome = lint("--snapshot", snapshot, "--select", "control-plane-logging-disabled")
    assert (outcome.code, outcome.stderr) == (0, "")
    assert outcome.report["summary"]["incomplete"] == []
