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
