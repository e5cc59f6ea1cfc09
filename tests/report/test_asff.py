"""``--format asff``: Security Hub's BatchImportFindings request, checked by botocore itself."""

from __future__ import annotations

import json

import pytest
from fleet_snapshots import where, write_fleet
from helpers import FIXTURES, cli

from eks_lint.engine.model import AwsResource, Finding, K8sObject, Severity
from eks_lint.report import Report
from eks_lint.report.asff import asff_finding, partition

TODAY = "2026-03-16"


def asff(*args: str):
    return cli("check", "--config", str(FIXTURES / "empty-config.yaml"), "-f", "asff", *args)


#: AWS Security Hub partner guide, "Guidelines for mapping findings into ASFF".
MAX_TITLE, MAX_DESCRIPTION = 256, 1024


@pytest.fixture(scope="module")
def fleet_asff(tmp_path_factory):
    folder = write_fleet(tmp_path_factory.mktemp("fleet"), 50)[0]
    outcome = asff("--snapshot", str(folder), "--today", TODAY)
    assert outcome.code == 1, outcome.stderr
    return json.loads(outcome.stdout)["Findings"]


def _validate(findings: list[dict]) -> None:
    """botocore's own validator against the service model's BatchImportFindings input,
    in batches of 100 (the operation's limit), as a pipeline sends them."""
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    for start in range(0, len(findings), 100):
        report = ParamValidator().validate({"Findings": findings[start : start + 100]}, shape)
        assert not report.has_errors(), report.generate_report()


def test_the_fleet_is_a_valid_batch_import_request(fleet_asff):
    assert len(fleet_asff) > 100  # more than one batch
    _validate(fleet_asff)
    # The validator is a real check: a finding without its Title, or with Resources
    # that are not a list, is refused.
    broken = {key: value for key, value in fleet_asff[0].items() if key != "Title"}
    with pytest.raises(AssertionError, match="Title"):
        _validate([broken])
    with pytest.raises(AssertionError, match="Resources"):
        _validate([{**fleet_asff[0], "Resources": {"Type": "AwsEksCluster"}}])
    ids = [finding["Id"] for finding in fleet_asff]
    assert len(set(ids)) == len(ids)


def test_each_finding_is_filed_in_its_own_account_and_region(fleet_asff):
    for finding in fleet_asff:
        region, account, name, fingerprint = finding["Id"].split("/")
        assert where(int(name[1:])) == (account, region, name)
        assert finding["AwsAccountId"] == account
        assert finding["ProductArn"] == f"arn:aws:securityhub:{region}:{account}:product/{account}/default"
        assert finding["SchemaVersion"] == "2018-10-08"
        assert finding["CreatedAt"] == finding["UpdatedAt"] == "2026-03-16T00:00:00Z"
        assert len(finding["Title"]) <= MAX_TITLE and len(finding["Description"]) <= MAX_DESCRIPTION
        cluster_arn = f"arn:aws:eks:{region}:{account}:cluster/{name}"
        assert cluster_arn in [resource["Id"] for resource in finding["Resources"]]
        assert {resource["Region"] for resource in finding["Resources"]} == {region}
        assert len(fingerprint) == 32


def test_severity_types_and_resources(fleet_asff):
    by_rule: dict[str, dict] = {}
    for finding in fleet_asff:
        by_rule.setdefault(finding["GeneratorId"], finding)
    logging = by_rule["eks-lint/EKS402"]  # control-plane-logging-disabled, a security rule
    assert logging["Severity"] == {"Label": "MEDIUM", "Original": "warning"}
    assert logging["Types"] == ["Software and Configuration Checks/AWS Security Best Practices"]
    assert [r["Type"] for r in logging["Resources"]] == ["AwsEksCluster"]
    skew = next(f for f in fleet_asff if f["ProductFields"]["eks-lint/rule"] == "kubelet-version-skew")
    assert skew["Severity"] == {"Label": "HIGH", "Original": "error"}
    assert skew["Types"] == ["Software and Configuration Checks"]
    # A node group: no ASFF type of its own, so "Other" with its ARN, then its cluster.
    assert [r["Type"] for r in skew["Resources"]] == ["Other", "AwsEksCluster"]
    assert ":nodegroup/" in skew["Resources"][0]["Id"]
    assert skew["Remediation"]["Recommendation"]["Url"].endswith("/docs/rules/kubelet-version-skew.md")


def test_the_same_run_twice_gives_the_same_ids(tmp_path, fleet_asff):
    """Id is the finding's fingerprint within its cluster: next week's run updates
    the same Security Hub findings rather than opening new ones."""
    folder = write_fleet(tmp_path, 50)[0]
    again = json.loads(asff("--snapshot", str(folder), "--today", "2026-03-23").stdout)["Findings"]
    assert [f["Id"] for f in again] == [f["Id"] for f in fleet_asff]
    assert {f["UpdatedAt"] for f in again} == {"2026-03-23T00:00:00Z"}


def test_findings_without_an_account_are_left_out_and_counted():
    bad = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")
    outcome = asff("--select", "single-replica-workload", bad)
    assert json.loads(outcome.stdout) == {"Findings": []}
    assert (
        "eks-lint: --format asff: 2 findings with no AWS account or region (on manifests alone, "
        "or a snapshot without account_id and region) left out\n" in outcome.stderr
    )


def test_long_texts_are_cut_to_the_limits_and_a_chinese_region_has_its_partition():
    report = Report(result=_result(), rules=[])
    obj = K8sObject(
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x" * 300, "namespace": "a"}}
    )
    finding = Finding(
        obj,
        "y" * 5000,
        code="EKS602",
        name="single-replica-workload",
        severity=Severity.INFO,
        cluster={"name": "beijing", "account_id": "123456789012", "region": "cn-north-1"},
    )
    out = asff_finding(report, finding, "cn-north-1/123456789012/beijing/abc", "2026-03-16T00:00:00Z")
    assert len(out["Title"]) == MAX_TITLE and out["Title"].endswith("…")
    assert len(out["Description"]) == MAX_DESCRIPTION
    assert out["ProductArn"] == "arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default"
    assert out["Resources"] == [
        {
            "Type": "Other",
            "Id": f"arn:aws-cn:eks:cn-north-1:123456789012:cluster/beijing/Deployment/a/{'x' * 300}",
            "Partition": "aws-cn",
            "Region": "cn-north-1",
        },
        {
            "Type": "AwsEksCluster",
            "Id": "arn:aws-cn:eks:cn-north-1:123456789012:cluster/beijing",
            "Partition": "aws-cn",
            "Region": "cn-north-1",
        },
    ]
    assert out["Severity"]["Label"] == "INFORMATIONAL"
    _validate([out])
    assert (partition("us-gov-west-1"), partition("eu-west-1")) == ("aws-us-gov", "aws")
    cluster = Finding(
        AwsResource("cluster", "beijing"), "m", code="EKS402", name="x", cluster=finding.cluster
    )
    resources = asff_finding(report, cluster, "i", "2026-03-16T00:00:00Z")["Resources"]
    assert resources == [resources[0]] and resources[0]["Type"] == "AwsEksCluster"


def _result():
    from eks_lint.engine.runner import RunResult

    return RunResult()
