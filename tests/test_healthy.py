"""A healthy cluster with well-written manifests: eks-lint must report nothing at warning or above.

fixtures/snapshots/healthy.json is a realistic production cluster;
fixtures/manifests/healthy/ is a team's repository for it (IRSA, three
replicas with PDBs, zone spread, probes, requests, an HPA, an ALB Ingress and
an NLB Service with IP targets, an encrypted gp3 class, a StatefulSet, and a
bounded Karpenter pool on a pinned AMI). A rule that fires here is a false
positive to fix in the rule, not in the fixtures.
"""

from helpers import MANIFESTS, SNAPSHOTS, lint

HEALTHY = MANIFESTS / "healthy"
#: Rules that read these manifests; none may be skipped, or the test proves nothing.
MANIFEST_RULES = {
    "missing-pdb",
    "single-replica-workload",
    "pdb-unhealthy-eviction-policy",
    "no-zone-spread",
    "missing-resource-requests",
    "missing-readiness-probe",
    "latest-image-tag",
    "hostnetwork-pod",
    "tolerate-all-taints",
    "statefulset-zero-grace-period",
    "gp2-default-storage-class",
    "ebs-volume-single-az-workload",
    "ebs-storage-class-unencrypted",
    "clb-service",
    "lb-target-type-instance-on-fargate",
    "ingress-class-annotation",
    "karpenter-imds-hop-limit",
    "karpenter-nodepool-no-limits",
    "karpenter-ami-unpinned",
    "karpenter-deprecated-api",
}


def _skipped(report):
    skipped = {entry["rule"] for entry in report["summary"].get("rules_skipped", [])}
    for cluster in report["summary"].get("clusters", []):
        skipped |= {entry["rule"] for entry in cluster.get("rules_skipped", [])}
    return skipped


def test_healthy_cluster_and_manifests_have_nothing_at_warning_or_above():
    outcome = lint("--fail-on", "warning", "--snapshot", str(SNAPSHOTS / "healthy.json"), str(HEALTHY))
    assert outcome.code == 0, outcome.stdout
    assert [f for f in outcome.findings if f["severity"] != "info"] == []
    summary = outcome.report["summary"]
    assert (summary["files"], summary["objects"], summary["skipped_documents"]) == (6, 15, {})
    assert not MANIFEST_RULES & _skipped(outcome.report)


def test_healthy_manifests_alone_are_clean():
    outcome = lint("--fail-on", "info", str(HEALTHY))
    assert outcome.code == 0, outcome.stdout
    assert outcome.findings == []
