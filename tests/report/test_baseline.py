"""Baselines through the command line: adopt eks-lint without turning CI red."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RULES_DIR
from helpers import FIXTURES, cli

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: shop
spec:
  replicas: {replicas}
"""


def check(*args: str):
    return cli(
        "check",
        "--format",
        "json",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--rules-dir",
        str(RULES_DIR),
        "--select",
        "replicas-below-two",
        *args,
    )


def write_baseline(tmp_path: Path, manifest: Path, count: int = 1) -> Path:
    baseline = tmp_path / "baseline.json"
    outcome = check("--write-baseline", str(baseline), str(manifest))
    assert outcome.code == 0, outcome.stderr
    assert outcome.findings == []
    assert outcome.report["summary"]["baseline"] == {"file": str(baseline), "baselined": count, "fixed": 0}
    return baseline


def test_baseline_records_fingerprints_not_lines(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    data = json.loads(baseline.read_text())
    assert data["format"] == "eks-lint/baseline@1"
    [entry] = data["findings"]
    assert entry["code"] == "TST001"
    assert entry["resource"] == "Deployment/shop/api"
    assert entry["path"] == "spec.replicas"
    assert sorted(entry) == ["code", "file", "fingerprint", "name", "path", "resource"]  # no line


def test_finding_survives_a_line_shift_above_it(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    shifted = "# owned by team shop\n# another comment\n" + DEPLOYMENT.format(name="api", replicas=1)
    shifted = shifted.replace("metadata:\n", "metadata:\n  labels: {team: shop}\n")
    manifest.write_text(shifted)
    outcome = check("--baseline", str(baseline), str(manifest))
    assert outcome.code == 0
    assert outcome.findings == []
    assert outcome.report["summary"]["baseline"]["baselined"] == 1
    # Without the baseline the finding is still there, further down.
    assert check(str(manifest)).findings[0]["location"]["line"] == 10


def test_fixed_finding_disappears_and_is_counted_as_fixed(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=3))
    outcome = check("--baseline", str(baseline), str(manifest))
    assert outcome.findings == []
    assert outcome.report["summary"]["baseline"] == {"file": str(baseline), "baselined": 0, "fixed": 1}


def test_new_finding_of_the_same_rule_on_another_resource_is_reported(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    manifest.write_text(
        DEPLOYMENT.format(name="api", replicas=1) + "---\n" + DEPLOYMENT.format(name="worker", replicas=1)
    )
    outcome = check("--baseline", str(baseline), str(manifest))
    assert [(f["name"], f["resource"]["name"]) for f in outcome.findings] == [
        ("replicas-below-two", "worker")
    ]
    assert outcome.report["summary"]["baseline"]["baselined"] == 1


def test_changed_value_is_a_new_finding(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=0))
    outcome = check("--baseline", str(baseline), str(manifest))
    assert len(outcome.findings) == 1
    assert outcome.report["summary"]["baseline"] == {"file": str(baseline), "baselined": 0, "fixed": 1}


def test_text_summary_says_baselined_and_fixed(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    baseline = write_baseline(tmp_path, manifest)
    outcome = cli(
        "check",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--rules-dir",
        str(RULES_DIR),
        "--select",
        "replicas-below-two",
        "--baseline",
        str(baseline),
        str(manifest),
    )
    assert "(1 baselined, 0 fixed since the baseline)" in outcome.stdout.splitlines()[-1]


def test_baseline_from_the_config_is_relative_to_it(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    (tmp_path / "ci").mkdir()
    write_baseline(tmp_path, manifest).rename(tmp_path / "ci" / "known.json")
    config = tmp_path / "ci" / "eks-lint.yaml"
    config.write_text("baseline: known.json\n")
    outcome = cli(
        "check",
        "--format",
        "json",
        "--config",
        str(config),
        "--rules-dir",
        str(RULES_DIR),
        "--select",
        "replicas-below-two",
        str(manifest),
    )
    assert outcome.findings == []
    assert outcome.report["summary"]["baseline"]["baselined"] == 1


def test_a_rule_or_file_not_checked_is_not_counted_as_fixed(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    other = tmp_path / "other.yaml"
    other.write_text(DEPLOYMENT.format(name="web", replicas=3))
    baseline = write_baseline(tmp_path, manifest)
    outcome = check("--baseline", str(baseline), str(other))
    assert outcome.report["summary"]["baseline"]["fixed"] == 0


def test_missing_or_foreign_baseline_is_a_usage_error(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(DEPLOYMENT.format(name="api", replicas=1))
    outcome = check("--baseline", str(tmp_path / "nope.json"), str(manifest))
    assert outcome.code == 2
    assert "file not found (create it with --write-baseline)" in outcome.stderr
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"findings": []}')
    outcome = check("--baseline", str(foreign), str(manifest))
    assert outcome.code == 2
    assert "not an eks-lint baseline" in outcome.stderr


def test_sarif_carries_baselined_findings_as_suppressions(tmp_path):
    manifest = tmp_path / "app.yaml"
    manifest.write_text(
        DEPLOYMENT.format(name="api", replicas=1) + "---\n" + DEPLOYMENT.format(name="web", replicas=1)
    )
    baseline = write_baseline(tmp_path, manifest, count=2)
    manifest.write_text(
        DEPLOYMENT.format(name="api", replicas=1)
        + "---\n"
        + DEPLOYMENT.format(name="web", replicas=1)
        + "---\n"
        + DEPLOYMENT.format(name="new", replicas=1)
    )
    sarif = tmp_path / "out.sarif"
    outcome = check("--baseline", str(baseline), "--format", "sarif", "--output", str(sarif), str(manifest))
    assert outcome.code == 0, outcome.stderr
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert [(r["properties"]["resource"], r.get("suppressions")) for r in results] == [
        ("Deployment/shop/new", None),
        *[
            (
                f"Deployment/shop/{name}",
                [{"kind": "external", "status": "accepted", "justification": f"in the baseline {baseline}"}],
            )
            for name in ("api", "web")
        ],
    ]


def test_a_baselined_aws_finding_stays_matched_when_only_its_figures_change(tmp_path):
    """Days left and free addresses move every day; the baseline must not churn."""
    snapshot = json.loads((FIXTURES / "snapshots" / "problems.json").read_text())
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    before.write_text(json.dumps(snapshot))
    for subnet in snapshot["subnets"]:
        subnet["AvailableIpAddressCount"] = max(0, subnet["AvailableIpAddressCount"] - 2)
    after.write_text(json.dumps(snapshot))
    rules = ("--select", "cluster-version-support,node-subnet-ip-headroom")

    def run(*args: str):
        return cli(
            "check", "--format", "json", "--config", str(FIXTURES / "empty-config.yaml"), *rules, *args
        )

    baseline = tmp_path / "baseline.json"
    first = run("--write-baseline", str(baseline), "--today", "2026-01-01", "--snapshot", str(before))
    recorded = first.report["summary"]["baseline"]["baselined"]
    assert recorded >= 3  # the version finding and the subnet findings
    plain = run("--today", "2026-01-05", "--snapshot", str(after)).findings
    messages = {f["message"] for f in plain}
    assert any("in 325 days" in m for m in messages) and not any("in 329 days" in m for m in messages)
    old = {f["message"] for f in run("--today", "2026-01-01", "--snapshot", str(before)).findings}
    subnet_messages = {m for m in messages if "free addresses" in m}
    assert subnet_messages and not subnet_messages & old  # every subnet finding's figures moved
    later = run("--baseline", str(baseline), "--today", "2026-01-05", "--snapshot", str(after))
    assert later.findings == []
    assert later.report["summary"]["baseline"]["baselined"] == recorded
    assert later.report["summary"]["baseline"]["fixed"] == 0


def test_a_baseline_written_with_v1_fingerprints_still_matches(tmp_path):
    from eks_lint.engine import baseline as baseline_module
    from eks_lint.engine.fingerprint import fingerprints
    from eks_lint.engine.inventory import aws
    from eks_lint.engine.model import Finding

    finding = Finding(target=aws("cluster", "prod"), message="in 45 days", code="EKS207", name="x")
    path = tmp_path / "v1.json"
    data = baseline_module.build([finding])
    data["fingerprint"] = "eks-lint/v1"
    data["findings"][0]["fingerprint"] = fingerprints([finding], "eks-lint/v1")[0]
    path.write_text(json.dumps(data))
    loaded = baseline_module.load(str(path))
    assert loaded.version == "eks-lint/v1"
    applied = baseline_module.apply(loaded, [finding], ["x"])
    assert (applied.findings, applied.baselined, applied.fixed) == ([], [finding], 0)
    # v1 matched on the message: a changed figure is a new finding there, as it always was.
    moved = Finding(target=aws("cluster", "prod"), message="in 44 days", code="EKS207", name="x")
    assert baseline_module.apply(loaded, [moved], ["x"]).findings == [moved]
    # New baselines are written with the current recipe.
    assert baseline_module.build([finding])["fingerprint"] == "eks-lint/v2"
