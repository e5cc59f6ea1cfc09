from helpers import MANIFESTS, SNAPSHOTS, lint, located
from identity_fixtures import findings, fixture_problems, summary

RULE = "missing-irsa"
IMAGE = "spec.template.spec.containers[0].image"


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_aws_controllers_without_a_role():
    found = findings(RULE, "bad.json")
    assert summary(found) == [
        (RULE, "DaemonSet/amazon-cloudwatch/fluent-bit", IMAGE),
        (RULE, "Deployment/external-dns/external-dns", IMAGE),
        (RULE, "Deployment/external-secrets/external-secrets", IMAGE),
        (RULE, "Deployment/kube-system/aws-load-balancer-controller", IMAGE),
        (RULE, "Deployment/kube-system/cluster-autoscaler", IMAGE),
        (RULE, "Deployment/kube-system/ebs-csi-controller", IMAGE),
    ]
    lbc = found[3]["message"]
    assert lbc == (
        "AWS Load Balancer Controller creates and updates load balancers and target groups, but "
        "ServiceAccount kube-system/aws-load-balancer-controller has no IRSA annotation and no Pod "
        "Identity association, so it runs on the node's instance role, which every pod on the node can "
        "use: give kube-system/aws-load-balancer-controller its own IAM role"
    )
    assert {f["severity"] for f in found} == {"warning"}


def test_good_fixture_is_clean():
    # IRSA annotation, Pod Identity association, the EBS add-on's serviceAccountRoleArn, the EBS node
    # DaemonSet, external-dns on Cloudflare, cluster-autoscaler on another provider, external-secrets whose
    # stores bring their own auth, kube2iam, static keys (static-aws-credentials' business), a
    # ServiceAccount not in the input, and an nginx Deployment
    assert findings(RULE, "good.json") == []


def test_manifests_checked_against_a_snapshot_are_located():
    cluster = str(SNAPSHOTS / RULE / "cluster-only.json")
    outcome = lint("--select", RULE, "--snapshot", cluster, str(MANIFESTS / RULE / "bad.yaml"))
    assert located(outcome.findings) == [
        ("fixtures/manifests/missing-irsa/bad.yaml", 24, 18, RULE),
        ("fixtures/manifests/missing-irsa/bad.yaml", 49, 18, RULE),
    ]
    good = lint("--select", RULE, "--snapshot", cluster, str(MANIFESTS / RULE / "good.yaml"))
    assert good.findings == []


def test_manifests_alone_are_not_judged():
    # without the Pod Identity associations the rule cannot know the ServiceAccount has no role
    outcome = lint("--select", RULE, str(MANIFESTS / RULE / "bad.yaml"))
    assert outcome.findings == []
    assert outcome.report["summary"]["rules_skipped"] == [
        {"rule": RULE, "reason": "needs pod_identity_associations: not in the input"}
    ]


def test_silent_when_an_association_could_not_be_read():
    # bad.json plus an eks:DescribePodIdentityAssociation AccessDenied: the unread association may be theirs
    assert findings(RULE, "good-incomplete.json") == []
