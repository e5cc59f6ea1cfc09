"""Fingerprints: rule, resource identity and the offending content, never the line."""

from __future__ import annotations

import os

from eks_lint.engine import fingerprint
from eks_lint.engine.fingerprint import (
    fingerprints,
    offending_content,
    repo_relative,
    resource_identity,
    stable_facts,
)
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


GROUP = aws("nodegroup", "batch", "arn:aws:eks:eu-west-1:123456789012:nodegroup/c/batch/x")


def aws_finding(message: str, path=()) -> Finding:
    return Finding(target=GROUP, message=message, code="EKS302", path=path)


def test_aws_findings_hash_their_stable_facts_not_their_figures_or_wording():
    one = aws_finding(
        "subnet-0a1 (eu-west-1a) has 41 free addresses; `batch` needs 1,500 for 50 m5.large nodes"
    )
    assert resource_identity(one) == "arn:aws:eks:eu-west-1:123456789012:nodegroup/c/batch/x"
    assert offending_content(one) == "|batch eu-west-1a m5.large subnet-0a1"
    # Only figures changed (free addresses, nodes needed): the same finding.
    fewer = aws_finding(
        "subnet-0a1 (eu-west-1a) has 38 free addresses; `batch` needs 1,620 for 54 m5.large nodes"
    )
    assert fingerprints([fewer]) == fingerprints([one])
    # Reworded, same facts: the same finding.
    reworded = aws_finding(
        "only 41 addresses left in subnet-0a1 (eu-west-1a): `batch` (m5.large) needs 1,500"
    )
    assert fingerprints([reworded]) == fingerprints([one])
    # Another subnet, instance type or field: another finding.
    for other in (
        aws_finding(
            "subnet-0b2 (eu-west-1a) has 41 free addresses; `batch` needs 1,500 for 50 m5.large nodes"
        ),
        aws_finding(
            "subnet-0a1 (eu-west-1a) has 41 free addresses; `batch` needs 1,500 for 50 m5.xlarge nodes"
        ),
        aws_finding(one.message, path=("scalingConfig", "maxSize")),
    ):
        assert fingerprints([other]) != fingerprints([one])


def test_days_left_and_percentages_are_figures_versions_and_dates_are_facts():
    def facts(message: str) -> list[str]:
        return stable_facts(message)

    assert facts("Kubernetes 1.29 ends on 2026-03-23, in 45 days (10% of the term): upgrade to 1.30") == [
        "1.29",
        "1.30",
        "2026-03-23",
    ]
    assert facts("role arn:aws:iam::123456789012:role/app-1 is not trusted by 'oidc.eks/ABC12'") == [
        "arn:aws:iam::123456789012:role/app-1",
        "oidc.eks/ABC12",
    ]


def test_the_v1_recipe_still_hashes_the_message():
    one = aws_finding("minSize is 1")
    assert offending_content(one, "eks-lint/v1") == "minSize is 1"
    assert fingerprints([one], "eks-lint/v1") != fingerprints([aws_finding("minSize is 0")], "eks-lint/v1")
    assert fingerprints([one], "eks-lint/v1") != fingerprints([one])  # the version is part of the key
    # A value at a path is hashed the same way in both: those fingerprints did not change.
    value = finding(deployment(1), path=("spec", "replicas"))
    assert fingerprints([value], "eks-lint/v1") == fingerprints([value])


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


def test_the_repository_root_is_looked_up_once_per_folder(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deploy" / "prod").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    looked: list[str] = []
    exists = os.path.exists

    def counting(path):
        looked.append(path)
        return exists(path)

    monkeypatch.setattr(fingerprint, "_ROOTS", {})
    monkeypatch.setattr(fingerprint.os.path, "exists", counting)
    names = [repo_relative(f"deploy/prod/app-{i}.yaml") for i in range(100)]
    assert names[7] == "deploy/prod/app-7.yaml"
    assert repo_relative("deploy/other.yaml") == "deploy/other.yaml"  # the parent's answer is reused
    assert looked == [
        str(tmp_path / "deploy" / "prod" / ".git"),
        str(tmp_path / "deploy" / ".git"),
        str(tmp_path / ".git"),
    ]


def test_outside_any_repository_paths_are_relative_to_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / "deploy").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fingerprint, "_ROOTS", {str(tmp_path / "deploy"): None})  # as if walked: no .git
    assert repo_relative("deploy/app.yaml") == "deploy/app.yaml"
    assert repo_relative("/elsewhere/./x//app.yaml") == "/elsewhere/x/app.yaml"
