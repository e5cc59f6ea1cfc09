"""Real-world manifests from public projects (../shared/corpus, see its README) linted with every rule.

No rule may crash on them, and every finding must be one we would defend to
that project's maintainers. EXPECTED records, per file, each (rule, resource)
we report and why it is right; a new finding fails this test until it is
either recorded here with its reason or the rule is fixed. The corpus itself
is never edited.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS, assert_lints_without_a_crash, lint, resource_name
from helpers import CORPUS_PINNED as PINNED

MANIFESTS = CORPUS / "manifests"
EKSCTL = CORPUS / "eksctl"
#: Fixed inputs so the expectations do not move with the clock or the newest EKS version.

EXPECTED: dict[str, list[tuple[str, str]]] = {
    # The LBC walkthrough app: 5 replicas of a `:latest` image with no requests,
    # probes, budget or zone spread. Its Ingress already uses ip targets.
    "aws-lbc--2048_full.yaml": [
        ("missing-pdb", "Deployment/game-2048/deployment-2048"),
        ("no-zone-spread", "Deployment/game-2048/deployment-2048"),
        ("latest-image-tag", "Deployment/game-2048/deployment-2048"),
        ("missing-resource-requests", "Deployment/game-2048/deployment-2048"),
        ("missing-readiness-probe", "Deployment/game-2048/deployment-2048"),
        # The Ingress uses ip targets; the namespace lacks the readiness gate label
        # that the controller's own docs ask for zero-downtime rollouts.
        ("lb-ip-targets-without-readiness-gate", "Namespace/game-2048"),
    ],
    # No requests. One replica is external-dns's design (a controller no Service
    # routes to; a drain delays DNS updates, it serves nobody), so no single-replica.
    "aws-lbc--external-dns.yaml": [
        ("missing-resource-requests", "Deployment/external-dns"),
    ],
    # LBC v2.0.0 install manifest: v1beta1 CRD and webhook APIs are gone since 1.22;
    # the webhook Service routes to a controller without a readiness probe.
    "aws-lbc--v2_0_0_full.yaml": [
        ("removed-api-version", "CustomResourceDefinition/targetgroupbindings.elbv2.k8s.aws"),
        ("removed-api-version", "MutatingWebhookConfiguration/aws-load-balancer-webhook"),
        ("single-replica-workload", "Deployment/kube-system/aws-load-balancer-controller"),
        ("missing-readiness-probe", "Deployment/kube-system/aws-load-balancer-controller"),
        ("removed-api-version", "ValidatingWebhookConfiguration/aws-load-balancer-webhook"),
    ],
    # The optional static-key env from Secret aws-secret overrides IRSA and Pod
    # Identity when that Secret exists. Its PDB is ebs-csi--pdb-controller.yaml,
    # which this run sees; it runs at system-cluster-critical priority, so its
    # zone spreading is left to the add-on's configuration (no no-zone-spread).
    "ebs-csi--controller.yaml": [
        ("static-aws-credentials", "Deployment/ebs-csi-controller"),
        ("static-aws-credentials", "Deployment/ebs-csi-controller"),
    ],
    "ebs-csi--node.yaml": [],
    # info: no unhealthyPodEvictionPolicy, so a crash-looping controller pod blocks drains.
    "ebs-csi--pdb-controller.yaml": [
        ("pdb-unhealthy-eviction-policy", "PodDisruptionBudget/ebs-csi-controller"),
    ],
    "ebs-csi--serviceaccount-controller.yaml": [],
    # An example class without `encrypted: "true"` (info).
    "ebs-csi--storageclass.yaml": [("ebs-storage-class-unencrypted", "StorageClass/ebs-sc")],
    # The kustomize base: no requests, and an untagged image that its
    # kustomization.yaml pins; applied on its own (kubectl apply -f) it pulls latest.
    # One replica by design (a controller no Service routes to).
    "external-dns--deployment.yaml": [
        ("missing-resource-requests", "Deployment/external-dns"),
        ("latest-image-tag", "Deployment/external-dns"),
    ],
    "external-dns--serviceaccount.yaml": [],
    # In-tree provisioner (CSI migration since 1.23), unencrypted.
    "k8s-examples--aws-ebs-storageclass.yaml": [
        ("in-tree-ebs-provisioner", "StorageClass/slow"),
        ("ebs-storage-class-unencrypted", "StorageClass/slow"),
    ],
    # Three Cassandra replicas, no budget, no zone spread. Its class is minikube
    # hostpath, so no EBS rule speaks.
    "k8s-examples--cassandra-statefulset.yaml": [
        ("missing-pdb", "StatefulSet/cassandra"),
        ("no-zone-spread", "StatefulSet/cassandra"),
    ],
    # Classic guestbook: Services route to pods without readiness probes.
    "k8s-examples--guestbook-all-in-one.yaml": [
        ("single-replica-workload", "Deployment/redis-master"),
        ("missing-readiness-probe", "Deployment/redis-master"),
        ("missing-pdb", "Deployment/redis-replica"),
        ("no-zone-spread", "Deployment/redis-replica"),
        ("missing-readiness-probe", "Deployment/redis-replica"),
        ("missing-pdb", "Deployment/frontend"),
        ("no-zone-spread", "Deployment/frontend"),
        ("missing-readiness-probe", "Deployment/frontend"),
    ],
    # Has a PDB (without unhealthyPodEvictionPolicy: info); its 10 replicas are not
    # spread across zones.
    "karpenter--disruption-budget.yaml": [
        ("no-zone-spread", "Deployment/pdb"),
        ("pdb-unhealthy-eviction-policy", "PodDisruptionBudget/pdb"),
    ],
    # The general-purpose example: no NodePool limits and al2023@latest.
    "karpenter--general-purpose.yaml": [
        ("karpenter-nodepool-no-limits", "NodePool/general-purpose"),
        ("karpenter-ami-unpinned", "EC2NodeClass/default"),
    ],
    # replicas: 0 and a zone spread constraint: nothing to say.
    "karpenter--spread-zone.yaml": [],
    # Online Boutique: every service a Service routes to runs one replica (replicas
    # unset, no HPA), and frontend-external is an unannotated LoadBalancer Service (a
    # CLB on EKS). loadgenerator is a client no Service routes to: not reported.
    "microservices-demo--kubernetes-manifests.yaml": [
        ("single-replica-workload", "Deployment/frontend"),
        ("clb-service", "Service/frontend-external"),
        ("single-replica-workload", "Deployment/adservice"),
        ("single-replica-workload", "Deployment/currencyservice"),
        ("single-replica-workload", "Deployment/cartservice"),
        ("single-replica-workload", "Deployment/redis-cart"),
        ("single-replica-workload", "Deployment/recommendationservice"),
        ("single-replica-workload", "Deployment/checkoutservice"),
        ("single-replica-workload", "Deployment/emailservice"),
        ("single-replica-workload", "Deployment/paymentservice"),
        ("single-replica-workload", "Deployment/shippingservice"),
        ("single-replica-workload", "Deployment/productcatalogservice"),
    ],
    # A test-data Pod: bare (no controller), untagged `amazonlinux`, no requests.
    "pod-identity-webhook--rawPodHasAll.pod.yaml": [
        ("naked-pod", "Pod/balajilovesoreos"),
        ("latest-image-tag", "Pod/balajilovesoreos"),
        ("missing-resource-requests", "Pod/balajilovesoreos"),
    ],
    # aws-node requests CPU only, but it is system-node-critical (vendor-set, never
    # evicted by the kubelet), so missing-resource-requests leaves it alone.
    "vpc-cni--aws-k8s-cni.yaml": [],
    # cluster-autoscaler runs one active replica by design (leader election), so no
    # single-replica; but it is v1.17.3 and this run states Kubernetes 1.33: its
    # scheduler simulation is 16 minors behind (the project's README pairs minors).
    "vpc-cni--cluster-autoscaler-autodiscover.yaml": [
        ("cluster-autoscaler-version-skew", "Deployment/kube-system/cluster-autoscaler"),
    ],
    # cni-metrics-helper is a single-instance metrics publisher; no requests.
    "vpc-cni--cni-metrics-helper.yaml": [
        ("missing-resource-requests", "Deployment/kube-system/cni-metrics-helper"),
    ],
    # The v1.7 manifest: a v1beta1 CRD (removed in 1.22) and the dockershim socket
    # mount that EKS nodes no longer have.
    "vpc-cni--v1.7-aws-k8s-cni.yaml": [
        ("removed-api-version", "CustomResourceDefinition/eniconfigs.crd.k8s.amazonaws.com"),
        ("docker-socket-mount", "DaemonSet/kube-system/aws-node"),
    ],
}


def _by_file(findings: list[dict]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for finding in findings:
        name = Path(finding["location"]["file"]).name
        out.setdefault(name, []).append((finding["name"], resource_name(finding)))
    return out


def test_the_corpus_is_there():
    assert MANIFESTS.is_dir(), f"{MANIFESTS} is missing: the corpus lives in shared/ beside the checkout"
    assert sorted(p.name for p in MANIFESTS.iterdir()) == sorted(EXPECTED)


def test_every_corpus_finding_is_expected_and_defended():
    outcome = lint(*PINNED, str(MANIFESTS))
    assert outcome.code == 0, outcome.stderr
    report = outcome.report
    assert report["summary"]["skipped_documents"] == {}
    found = _by_file(outcome.findings)
    for file, expected in EXPECTED.items():
        assert Counter(found.get(file, [])) == Counter(expected), file
    assert set(found) <= set(EXPECTED)


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_each_file_alone_lints_without_a_crash(file):
    assert_lints_without_a_crash(lint(*PINNED, "-v", str(MANIFESTS / file)))


def test_eksctl_cluster_configs_lint_without_a_crash():
    """eksctl ClusterConfigs are read as clusters by their own source; here only: no crash."""
    assert_lints_without_a_crash(lint(*PINNED, str(EKSCTL)))
