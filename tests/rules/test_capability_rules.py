"""EKS Capabilities rules (EKS820, EKS821) on their snapshot fixtures."""

import pytest
from helpers import SNAPSHOTS, lint
from identity_fixtures import findings, fixture_problems, skipped, summary

UNHEALTHY = "capability-unhealthy"
CONFLICT = "capability-self-managed-conflict"
TRUST = "capability-role-trust"
ARN = "arn:aws:eks:eu-west-1:111122223333:capability/shop/{}/7e1c2d3f-4a5b-46c7-8d9e-0f1a2b3c4d5e"


@pytest.mark.parametrize("rule", [UNHEALTHY, CONFLICT, TRUST])
def test_fixtures_use_real_api_shapes(rule):
    assert fixture_problems(rule) == {}


def test_failed_and_degraded_capabilities():
    found = findings(UNHEALTHY, "bad.json")
    assert summary(found) == [
        (UNHEALTHY, ARN.format("ack/resources"), "status"),
        (UNHEALTHY, ARN.format("argocd/gitops"), "health.issues[0]"),
    ]
    assert found[1]["message"] == (
        "capability gitops (ARGOCD) is DEGRADED and reports AccessDenied: Unable to assume the capability "
        "role shop-gitops-capability; its controller does not reconcile until this is fixed"
    )
    assert "is CREATE_FAILED" in found[0]["message"]


def test_active_and_updating_capabilities_are_fine():
    assert findings(UNHEALTHY, "good.json") == []


def test_capabilities_unread_skip_the_rule():
    outcome = lint("--select", UNHEALTHY, "--snapshot", str(SNAPSHOTS / "healthy.json"))
    assert skipped(outcome)[UNHEALTHY] == "needs capabilities: not in the input"


def test_managed_and_self_managed_argo_cd():
    found = findings(CONFLICT, "bad.json")
    assert summary(found) == [(CONFLICT, "StatefulSet/argocd/argocd-application-controller", "spec.replicas")]
    assert found[0]["severity"] == "warning"
    assert "next to the managed Argo CD capability gitops" in found[0]["message"]


@pytest.mark.parametrize("fixture", ["good.json", "good-no-argocd-capability.json"])
def test_conflict_good(fixture):
    # scaled to zero (the documented migration step), or no managed Argo CD
    assert findings(CONFLICT, fixture) == []


def test_capability_roles_that_do_not_trust_the_capabilities_service():
    found = findings(TRUST, "bad.json")
    assert summary(found) == [
        (TRUST, "arn:aws:iam::111122223333:role/shop-gitops-capability", "AssumeRolePolicyDocument"),
        (TRUST, "arn:aws:iam::111122223333:role/shop-resources-capability", "AssumeRolePolicyDocument"),
    ]
    # a Pod Identity trust policy copied onto the capability role: neither action
    assert "call sts:AssumeRole and sts:TagSession, so the capability cannot act" in found[0]["message"]
    assert "call sts:TagSession, so the capability cannot act" in found[1]["message"]
    assert all(f["severity"] == "error" for f in found)


def test_capability_role_trust_good():
    # a condition on aws:SourceAccount cannot be judged offline and counts as met
    assert findings(TRUST, "good.json") == []
