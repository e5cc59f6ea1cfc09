from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "secrets-encryption-disabled"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(name):
    return lint(
        "--select", "secrets-encryption-disabled", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_cluster_below_1_28_without_kms_is_reported():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("secrets-encryption-disabled", CLUSTER)]
    assert (
        "Kubernetes 1.27 does not envelope-encrypt Secrets by default (EKS does from 1.28)"
        in (outcome.findings[0]["message"])
    )


def test_kms_key_or_default_encryption_from_1_28_is_clean():
    assert check("good-kms.json").findings == []
    assert check("good-default-encryption.json").findings == []  # 1.33, no encryptionConfig
