"""EKS Auto Mode rules (EKS800-EKS802) on their snapshot fixtures."""

import pytest
from identity_fixtures import findings, fixture_problems, summary

TRUST = "auto-mode-cluster-role-trust"
NODECLASS = "auto-mode-nodeclass-missing"
EBS = "auto-mode-ebs-csi-provisioner"


@pytest.mark.parametrize("rule", [TRUST, NODECLASS, EBS])
def test_fixtures_use_real_api_shapes(rule):
    assert fixture_problems(rule) == {}


def test_cluster_role_without_tag_session():
    found = findings(TRUST, "bad.json")
    assert summary(found) == [
        (TRUST, "arn:aws:iam::111122223333:role/shop-eks-auto-cluster", "AssumeRolePolicyDocument")
    ]
    assert found[0]["severity"] == "error"
    assert found[0]["message"] == (
        "cluster shop runs EKS Auto Mode but its cluster role shop-eks-auto-cluster does not let "
        "eks.amazonaws.com call sts:TagSession: allow sts:AssumeRole and sts:TagSession in the role's "
        "trust policy"
    )


@pytest.mark.parametrize("fixture", ["good.json", "good-not-auto-mode.json"])
def test_cluster_role_good(fixture):
    assert findings(TRUST, fixture) == []


def test_nodepools_whose_node_class_nothing_serves():
    found = findings(NODECLASS, "bad.json")
    assert summary(found) == [
        (NODECLASS, "NodePool/batch", "spec.template.spec.nodeClassRef"),
        (NODECLASS, "NodePool/gpu", "spec.template.spec.nodeClassRef.name"),
    ]
    assert "uses Karpenter's EC2NodeClass batch but no self-managed Karpenter runs" in found[0]["message"]
    assert found[1]["message"].startswith("NodePool gpu uses NodeClass gpu, which does not exist")


@pytest.mark.parametrize(
    "fixture",
    [
        "good.json",  # the NodeClass exists and Karpenter runs next to Auto Mode
        "good-incomplete.json",  # NodeClasses could not be listed: absence is not a fact
    ],
)
def test_nodeclass_good(fixture):
    assert findings(NODECLASS, fixture) == []


def test_ebs_csi_provisioner_without_the_driver():
    found = findings(EBS, "bad.json")
    assert summary(found) == [
        (EBS, "StorageClass/gp3", "provisioner"),
        (EBS, "StorageClass/io2", "provisioner"),
    ]
    # the default class takes every claim without a class: an error; another class a warning
    assert [f["severity"] for f in found] == ["error", "warning"]
    assert found[1]["message"] == (
        "StorageClass io2 uses ebs.csi.aws.com but this Auto Mode cluster has no EBS CSI driver "
        "(no aws-ebs-csi-driver add-on or ebs-csi-controller), so its claims stay Pending: use "
        "provisioner ebs.csi.eks.amazonaws.com"
    )


@pytest.mark.parametrize("fixture", ["good.json", "good-addon.json", "good-not-auto-mode.json"])
def test_ebs_csi_provisioner_good(fixture):
    assert findings(EBS, fixture) == []
