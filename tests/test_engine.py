"""The engine: crash isolation, skipping, suppression and ordering."""

from helpers import FIXTURES, cli, lint

from eks_lint.engine.inventory import Inventory
from eks_lint.engine.registry import discover, select_rules
from eks_lint.engine.runner import run, skip_reason

CRASHING = str(FIXTURES / "rules-dirs" / "crashing")
TARGET = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")


def test_a_rule_that_raises_becomes_an_internal_error_and_others_go_on():
    outcome = lint("--rules-dir", CRASHING, "--select", "explodes,single-replica-workload", TARGET)
    assert outcome.code == 1
    names = [f["name"] for f in outcome.findings]
    assert names.count("single-replica-workload") == 2
    crash = [f for f in outcome.findings if f["name"] == "internal-error"]
    assert len(crash) == 1
    assert crash[0]["code"] == "EKS001"
    assert crash[0]["message"] == "rule explodes failed on Deployment/shop/api: KeyError: 'spec'"
    assert crash[0]["resource"]["name"] == "api"
    assert crash[0]["location"]["line"] == 1


def test_verbose_shows_the_traceback_of_a_crashing_rule():
    outcome = cli(
        "check",
        "-v",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--rules-dir",
        CRASHING,
        "--select",
        "explodes",
        TARGET,
    )
    assert "traceback of explodes:" in outcome.stdout
    assert 'raise KeyError("spec")' in outcome.stdout
    quiet = cli(
        "check",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--rules-dir",
        CRASHING,
        "--select",
        "explodes",
        TARGET,
    )
    assert "Traceback" not in quiet.stdout


def test_rule_needing_absent_data_is_skipped_with_the_reason():
    rules = select_rules(discover(plugins=False), ["single-replica-workload"])
    assert skip_reason(rules[0].meta, Inventory()) == "needs Kubernetes objects: none in the input"
    result = run(rules, Inventory())
    assert result.skipped == {"single-replica-workload": "needs Kubernetes objects: none in the input"}
    assert result.findings == []


def test_skip_reason_names_the_failed_collector_call():
    from eks_lint.engine.model import Rule

    meta = Rule(code="TST001", name="needs-roles", severity="info", summary="s", needs=("iam_roles",))
    inventory = Inventory(errors=[{"operation": "iam:GetRole", "code": "AccessDenied", "target": "x"}])
    assert skip_reason(meta, inventory) == "needs iam_roles: iam:GetRole failed (AccessDenied)"
    assert skip_reason(meta, Inventory()) == "needs iam_roles: not in the input"


def test_output_order_is_file_line_code_whatever_the_argument_order():
    first = lint(TARGET, str(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml"))
    second = lint(str(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml"), TARGET)
    assert first.findings == second.findings
    keys = [(f["location"]["file"], f["location"]["line"], f["code"]) for f in first.findings]
    assert keys == sorted(keys)


SUPPRESSED = b"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: leader
  namespace: ops
  annotations:
    ignore-check.eks-lint.io/single-replica-workload: "leader election: one active replica by design"
spec:
  replicas: 1
  selector: {matchLabels: {app: leader}}
  template:
    metadata: {labels: {app: leader}}
    spec:
      containers: [{name: c, image: "example.com/c:1.0.0"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: templated, namespace: ops}
spec:
  replicas: 1
  selector: {matchLabels: {app: t}}
  template:
    metadata:
      labels: {app: t}
      annotations: {ignore-check.eks-lint.io/all: "legacy"}
    spec:
      containers: [{name: c, image: "example.com/c:1.0.0"}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: other-rule-ignored
  namespace: ops
  annotations: {ignore-check.eks-lint.io/pdb-blocks-drain: "n/a"}
spec:
  replicas: 1
  selector: {matchLabels: {app: o}}
  template:
    metadata: {labels: {app: o}}
    spec:
      containers: [{name: c, image: "example.com/c:1.0.0"}]
---
apiVersion: v1
kind: Service
metadata: {name: leader, namespace: ops}
spec: {selector: {app: leader}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: templated, namespace: ops}
spec: {selector: {app: t}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: ops}
spec: {selector: {app: o}, ports: [{port: 80}]}
"""


def test_annotations_suppress_one_rule_or_all_and_are_counted():
    outcome = lint("--select", "single-replica-workload", "-", stdin=SUPPRESSED)
    assert [f["resource"]["name"] for f in outcome.findings] == ["other-rule-ignored"]
    suppressed = outcome.report["suppressed"]
    assert [(f["resource"]["name"], f["suppressed_by"]) for f in suppressed] == [
        (
            "leader",
            "annotation ignore-check.eks-lint.io/single-replica-workload: leader election: "
            "one active replica by design",
        ),
        ("templated", "annotation ignore-check.eks-lint.io/all: legacy"),
    ]
    assert outcome.report["summary"]["suppressed"] == 2


def test_show_suppressed_lists_them_in_text():
    outcome = cli(
        "check",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--select",
        "EKS602",
        "--show-suppressed",
        "-",
        stdin=SUPPRESSED,
    )
    assert "[suppressed: annotation ignore-check.eks-lint.io/all: legacy]" in outcome.stdout
    assert outcome.stdout.rstrip().endswith("0 errors, 1 warning, 0 info in 1 file (2 suppressed)")


def test_config_ignore_entries_suppress_by_resource_glob(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        "rules:\n  single-replica-workload:\n    ignore:\n"
        "      - {resource: 'Deployment/ops/other-*', reason: 'batch tier'}\n"
    )
    outcome = cli(
        "check", "--format", "json", "--config", str(config), "--select", "EKS602", "-", stdin=SUPPRESSED
    )
    assert outcome.report["findings"] == []
    assert outcome.report["suppressed"][-1]["suppressed_by"] == "config: batch tier"
