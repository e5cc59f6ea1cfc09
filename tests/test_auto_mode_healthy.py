"""A healthy EKS Auto Mode cluster: eks-lint must report nothing at warning or above.

fixtures/snapshots/auto-mode-healthy.json is an Auto Mode cluster as EKS
describes it in 2026: compute, block storage and load balancing on, the
built-in `general-purpose` and `system` NodePools on the `default` NodeClass,
no node groups and no core add-ons (Auto Mode runs the VPC CNI, kube-proxy,
CoreDNS, the EBS CSI driver and the Pod Identity agent itself), a StorageClass
on Auto Mode's provisioner, an ALB IngressClass for Auto Mode, one Pod
Identity association whose role trusts pods.eks.amazonaws.com, and an active
managed Argo CD capability. A rule that fires here is a false positive to fix
in the rule, not in the fixture.
"""

import json

from helpers import SNAPSHOTS, lint

HEALTHY = SNAPSHOTS / "auto-mode-healthy.json"
#: Rules that read what this cluster has; none may be skipped, or the test proves nothing.
MUST_RUN = {
    "auto-mode-cluster-role-trust",
    "auto-mode-nodeclass-missing",
    "auto-mode-ebs-csi-provisioner",
    "pod-identity-irsa-conflict",
    "pod-identity-role-trust",
    "pod-identity-unsupported-compute",
    "pod-identity-agent-missing",
    "capability-unhealthy",
    "capability-role-trust",
    "capability-self-managed-conflict",
    "deletion-protection-off",
    "karpenter-nodepool-no-limits",
    "missing-pdb",
    "single-replica-workload",
}


def test_healthy_auto_mode_cluster_has_nothing_at_warning_or_above():
    outcome = lint("--fail-on", "warning", "--snapshot", str(HEALTHY))
    assert outcome.code == 0, outcome.stdout
    assert [f for f in outcome.findings if f["severity"] != "info"] == []
    summary = outcome.report["summary"]
    assert MUST_RUN <= set(summary["rules_run"]), summary["rules_skipped"]


def test_the_built_in_node_pools_are_not_asked_for_limits_but_the_same_pools_elsewhere_are(tmp_path):
    # AWS does not let users modify the built-in NodePools: advice to add limits to them
    # cannot be followed. Without Auto Mode the same objects are ordinary NodePools.
    data = json.loads(HEALTHY.read_text(encoding="utf-8"))
    data["cluster"]["computeConfig"] = {"enabled": False}
    plain = tmp_path / "not-auto.json"
    plain.write_text(json.dumps(data), encoding="utf-8")
    rule = "karpenter-nodepool-no-limits"
    assert lint("--select", rule, "--snapshot", str(HEALTHY)).findings == []
    names = [f["resource"]["name"] for f in lint("--select", rule, "--snapshot", str(plain)).findings]
    assert names == ["general-purpose", "system"]


def test_the_fixture_is_made_of_real_api_shapes():
    import sys

    sys.path.insert(0, str(SNAPSHOTS.parent.parent / "tests" / "sources"))
    from api_shapes import shape_problems

    from eks_lint.sources.snapshot import schema_problems

    data = json.loads(HEALTHY.read_text(encoding="utf-8"))
    assert schema_problems(data) + shape_problems(data) == []
