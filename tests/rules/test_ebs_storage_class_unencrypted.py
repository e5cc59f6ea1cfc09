from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "ebs-storage-class-unencrypted"
BAD = "fixtures/manifests/ebs-storage-class-unencrypted/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "ebs-storage-class-unencrypted", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 4, 14, "ebs-storage-class-unencrypted"),
        (BAD, 17, 14, "ebs-storage-class-unencrypted"),
    ]


def test_good_fixture_is_clean():
    outcome = lint("--select", "ebs-storage-class-unencrypted", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []
