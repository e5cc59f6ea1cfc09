"""Every eksctl example in the shared corpus, finding by finding.

Each example is read as the cluster ``eksctl create cluster -f`` would make,
with eksctl's documented defaults (public endpoint open to 0.0.0.0/0, no
control plane logs, launch templates with IMDSv1 off and hop limit 2, m5.large,
2 nodes), and must produce exactly these findings, each one defensible to the
eksctl maintainers. Recurring ones, not repeated per file:

- public-endpoint-open: ``vpc.clusterEndpoints`` unset, so eksctl leaves the
  public endpoint open to 0.0.0.0/0.
- control-plane-logging-disabled: ``cloudWatch.clusterLogging`` unset; eksctl
  enables no control plane log type by default.
- imds-reachable-from-pods: every launch template eksctl writes has
  ``HttpPutResponseHopLimit: 2`` unless ``disablePodIMDS: true``
  (pkg/cfn/builder makeMetadataOptions); none of the examples sets it.
- max-pods-too-low: m5.large and the other ``.large`` types with 3 ENIs of 10
  addresses run 29 pods, below the issue's threshold of 30.
- cluster-version-support and secrets-encryption-disabled on the examples
  still naming 1.14 to 1.22: EKS no longer creates those versions, and below
  1.28 Secrets are not envelope-encrypted by default.
- No version rule fires on an example without ``metadata.version``: eksctl
  picks its default version at creation, so the version is unknown here.
- Cluster ``availabilityZones`` become the subnets eksctl creates (05, 23,
  49): no new finding, rightly. The single-zone groups of 05 and 23 are
  self-managed ``nodeGroups`` (nodegroup-single-az judges managed groups),
  49's managed group spans both cluster zones, and the created subnets have
  no free-address count yet, so no headroom rule judges them. No example
  sets ``iam.withOIDC: false``.
"""

from pathlib import Path

import pytest
from helpers import CORPUS, lint

EKSCTL = CORPUS / "eksctl"
EXAMPLES = sorted(EKSCTL.glob("*.yaml"))

EXPECTED: dict[str, list[tuple[str, str, int]]] = {
    # Audit and authenticator logs on; a self-managed m5.large group (29 pods).
    "01-simple-cluster.yaml": [
        ("imds-reachable-from-pods", "eksctl-cluster-1-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-1-nodegroup-ng-1", 11),
        ("public-endpoint-open", "cluster-1", 6),
    ],
    # Private endpoint only, no node groups: only the logging default remains.
    "02-custom-vpc-cidr-no-nodes.yaml": [
        ("control-plane-logging-disabled", "cluster-2", 8),
    ],
    # m5.xlarge (58 pods) passes max pods; m5.large does not.
    "03-two-nodegroups.yaml": [
        ("control-plane-logging-disabled", "cluster-3", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-3-nodegroup-ng1-public", 11),
        ("imds-reachable-from-pods", "eksctl-cluster-3-nodegroup-ng2-private", 15),
        ("max-pods-too-low", "eksctl-cluster-3-nodegroup-ng2-private", 15),
        ("public-endpoint-open", "cluster-3", 6),
    ],
    # Existing subnets: free addresses unknown, so no headroom finding.
    "04-existing-vpc.yaml": [
        ("control-plane-logging-disabled", "cluster-4", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-4-nodegroup-ng-1", 29),
        ("public-endpoint-open", "cluster-4", 6),
    ],
    # ng1-public also keeps IMDSv1 (disableIMDSv1: false); c3.8xlarge fits 234 pods.
    "05-advanced-nodegroups.yaml": [
        ("control-plane-logging-disabled", "cluster-5", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-5-nodegroup-ng1-public", 11),
        ("imds-reachable-from-pods", "eksctl-cluster-5-nodegroup-ng2-private-a", 27),
        ("imds-reachable-from-pods", "eksctl-cluster-5-nodegroup-ng3-private-b", 40),
        ("max-pods-too-low", "eksctl-cluster-5-nodegroup-ng2-private-a", 27),
        ("public-endpoint-open", "cluster-5", 6),
    ],
    "06-csi-drivers.yaml": [
        ("control-plane-logging-disabled", "cluster-6", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-6-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-6-nodegroup-ng-1", 11),
        ("public-endpoint-open", "cluster-6", 6),
    ],
    # Seven self-managed m5.large groups, each with eksctl's launch template.
    "07-ssh-keys.yaml": [
        ("control-plane-logging-disabled", "cluster-7", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-1", 11),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-2", 16),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-3", 21),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-4", 26),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-5", 31),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-6", 37),
        ("imds-reachable-from-pods", "eksctl-cluster-7-nodegroup-ng-7", 42),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-2", 16),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-3", 21),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-4", 26),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-5", 31),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-6", 37),
        ("max-pods-too-low", "eksctl-cluster-7-nodegroup-ng-7", 42),
        ("public-endpoint-open", "cluster-7", 6),
    ],
    # instancesDistribution: t3.medium 17 pods and t3.small 11 pods.
    "08-spot-instances.yaml": [
        ("control-plane-logging-disabled", "cluster-8", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-8-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-8-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-8-nodegroup-ng-1", 11),
        ("public-endpoint-open", "cluster-8", 6),
    ],
    "09-nat-gateways.yaml": [
        ("control-plane-logging-disabled", "cluster-9", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-9-nodegroup-ng-1", 15),
        ("public-endpoint-open", "cluster-9", 6),
    ],
    "10-encrypted-volumes.yaml": [
        ("control-plane-logging-disabled", "cluster-10", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-10-nodegroup-ng1-encrypt-using-default-kms-key", 11),
        (
            "imds-reachable-from-pods",
            "eksctl-cluster-10-nodegroup-ng2-encrypt-using-customer-encryption-key",
            18,
        ),
        ("public-endpoint-open", "cluster-10", 6),
    ],
    # Audit and authenticator logs on.
    "11-cloudwatch-cluster-logging.yaml": [
        ("imds-reachable-from-pods", "eksctl-cluster-11-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-11-nodegroup-ng-1", 11),
        ("public-endpoint-open", "cluster-11", 6),
    ],
    "12-gitops-toolkit.yaml": [
        ("control-plane-logging-disabled", "cluster-12", 7),
        ("imds-reachable-from-pods", "eksctl-cluster-12-nodegroup-ng-1", 12),
        ("max-pods-too-low", "eksctl-cluster-12-nodegroup-ng-1", 12),
        ("public-endpoint-open", "cluster-12", 7),
    ],
    # attachRoleARN names account `123`, not a 12-digit account: the webhook injects nothing.
    "13-iamserviceaccounts.yaml": [
        ("control-plane-logging-disabled", "cluster-13", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-13-nodegroup-ng-1", 86),
        ("irsa-role-arn-malformed", "ServiceAccount/default/some-app", 83),
        ("max-pods-too-low", "eksctl-cluster-13-nodegroup-ng-1", 86),
        ("public-endpoint-open", "cluster-13", 6),
    ],
    # Windows self-managed group: IMDS yes (eksctl sets hop limit 2 there too), max pods not
    # (Windows addresses are not the Linux ENI arithmetic); linux-ng t2.large fits 35 pods.
    "14-windows-nodes.yaml": [
        ("control-plane-logging-disabled", "cluster-14", 7),
        ("imds-reachable-from-pods", "eksctl-cluster-14-nodegroup-windows-ng", 12),
        ("imds-reachable-from-pods", "linux-ng", 18),
        ("public-endpoint-open", "cluster-14", 7),
    ],
    # maxUnavailable 3 of 3 nodes; custom-ami is amiType CUSTOM (no AL2 end-of-life finding);
    # custom-launch-template: the user's template, instance type and IMDS unknown.
    "15-managed-nodes.yaml": [
        ("control-plane-logging-disabled", "cluster-15", 6),
        ("imds-reachable-from-pods", "custom-ami", 47),
        ("imds-reachable-from-pods", "managed-ng-private", 42),
        ("imds-reachable-from-pods", "managed-ng-public", 11),
        ("max-pods-too-low", "custom-ami", 47),
        ("max-pods-too-low", "managed-ng-private", 42),
        ("max-pods-too-low", "managed-ng-public", 11),
        ("nodegroup-max-unavailable-high", "managed-ng-public", 11),
        ("public-endpoint-open", "cluster-15", 6),
    ],
    # Fargate profiles themselves are fine; the self-managed group is not.
    "16-fargate-profile.yaml": [
        ("control-plane-logging-disabled", "cluster-16", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-16-nodegroup-ng-1", 11),
        ("max-pods-too-low", "eksctl-cluster-16-nodegroup-ng-1", 11),
        ("public-endpoint-open", "cluster-16", 6),
    ],
    "17-permissions-boundary.yaml": [
        ("control-plane-logging-disabled", "cluster-17", 10),
        ("imds-reachable-from-pods", "eksctl-cluster-17-nodegroup-ng-1", 26),
        ("max-pods-too-low", "eksctl-cluster-17-nodegroup-ng-1", 26),
        ("public-endpoint-open", "cluster-17", 10),
    ],
    "18-node-to-pod-label-matching.yaml": [
        ("control-plane-logging-disabled", "cluster-18", 20),
        ("imds-reachable-from-pods", "eksctl-cluster-18-nodegroup-ci-ng", 28),
        ("imds-reachable-from-pods", "eksctl-cluster-18-nodegroup-std-ng", 25),
        ("public-endpoint-open", "cluster-18", 20),
    ],
    # secretsEncryption.keyARN set: no secrets finding.
    "19-kms-cluster.yaml": [
        ("control-plane-logging-disabled", "cluster-19", 6),
        ("imds-reachable-from-pods", "ng-1", 11),
        ("max-pods-too-low", "ng-1", 11),
        ("public-endpoint-open", "cluster-19", 6),
    ],
    # Bottlerocket self-managed groups still get eksctl's hop limit 2.
    "20-bottlerocket.yaml": [
        ("control-plane-logging-disabled", "cluster-20", 9),
        ("imds-reachable-from-pods", "eksctl-cluster-20-nodegroup-ng1-public", 14),
        ("imds-reachable-from-pods", "eksctl-cluster-20-nodegroup-ng2-public-ssh", 25),
        ("public-endpoint-open", "cluster-20", 9),
    ],
    # launch-template-ng uses the user's template: nothing known; custom-nodegroup has a custom AMI
    # (CUSTOM, no version to judge) and eksctl's template.
    "22-managed-nodes-launch-template.yaml": [
        ("control-plane-logging-disabled", "cluster-22", 6),
        ("imds-reachable-from-pods", "custom-nodegroup", 24),
        ("public-endpoint-open", "cluster-22", 6),
    ],
    # Kubernetes 1.14 (no default envelope encryption before 1.28), six self-managed groups;
    # m5a.2xlarge and the GPU types fit 58 pods or more.
    "23-kubeflow-spot-instance.yaml": [
        ("cluster-version-support", "cluster-23", 17),
        ("control-plane-logging-disabled", "cluster-23", 17),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-1-gpu-spot-g5-xlarge", 81),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-1-gpu-spot-p3-2xlarge", 117),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-4-gpu-spot-p3-8xlarge", 153),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-8-gpu-spot-p3dn-24xlarge", 189),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-ng-1", 36),
        ("imds-reachable-from-pods", "eksctl-cluster-23-nodegroup-ng-2", 61),
        ("public-endpoint-open", "cluster-23", 17),
        ("secrets-encryption-disabled", "cluster-23", 17),
    ],
    "24-nodegroup-subnets.yaml": [
        ("control-plane-logging-disabled", "cluster-24", 6),
        ("imds-reachable-from-pods", "eksctl-cluster-24-nodegroup-ng-1", 32),
        ("imds-reachable-from-pods", "eksctl-cluster-24-nodegroup-ng-2", 38),
        ("public-endpoint-open", "cluster-24", 6),
    ],
    # Kubernetes 1.18 without a KMS key.
    "25-addons.yaml": [
        ("cluster-version-support", "cluster-25", 3),
        ("control-plane-logging-disabled", "cluster-25", 3),
        ("imds-reachable-from-pods", "mng1", 12),
        ("max-pods-too-low", "mng1", 12),
        ("public-endpoint-open", "cluster-25", 3),
        ("secrets-encryption-disabled", "cluster-25", 3),
    ],
    # Every listed .large type runs 29 pods; spot-2 is Spot on m5.large alone.
    "26-managed-nodegroup-spot-instances.yaml": [
        ("control-plane-logging-disabled", "cluster-26", 6),
        ("imds-reachable-from-pods", "on-demand", 20),
        ("imds-reachable-from-pods", "spot", 11),
        ("imds-reachable-from-pods", "spot-2", 16),
        ("max-pods-too-low", "on-demand", 20),
        ("max-pods-too-low", "on-demand", 20),
        ("max-pods-too-low", "on-demand", 20),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot", 11),
        ("max-pods-too-low", "spot-2", 16),
        ("public-endpoint-open", "cluster-26", 6),
        ("spot-single-instance-type", "spot-2", 16),
    ],
    "27-oidc-provider.yaml": [
        ("control-plane-logging-disabled", "cluster-26", 5),
        ("imds-reachable-from-pods", "eksctl-cluster-26-nodegroup-ng-1", 10),
        ("max-pods-too-low", "eksctl-cluster-26-nodegroup-ng-1", 10),
        ("public-endpoint-open", "cluster-26", 5),
    ],
    # instanceSelector: types chosen at creation, so no max-pods finding.
    "28-instance-selector.yaml": [
        ("control-plane-logging-disabled", "cluster-28", 5),
        ("imds-reachable-from-pods", "eksctl-cluster-28-nodegroup-ng", 10),
        ("imds-reachable-from-pods", "mng", 17),
        ("public-endpoint-open", "cluster-28", 5),
    ],
    # Kubernetes 1.22 without a KMS key.
    "29-cluster-with-karpenter.yaml": [
        ("cluster-version-support", "cluster-with-karpenter", 4),
        ("control-plane-logging-disabled", "cluster-with-karpenter", 4),
        ("imds-reachable-from-pods", "managed-ng-1", 20),
        ("max-pods-too-low", "managed-ng-1", 20),
        ("public-endpoint-open", "cluster-with-karpenter", 4),
        ("secrets-encryption-disabled", "cluster-with-karpenter", 4),
    ],
    # IPv6: pods take IPv6 prefixes, so max pods is not checked; 1.21 without a KMS key.
    "30-vpc-with-ip-family.yaml": [
        ("cluster-version-support", "cluster-2", 6),
        ("control-plane-logging-disabled", "cluster-2", 6),
        ("imds-reachable-from-pods", "mng-1", 43),
        ("public-endpoint-open", "cluster-2", 6),
        ("secrets-encryption-disabled", "cluster-2", 6),
    ],
    # Kubernetes 1.21 without a KMS key; bootstrap.sh keeps its max pods (29 on m5.large).
    "31-override-bootstrap-command-unmanaged-nodegroup.yaml": [
        ("cluster-version-support", "override-unmanaged-nodegroup-bootstrap", 4),
        ("control-plane-logging-disabled", "override-unmanaged-nodegroup-bootstrap", 4),
        ("imds-reachable-from-pods", "eksctl-override-unmanaged-nodegroup-bootstrap-nodegroup-ng-1", 10),
        ("max-pods-too-low", "eksctl-override-unmanaged-nodegroup-bootstrap-nodegroup-ng-1", 10),
        ("public-endpoint-open", "override-unmanaged-nodegroup-bootstrap", 4),
        ("secrets-encryption-disabled", "override-unmanaged-nodegroup-bootstrap", 4),
    ],
    # As 14: IMDS on the Windows groups, max pods only on Linux.
    "32-windows-nodes-with-containerd.yaml": [
        ("control-plane-logging-disabled", "windows-cluster", 7),
        ("imds-reachable-from-pods", "eksctl-windows-cluster-nodegroup-custom-windows", 18),
        ("imds-reachable-from-pods", "eksctl-windows-cluster-nodegroup-windows-ng", 12),
        ("imds-reachable-from-pods", "linux-ng", 25),
        ("public-endpoint-open", "windows-cluster", 7),
    ],
    # Local Zone group on eksctl's default m5.large.
    "33-local-zones.yaml": [
        ("control-plane-logging-disabled", "cluster-33", 5),
        ("imds-reachable-from-pods", "eksctl-cluster-33-nodegroup-local-ng", 12),
        ("max-pods-too-low", "eksctl-cluster-33-nodegroup-local-ng", 12),
        ("public-endpoint-open", "cluster-33", 5),
    ],
    "34-taints.yaml": [
        ("control-plane-logging-disabled", "taints-1", 5),
        ("imds-reachable-from-pods", "eksctl-taints-1-nodegroup-ng1-public", 11),
        ("imds-reachable-from-pods", "eksctl-taints-1-nodegroup-ng2-private", 22),
        ("imds-reachable-from-pods", "eksctl-taints-1-nodegroup-ng3-public", 31),
        ("imds-reachable-from-pods", "mng1-public", 38),
        ("max-pods-too-low", "mng1-public", 38),
        ("public-endpoint-open", "taints-1", 5),
    ],
    # eksctl writes iamIdentityMappings into aws-auth: myAdminRole lands in system:masters.
    "35-iamidentitymappings.yaml": [
        ("control-plane-logging-disabled", "cluster-with-iamidentitymappings", 5),
        ("imds-reachable-from-pods", "eksctl-cluster-with-iamidentitymappings-nodegroup-ng-1", 27),
        ("max-pods-too-low", "eksctl-cluster-with-iamidentitymappings-nodegroup-ng-1", 27),
        ("public-endpoint-open", "cluster-with-iamidentitymappings", 5),
        ("system-masters-mapping", "ConfigMap/kube-system/aws-auth", 9),
    ],
    # Local clusters on Outposts have a private endpoint only: no public-endpoint finding.
    "35-outposts.yaml": [
        ("control-plane-logging-disabled", "outpost", 10),
        ("imds-reachable-from-pods", "eksctl-outpost-nodegroup-ng", 15),
        ("max-pods-too-low", "eksctl-outpost-nodegroup-ng", 15),
    ],
    # One Outpost subnet of unknown free addresses: the Outpost is one zone, no headroom finding.
    "36-outposts-vpc.yaml": [
        ("control-plane-logging-disabled", "outpost-vpc", 6),
        ("imds-reachable-from-pods", "eksctl-outpost-vpc-nodegroup-ng", 18),
        ("max-pods-too-low", "eksctl-outpost-vpc-nodegroup-ng", 18),
    ],
    # Fully private; Kubernetes 1.21 without a KMS key.
    "37-outposts-fully-private.yaml": [
        ("cluster-version-support", "outpost-fully-private", 10),
        ("control-plane-logging-disabled", "outpost-fully-private", 10),
        ("imds-reachable-from-pods", "eksctl-outpost-fully-private-nodegroup-ng", 19),
        ("max-pods-too-low", "eksctl-outpost-fully-private-nodegroup-ng", 19),
        ("secrets-encryption-disabled", "outpost-fully-private", 10),
    ],
    # publicAccessCIDRs 1.1.1.1/32: the public endpoint is restricted.
    "38-cluster-subnets-sgs.yaml": [
        ("control-plane-logging-disabled", "cluster-38", 6),
        ("imds-reachable-from-pods", "mng1", 22),
        ("max-pods-too-low", "mng1", 22),
    ],
    "39-pod-identity-association.yaml": [
        ("control-plane-logging-disabled", "cluster-39", 6),
        ("imds-reachable-from-pods", "mng1", 11),
        ("max-pods-too-low", "mng1", 11),
        ("public-endpoint-open", "cluster-39", 6),
    ],
    # Kubernetes 1.29 left extended support on 2026-03-23.
    "40-access-entries.yaml": [
        ("cluster-version-support", "access-entries-cluster", 6),
        ("control-plane-logging-disabled", "access-entries-cluster", 6),
        ("imds-reachable-from-pods", "eksctl-access-entries-cluster-nodegroup-ng", 12),
        ("max-pods-too-low", "eksctl-access-entries-cluster-nodegroup-ng", 12),
        ("public-endpoint-open", "access-entries-cluster", 6),
    ],
    "41-zonal-shift.yaml": [
        ("control-plane-logging-disabled", "highly-available-cluster", 6),
        ("public-endpoint-open", "highly-available-cluster", 6),
    ],
    # Auto Mode: EKS runs the nodes; only the endpoint and logging defaults.
    "42-auto-mode.yaml": [
        ("control-plane-logging-disabled", "auto-mode-cluster", 5),
        ("public-endpoint-open", "auto-mode-cluster", 5),
    ],
    # Kubernetes 1.31: extended support ends 2026-11-26, two days after --today.
    "43-hybrid-nodes.yaml": [
        ("cluster-version-support", "hybrid-2", 4),
        ("control-plane-logging-disabled", "hybrid-2", 4),
        ("public-endpoint-open", "hybrid-2", 4),
    ],
    # m5.xlarge (58) and c5.2xlarge (58) pass max pods; g4dn.xlarge runs 29.
    "44-node-repair.yaml": [
        ("control-plane-logging-disabled", "cluster-44", 7),
        ("imds-reachable-from-pods", "basic-repair-ng", 13),
        ("imds-reachable-from-pods", "count-repair-ng", 33),
        ("imds-reachable-from-pods", "critical-repair-ng", 69),
        ("imds-reachable-from-pods", "gpu-repair-ng", 46),
        ("imds-reachable-from-pods", "percentage-repair-ng", 20),
        ("max-pods-too-low", "basic-repair-ng", 13),
        ("max-pods-too-low", "gpu-repair-ng", 46),
        ("max-pods-too-low", "percentage-repair-ng", 20),
        ("public-endpoint-open", "cluster-44", 7),
    ],
    "45-upgrade-policy-example.yaml": [
        ("control-plane-logging-disabled", "upgrade-policy-cluster", 10),
        ("imds-reachable-from-pods", "mng-1", 18),
        ("max-pods-too-low", "mng-1", 18),
        ("public-endpoint-open", "upgrade-policy-cluster", 10),
    ],
    "46-control-plane-scaling-config.yaml": [
        ("control-plane-logging-disabled", "control-plane-scaling-config-cluster", 5),
        ("public-endpoint-open", "control-plane-scaling-config-cluster", 5),
    ],
    # Auto Mode (as 42).
    "47-auto-mode-with-ack-kro-capabilities.yaml": [
        ("control-plane-logging-disabled", "eks-capability-1", 4),
        ("public-endpoint-open", "eks-capability-1", 4),
    ],
    # Auto Mode (as 42).
    "48-auto-mode-with-argocd-capabilities.yaml": [
        ("control-plane-logging-disabled", "eks-capability-2", 4),
        ("public-endpoint-open", "eks-capability-2", 4),
    ],
    # Private endpoint on, public one still open to 0.0.0.0/0.
    "49-control-plane-on-private-subnets.yaml": [
        ("control-plane-logging-disabled", "cluster-49", 11),
        ("imds-reachable-from-pods", "mng1", 28),
        ("max-pods-too-low", "mng1", 28),
        ("public-endpoint-open", "cluster-49", 11),
    ],
}


def _resource(resource: dict) -> str:
    if "id" in resource:
        return resource["id"]
    namespace = f"{resource['namespace']}/" if resource.get("namespace") else ""
    return f"{resource['kind']}/{namespace}{resource['name']}"


@pytest.mark.skipif(not EXAMPLES, reason="the shared corpus is absent")
def test_every_example_has_expectations():
    assert sorted(EXPECTED) == [path.name for path in EXAMPLES]


@pytest.mark.skipif(not EXAMPLES, reason="the shared corpus is absent")
@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_findings_on_each_eksctl_example(example: Path):
    outcome = lint("--today", "2026-11-24", "--fail-on", "never", str(example))
    assert outcome.code != 2, outcome.stderr
    names = [finding["name"] for finding in outcome.findings]
    assert "internal-error" not in names, outcome.stdout
    found = sorted(
        (finding["name"], _resource(finding["resource"]), finding["location"]["line"])
        for finding in outcome.findings
    )
    assert found == EXPECTED[example.name]
