from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "karpenter-spot-single-instance-type"
BAD = "fixtures/manifests/karpenter-spot-single-instance-type/bad.yaml"


def test_bad_fixture_reports_the_instance_type_requirement():
    outcome = lint("--select", "karpenter-spot-single-instance-type", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [(BAD, 13, 11, "karpenter-spot-single-instance-type")]
    assert "only Spot capacity of 1 instance type (c5.2xlarge)" in outcome.findings[0]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "karpenter-spot-single-instance-type", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_min_instance_types_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text(
        "rules:\n  karpenter-spot-single-instance-type:\n    options: {min-instance-types: 6}\n"
    )
    outcome = lint("--config", str(config), "--select", "EKS544", str(FIXTURES / "good.yaml"))
    assert [f["resource"]["name"] for f in outcome.findings] == ["spot-batch"]
