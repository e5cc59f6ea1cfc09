from helpers import MANIFESTS, SNAPSHOTS, lint, located

SNAPSHOT = SNAPSHOTS / "fargate-coredns"
FIXTURES = MANIFESTS / "fargate-coredns"
BAD = "fixtures/manifests/fargate-coredns/bad.yaml"


def check(snapshot, manifest):
    return lint(
        "--select",
        "fargate-coredns",
        "--snapshot",
        str(SNAPSHOT / snapshot),
        str(FIXTURES / manifest),
        "--today",
        "2026-11-24",
    )


def test_fargate_only_cluster_is_an_error_at_the_annotation():
    outcome = check("snapshot-fargate-only.json", "bad.yaml")
    assert located(outcome.findings) == [(BAD, 21, 41, "fargate-coredns")]
    finding = outcome.findings[0]
    assert finding["severity"] == "error"
    assert "the cluster has no EC2 nodes, so CoreDNS stays Pending" in finding["message"]


def test_mixed_cluster_is_a_warning():
    (finding,) = check("snapshot-mixed.json", "bad.yaml").findings
    assert finding["severity"] == "warning"
    assert finding["message"].startswith("Fargate profile coredns selects CoreDNS but its pod template keeps")
    assert "no EC2 nodes" not in finding["message"]


def test_annotation_removed_or_no_profile_for_coredns_is_clean():
    assert check("snapshot-fargate-only.json", "good.yaml").findings == []
    assert check("snapshot-no-coredns-profile.json", "bad.yaml").findings == []
