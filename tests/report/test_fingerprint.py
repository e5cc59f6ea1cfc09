"""Fingerprints: rule, resource identity and the offending content, never the line."""

from __future__ import annotations

from eks_lint.engine.fingerprint import fingerprints, offending_content, repo_relative, resource_identity
from eks_lint.engine.inventory import aws
from eks_lint.engine.model import FileTarget, Finding, K8sObject, Location


def deployment(replicas: int, name: str = "api") -> K8sObject:
    return K8sObject(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"replicas": replicas},
        }
    )


def finding(target, message="m", path=(), line=1, code="EKS602") -> Finding:
    return Finding(target=target, message=message, path=path, code=code, location=Location("a.yaml", line, 1))


def test_same_content_on_another_line_keeps_the_fingerprint():
    a = finding(deployment(1), path=("spec", "replicas"), line=7)
    b = finding(deployment(1), path=("spec", "replicas"), line=70, message="different wording")
    assert fingerprints([a]) == fingerprints([b])


def test_changed_content_rule_or_resource_changes_it():
    base = fingerprints([finding(deployment(1), path=("spec", "replicas"))])
    assert fingerprints([finding(deployment(0), path=("spec", "replicas"))]) != base
    assert fingerprints([finding(deployment(1, "web"), path=("spec", "replicas"))]) != base
    assert fingerprints([finding(deployment(1), path=("spec", "replicas"), code="EKS603")]) != base


def test_aws_findings_hash_the_message():
    group = aws("nodegroup", "batch", "arn:aws:eks:eu-west-1:123456789012:nodegroup/c/batch/x")
    one = Finding(target=group, message="minSize is 1", code="EKS301")
    assert resource_identity(one) == "arn:aws:eks:eu-west-1:123456789012:nodegroup/c/batch/x"
    assert offending_content(one) == "minSize is 1"
    assert fingerprints([one]) != fingerprints([Finding(target=group, message="minSize is 0", code="EKS301")])


def test_repeats_are_numbered():
    a = finding(deployment(1), path=("spec", "replicas"))
    first, second = fingerprints([a, a])
    assert second == first + ":1"


def test_files_are_named_relative_to_the_repository(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deploy").mkdir()
    monkeypatch.chdir(tmp_path / "deploy")
    assert repo_relative("app.yaml") == "deploy/app.yaml"
    assert repo_relative("<stdin>") == "<stdin>"
    assert resource_identity(Finding(target=FileTarget("app.yaml"), message="m")) == "file:deploy/app.yaml"
