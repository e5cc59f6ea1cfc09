"""The reference deployments in deploy/, tested as far as this machine allows.

- The Kubernetes Indexed Job and its ServiceAccount: linted by eks-lint itself
  (nothing at warning or above) and validated against the Kubernetes OpenAPI
  schemas of the EKS versions in standard support with ``kubernetes-validate``
  (PyPI), in strict mode (an unknown field is an error).
- The Step Functions state machine: validated with ``asl-validator`` (the npm
  package, an Amazon States Language validator) when node and it are there;
  skipped with the reason otherwise. Its shape is checked here either way.
- Every eks-lint command line in deploy/ (the Job's args, the workflow's run
  steps, the state machine's container commands) parses with eks-lint's own
  argument parser, so a renamed flag breaks this test, not a team's audit.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import lint

from eks_lint.cli.parser import build_parser

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
JOB = DEPLOY / "kubernetes" / "eks-lint-fleet.yaml"
STATE_MACHINE = DEPLOY / "step-functions" / "eks-lint-fleet.asl.json"
WORKFLOW = DEPLOY / "github-actions" / "eks-lint-fleet.yml"


def documents() -> list[dict]:
    return [d for d in yaml.safe_load_all(JOB.read_text(encoding="utf-8")) if d]


def parses(argv: list[str]) -> None:
    """eks-lint's parser accepts ``argv`` (it exits 2 on a bad flag)."""
    build_parser().parse_args(argv)


# --- Kubernetes ---------------------------------------------------------------------------------


def test_the_job_passes_eks_lint_with_nothing_at_warning_or_above():
    out = lint(str(JOB), "--fail-on", "info")
    assert out.code == 0, out.stdout
    assert out.report["findings"] == []
    assert out.report["summary"]["files"] == 1


@pytest.mark.parametrize("version", ["1.31", "1.32", "1.33"])
def test_the_job_is_valid_against_the_kubernetes_schemas(version):
    kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="pip install kubernetes-validate")
    kinds = []
    for document in documents():
        kubernetes_validate.validate(document, version, strict=True)
        kinds.append(document["kind"])
    assert kinds == ["ServiceAccount", "Job"]


def test_the_job_is_indexed_and_its_shards_match_its_completions():
    service_account, job = documents()
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    pod = spec["template"]["spec"]
    assert pod["serviceAccountName"] == service_account["metadata"]["name"]
    args = pod["containers"][0]["args"]
    parses(args)
    assert args[args.index("--shards") + 1] == str(spec["completions"]) == str(spec["parallelism"])
    assert args[args.index("-o") + 1].startswith("s3://")


# --- Step Functions -----------------------------------------------------------------------------


def asl_validator() -> list[str] | None:
    """The asl-validator command: $ASL_VALIDATOR, on PATH, or under deploy/step-functions/node_modules."""
    if not shutil.which("node"):
        return None
    for candidate in (
        os.environ.get("ASL_VALIDATOR"),
        shutil.which("asl-validator"),
        str(DEPLOY / "step-functions" / "node_modules" / ".bin" / "asl-validator"),
    ):
        if candidate and Path(candidate).is_file():
            return [candidate]
    return None


def test_the_state_machine_is_valid_amazon_states_language(tmp_path):
    command = asl_validator()
    if command is None:
        pytest.skip(
            "needs node and the npm package asl-validator (npm install -g asl-validator; or ASL_VALIDATOR)"
        )
    valid = subprocess.run(
        [*command, "--json-path", str(STATE_MACHINE)], capture_output=True, text=True, timeout=60
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    # The validator does reject a broken machine (so the pass above means something).
    broken = json.loads(STATE_MACHINE.read_text(encoding="utf-8"))
    broken["States"]["CollectEachCluster"]["Next"] = "NoSuchState"
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    invalid = subprocess.run(
        [*command, "--json-path", str(tmp_path / "broken.json")], capture_output=True, text=True, timeout=60
    )
    assert invalid.returncode != 0 and "NoSuchState" in invalid.stdout + invalid.stderr


def container_command(expression: str, values: dict[str, str]) -> list[str]:
    """The argv a ``States.Array(...)`` command gives, with JSONPath values filled in."""
    inner = expression.removeprefix("States.Array(").removesuffix(")")
    argv = []
    for part in re.findall(r"States\.JsonToString\(\$\.\w+\)|'[^']*'|\$\.\w+", inner):
        argv.append(part[1:-1] if part.startswith("'") else values[part])
    return argv


def test_the_state_machine_maps_over_the_targets_file_then_checks_the_fleet():
    machine = json.loads(STATE_MACHINE.read_text(encoding="utf-8"))
    collect = machine["States"][machine["StartAt"]]
    assert collect["Type"] == "Map" and collect["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    reader = collect["ItemReader"]
    assert reader["Resource"] == "arn:aws:states:::s3:getObject"
    assert reader["ReaderConfig"]["InputType"] == "JSONL"  # 'eks-lint targets' writes JSON Lines
    states = collect["ItemProcessor"]["States"]
    task = states["CollectOneCluster"]
    assert task["Resource"] == "arn:aws:states:::ecs:runTask.sync"
    assert task["Parameters"]["LaunchType"] == "FARGATE"
    target = '{"account": "111122223333", "region": "eu-west-1", "cluster": "prod", "role_arn": null}'
    values = {"States.JsonToString($.target)": target, "$.output": "s3://eks-lint-audits/runs/2026-12-04/"}
    argv = container_command(task["Parameters"]["Overrides"]["ContainerOverrides"][0]["Command.$"], values)
    assert argv[:3] == ["collect", "--target", target]
    parses(argv)
    # Error lines of the targets file (an account that refused the role) skip the task.
    choice = states["Discovered"]["Choices"][0]
    assert (choice["Variable"], choice["IsPresent"], choice["Next"]) == (
        "$.target.error",
        True,
        "NotDiscovered",
    )
    merge = machine["States"][collect["Next"]]
    argv = container_command(merge["Parameters"]["Overrides"]["ContainerOverrides"][0]["Command.$"], values)
    assert argv[:3] == ["check", "--snapshot", values["$.output"]]
    parses(argv)


# --- GitHub Actions -------------------------------------------------------------------------------


def test_the_workflow_runs_one_job_per_shard_and_every_command_parses():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["collect"]["needs"] == "discover" and jobs["report"]["needs"] == "collect"
    shards = jobs["collect"]["strategy"]["matrix"]["shard"]
    commands = []
    for job in jobs.values():
        for step in job["steps"]:
            run = step.get("run", "")
            if run.startswith("eks-lint "):
                line = run.split("||")[0].replace("${{ matrix.shard }}", "0")
                commands.append(shlex.split(line)[1:])
    assert [c[0] for c in commands] == ["targets", "collect", "check"]
    for argv in commands:
        parses(argv)
    collect = commands[1]
    count = int(collect[collect.index("--shard") + 1].split("/")[1])
    assert shards == list(range(count))
