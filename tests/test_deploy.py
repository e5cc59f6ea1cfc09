"""The reference deployments in deploy/, tested as far as this machine allows.

- The Kubernetes Indexed Job and its ServiceAccount: linted by eks-lint itself
  (nothing at warning or above) and validated against the Kubernetes OpenAPI
  schemas of the EKS versions in standard support with ``kubernetes-validate``
  (PyPI), in strict mode (an unknown field is an error).
- The Step Functions state machine: validated with two Amazon States Language
  validators from package registries: ``cfn-lint`` (PyPI, a test extra: the
  ASL JSON schema and StartAt targets, rule E3601) always, and ``asl-validator``
  (npm, which also follows every Next) when node and it are there: ``.ci/run``
  installs it and sets EKS_LINT_REQUIRE_ASL_VALIDATOR, so CI fails rather than
  skips without it. Its shape is checked here either way.
- Every eks-lint command line in deploy/ (the Job's args, the workflow's run
  steps, the state machine's container commands) parses with eks-lint's own
  argument parser, so a renamed flag breaks this test, not a team's audit.
- The Dockerfile: no container engine runs here, so it is never built. What is
  tested: the base image is pinned, its COPY sources exist and a wheel built
  from exactly them installs eks-lint's command, the entrypoint is that
  command, and the image's user is the one the Job runs as. Untested: the
  base image's pull, ``pip install`` inside it, and the image running.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import lint

from eks_lint.cli.parser import build_parser

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
JOB = DEPLOY / "kubernetes" / "eks-lint-fleet.yaml"
STATE_MACHINE = DEPLOY / "step-functions" / "eks-lint-fleet.asl.json"
WORKFLOW = DEPLOY / "github-actions" / "eks-lint-fleet.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
ROOT = DEPLOY.parent


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
        reason = (
            "needs node and the npm package asl-validator (npm install -g asl-validator, or ASL_VALIDATOR)"
        )
        # .ci/run installs it and sets this: no silent skip there
        if os.environ.get("EKS_LINT_REQUIRE_ASL_VALIDATOR"):
            pytest.fail(reason)
        pytest.skip(reason)
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


def cfn_lint_state_machine(definition: dict) -> list[tuple[str, str]]:
    """(rule, message) of what cfn-lint finds in a CloudFormation template holding ``definition``
    as an ``AWS::StepFunctions::StateMachine`` (with the role Step Functions runs it as)."""
    from cfnlint.api import ManualArgs, lint

    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "states.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                },
            },
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}, "Definition": definition},
            },
        },
    }
    matches = lint(json.dumps(template), config=ManualArgs(regions=["eu-west-1"]))
    return [(match.rule.id, match.message) for match in matches]


def test_the_state_machine_passes_cfn_lints_amazon_states_language_validation():
    """cfn-lint (AWS CloudFormation Linter, PyPI; a test extra, so this runs in CI) checks a
    state machine against its Amazon States Language JSON schema and its StartAt targets
    (rule E3601). It does not follow every Next: asl-validator, above, does."""
    machine = json.loads(STATE_MACHINE.read_text(encoding="utf-8"))
    assert cfn_lint_state_machine(machine) == []


def _states(machine: dict) -> dict:
    return machine["States"]["CollectEachCluster"]["ItemProcessor"]["States"]


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (
            lambda m: m["States"]["CollectEachCluster"]["ItemProcessor"].update(StartAt="Nowhere"),
            "target 'Nowhere' at /States/CollectEachCluster/ItemProcessor/StartAt",
        ),
        (lambda m: _states(m)["Discovered"]["Choices"][0].pop("Next"), "'Next' is a required property"),
        (
            lambda m: _states(m)["CollectOneCluster"].update(Nextt="NotDiscovered"),
            "Additional properties are not allowed ('Nextt' was unexpected. Did you mean 'Next'?)",
        ),
        (
            lambda m: _states(m)["CollectOneCluster"].pop("End"),
            "Only one of ['Next', 'End'] is a required property",
        ),
        (lambda m: _states(m)["NotDiscovered"].update(Type="Success"), "'Success' is not one of"),
    ],
    ids=["start-at", "choice-without-next", "unknown-field", "no-end", "state-type"],
)
def test_cfn_lint_rejects_a_broken_state_machine(break_it, message):
    """The validation above means something: each break of the real machine is an E3601."""
    machine = json.loads(STATE_MACHINE.read_text(encoding="utf-8"))
    break_it(machine)
    found = cfn_lint_state_machine(machine)
    assert found and all(rule == "E3601" for rule, _ in found), found
    assert any(message in text for _, text in found), found


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


# --- The image ----------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of each line of deploy/Dockerfile (no continuation lines in it)."""
    lines = []
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            instruction, _, arguments = line.strip().partition(" ")
            lines.append((instruction.upper(), arguments.strip()))
    return lines


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11+ reads pyproject.toml")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_image_base_is_pinned_to_a_python_release_eks_lint_supports():
    (base,) = [arguments for instruction, arguments in dockerfile() if instruction == "FROM"]
    # A patch release and a Debian release (python:3.12-slim moves), or a digest.
    match = re.fullmatch(r"python:(3\.\d+)\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?", base)
    assert match, base
    assert f"Programming Language :: Python :: {match.group(1)}" in pyproject()["classifiers"]


def test_the_image_copies_exactly_what_builds_eks_lint(tmp_path):
    """Every COPY source exists, and a wheel built from just those files (as the
    image's pip does) has eks-lint's command and its shipped rules."""
    import zipfile

    source = tmp_path / "src"
    for instruction, arguments in dockerfile():
        if instruction != "COPY":
            continue
        *sources, destination = arguments.split()
        assert destination.startswith("/src"), arguments
        for name in sources:
            path = ROOT / name
            assert path.exists(), f"COPY {name}: no such file in the build context"
            target = source / destination.removeprefix("/src").strip("/")
            if path.is_dir():
                shutil.copytree(path, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target / path.name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("eks_lint-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert "eks_lint/cli/__init__.py" in names and "eks_lint/rules/_index.json" in names
    assert "eks-lint = eks_lint.cli:run_and_flush" in scripts


def test_the_entrypoint_is_eks_lints_command_and_the_user_is_the_jobs():
    instructions = dict(dockerfile())
    entrypoint = json.loads(instructions["ENTRYPOINT"])  # exec form: the container's args follow it
    assert entrypoint == ["eks-lint"] and "eks-lint" in pyproject()["scripts"]
    _, job = documents()
    pod = job["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert instructions["USER"] == str(
        pod["securityContext"]["runAsUser"]
    )  # numeric: runAsNonRoot can check it
    assert "command" not in pod["containers"][0]  # the Job's args go to the entrypoint
