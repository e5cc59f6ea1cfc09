from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "ebs-volume-single-az-workload"
BAD = "fixtures/manifests/ebs-volume-single-az-workload/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "ebs-volume-single-az-workload", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 47, 24, "ebs-volume-single-az-workload"),
        (BAD, 65, 7, "ebs-volume-single-az-workload"),
    ]
    messages = [f["message"] for f in outcome.findings]
    assert "its 3 replicas all mount PersistentVolumeClaim uploads (EBS class gp3)" in messages[0]
    assert "pinned to eu-west-1a" in messages[1]


def test_good_fixture_is_clean():
    outcome = lint("--select", "ebs-volume-single-az-workload", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
