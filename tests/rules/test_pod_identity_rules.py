"""Pod Identity rules (EKS810-EKS812) on their snapshot fixtures, and on manifests."""

import pytest
from helpers import MANIFESTS, SNAPSHOTS, lint, located
from identity_fixtures import findings, fixture_problems, summary

CONFLICT = "pod-identity-irsa-conflict"
TRUST = "pod-identity-role-trust"
COMPUTE = "pod-identity-unsupported-compute"
TARGET = "pod-identity-target-role-trust"


@pytest.mark.parametrize("rule", [CONFLICT, TRUST, COMPUTE, TARGET])
def test_fixtures_use_real_api_shapes(rule):
    assert fixture_problems(rule) == {}


def test_association_and_irsa_annotation_on_one_service_account():
    found = findings(CONFLICT, "bad.json")
    assert summary(found) == [
        (CONFLICT, "ServiceAccount/payments/api", "metadata.annotations.eks.amazonaws.com/role-arn")
    ]
    assert found[0]["severity"] == "warning"
    assert "so its pods run as the IRSA role and the association is unused" in found[0]["message"]


def test_irsa_conflict_good():
    # orders/worker has an association only; orders/reports has IRSA only
    assert findings(CONFLICT, "good.json") == []


def test_irsa_conflict_in_manifests_is_located():
    outcome = lint(
        "--select",
        CONFLICT,
        "--snapshot",
        str(SNAPSHOTS / CONFLICT / "associations-only.json"),
        str(MANIFESTS / CONFLICT / "bad.yaml"),
    )
    assert located(outcome.findings) == [
        ("fixtures/manifests/pod-identity-irsa-conflict/bad.yaml", 7, 33, CONFLICT)
    ]


def test_roles_that_do_not_trust_pod_identity():
    found = findings(TRUST, "bad.json")
    assert summary(found) == [
        (TRUST, "arn:aws:iam::111122223333:role/shop-orders-worker", "AssumeRolePolicyDocument"),
        (TRUST, "arn:aws:iam::111122223333:role/shop-payments-api", "AssumeRolePolicyDocument"),
    ]
    assert "does not let pods.eks.amazonaws.com call sts:TagSession," in found[0]["message"]
    # an IRSA-only trust policy: neither action
    assert "call sts:AssumeRole and sts:TagSession," in found[1]["message"]
    assert all(f["severity"] == "error" for f in found)


def test_role_trust_good():
    # conditions on session tags and aws:SourceAccount count as met; with session
    # tags disabled, sts:AssumeRole alone is enough
    assert findings(TRUST, "good.json") == []


def test_associations_for_fargate_and_windows_pods():
    found = findings(COMPUTE, "bad.json")
    assert summary(found) == [
        (COMPUTE, "Deployment/batch/reports", "spec.template.spec"),
        (COMPUTE, "Deployment/legacy/iis-app", "spec.template.spec.nodeSelector.kubernetes.io/os"),
    ]
    assert "its pods run on Fargate (profile batch)" in found[0]["message"]
    assert "its pods run on Windows nodes" in found[1]["message"]


def test_unsupported_compute_good():
    # the batch pods opt out of Fargate (compute-type ec2); other pods on Fargate have no association
    assert findings(COMPUTE, "good.json") == []


def test_target_roles_that_do_not_trust_the_association_role():
    found = findings(TARGET, "bad.json")
    assert summary(found) == [
        (TARGET, "arn:aws:iam::111122223333:role/audit-archive", "AssumeRolePolicyDocument"),
        (TARGET, "arn:aws:iam::111122223333:role/data-lake-reader", "AssumeRolePolicyDocument"),
        (TARGET, "arn:aws:iam::111122223333:role/ledger-store", "AssumeRolePolicyDocument"),
    ]
    # the role itself, but AssumeRole only
    assert "call sts:TagSession, so those pods get no credentials" in found[0]["message"]
    # another account's root
    assert "call sts:AssumeRole and sts:TagSession," in found[1]["message"]
    # session tags off: AssumeRole alone is asked for, but the external ID names another service account
    assert (
        "call sts:AssumeRole with sts:ExternalId eu-west-1/111122223333/shop/finance/ledger,"
        in found[2]["message"]
    )
    assert all(f["severity"] == "error" for f in found)


def test_target_role_trust_good():
    # the account root narrowed by tag and PrincipalARN conditions, the role's own ARN, the matching
    # external ID, and a target in another account that cannot be read
    assert findings(TARGET, "good.json") == []
