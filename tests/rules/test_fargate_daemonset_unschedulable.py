from helpers import MANIFESTS, SNAPSHOTS, lint, located

SNAPSHOT = SNAPSHOTS / "fargate-daemonset-unschedulable"
FIXTURES = MANIFESTS / "fargate-daemonset-unschedulable"
BAD = "fixtures/manifests/fargate-daemonset-unschedulable/bad.yaml"


def check(snapshot, manifest):
    return lint(
        "--select",
        "fargate-daemonset-unschedulable",
        "--snapshot",
        str(SNAPSHOT / snapshot),
        str(FIXTURES / manifest),
        "--today",
        "2026-11-24",
    )


def test_selected_and_taint_tolerating_daemonsets_are_reported():
    outcome = check("snapshot.json", "bad.yaml")
    assert located(outcome.findings) == [
        (BAD, 12, 7, "fargate-daemonset-unschedulable"),
        (BAD, 33, 7, "fargate-daemonset-unschedulable"),
    ]
    selected, tolerating = (f["message"] for f in outcome.findings)
    assert selected.startswith("its pods match Fargate profile serverless")
    assert tolerating.startswith(
        "it tolerates the Fargate node taint and has no node affinity keeping it off Fargate"
    )


def test_daemonsets_kept_off_fargate_are_clean():
    assert check("snapshot.json", "good.yaml").findings == []


def test_no_fargate_profiles_means_nothing_to_report():
    assert check("snapshot-no-fargate.json", "bad.yaml").findings == []
