"""The command line as users call it: subcommands, exit codes, formats, colour."""

import json
import os
import subprocess
import sys

from helpers import FIXTURES, ROOT, cli, lint

from eks_lint import __version__

CONFIG = str(FIXTURES / "empty-config.yaml")
WARNINGS_ONLY = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")
ERRORS = str(FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml")


def test_plain_paths_mean_check():
    assert (
        cli("--config", CONFIG, WARNINGS_ONLY).stdout
        == cli("check", "--config", CONFIG, WARNINGS_ONLY).stdout
    )


def test_text_lines_follow_the_compiler_convention_and_end_with_a_summary():
    outcome = cli("check", "--config", CONFIG, "--select", "EKS602", WARNINGS_ONLY)
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith(f"{WARNINGS_ONLY}:7:13: warning EKS602 single-replica-workload: runs 1")
    assert lines[-1] == "0 errors, 2 warnings, 0 info in 1 file"
    assert "\033[" not in outcome.stdout  # not a TTY: no colour


def test_exit_codes_follow_fail_on():
    only = ("--select", "EKS601,EKS602")
    assert lint(*only, WARNINGS_ONLY).code == 0
    assert lint(*only, "--fail-on", "warning", WARNINGS_ONLY).code == 1
    assert lint(*only, "--fail-on", "never", ERRORS).code == 0
    assert lint(*only, ERRORS).code == 1
    assert (
        lint(*only, "--fail-on", "info", str(FIXTURES / "manifests" / "pdb-blocks-drain" / "good.yaml")).code
        == 0
    )


def test_unknown_rule_in_select_is_a_usage_error():
    outcome = lint("--select", "no-such-rule", WARNINGS_ONLY)
    assert (outcome.code, outcome.stderr) == (
        2,
        "eks-lint: unknown rule 'no-such-rule' (see: eks-lint rules)\n",
    )


def test_select_and_ignore_take_codes_names_and_prefixes():
    outcome = lint("--select", "EKS60", "--ignore", "missing-resource-requests", ERRORS)
    names = {f["name"] for f in outcome.findings}
    assert "pdb-blocks-drain" in names and "missing-resource-requests" not in names
    assert all(f["code"].startswith("EKS60") for f in outcome.findings)
    outcome = lint("--select", "EKS601", "--select", "EKS606", ERRORS)
    assert {f["name"] for f in outcome.findings} == {"pdb-blocks-drain", "missing-resource-requests"}


def test_unknown_format_is_a_usage_error():
    outcome = lint("--format", "yaml", WARNINGS_ONLY)
    assert outcome.code == 2
    assert "--format yaml: unknown format" in outcome.stderr


def test_json_to_a_file_and_text_to_the_terminal(tmp_path):
    target = tmp_path / "report.json"
    outcome = cli(
        "check",
        "--config",
        CONFIG,
        "--select",
        "EKS602",
        "--format",
        "json",
        "--output",
        str(target),
        "--format",
        "text",
        WARNINGS_ONLY,
    )
    assert outcome.stdout.rstrip().endswith("0 errors, 2 warnings, 0 info in 1 file")
    report = json.loads(target.read_text())
    assert report["version"] == 1
    assert report["tool"] == {"name": "eks-lint", "version": __version__}
    assert report["summary"]["counts"] == {"error": 0, "warning": 2, "info": 0}


def test_json_report_matches_its_documented_schema():
    import jsonschema

    schema = json.loads((ROOT / "eks_lint" / "schemas" / "report.schema.json").read_text())
    for target in (WARNINGS_ONLY, ERRORS, str(FIXTURES / "manifests" / "invalid-yaml" / "bad.yaml")):
        jsonschema.validate(lint(target).report, schema)


def test_rules_lists_a_table_and_json():
    table = cli("rules")
    assert table.code == 0
    assert "EKS601  pdb-blocks-drain" in table.stdout
    listed = json.loads(cli("rules", "--format", "json").stdout)
    entry = next(r for r in listed if r["name"] == "single-replica-workload")
    assert entry["code"] == "EKS602" and entry["options"] == {"min-replicas": 2}


def test_explain_prints_the_documentation():
    outcome = cli("explain", "pdb-blocks-drain")
    assert outcome.stdout.startswith("EKS601 pdb-blocks-drain (error)")
    for section in ("## What it checks", "## Why it matters on EKS", "## How to fix", "## Example"):
        assert section in outcome.stdout
    assert cli("explain", "EKS001").stdout.startswith("EKS001 internal-error (error)")
    assert cli("explain", "nope").code == 2


def test_version():
    out = subprocess.run([sys.executable, "-m", "eks_lint", "--version"], capture_output=True, text=True)
    assert out.stdout.strip() == f"eks-lint {__version__}"


def _run_in_pty(args, env):
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(sys.executable, [sys.executable, "-m", "eks_lint", *args], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def test_colour_only_on_a_tty_and_never_with_no_color():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = _run_in_pty(["check", "--config", CONFIG, WARNINGS_ONLY], env)
    assert "\033[33mwarning\033[0m" in coloured
    plain = _run_in_pty(["check", "--config", CONFIG, WARNINGS_ONLY], {**env, "NO_COLOR": "1"})
    assert "\033[" not in plain and "warning EKS602" in plain


def _heavy_modules_imported(*args, cwd, env=None):
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['eks-lint', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('eks_lint', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "names = ('boto3', 'botocore', 'jsonschema', 'tabulate', 'socks', 'urllib3')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=str(cwd),
    )
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY")]
    assert line, out.stdout + out.stderr
    return line[0]


def test_manifest_check_never_imports_boto3_or_heavy_modules(tmp_path):
    # No config anywhere above tmp_path: the pre-commit case of a repo without one.
    assert _heavy_modules_imported("check", WARNINGS_ONLY, cwd=tmp_path) == "HEAVY []"


#: Standard modules a one-file manifest check does without (each costs start-up
#: time the pre-commit case pays on every commit): pathlib (with urllib.parse and
#: ipaddress), inspect (with ast, dis, tokenize), dataclasses, typing, tempfile
#: (with shutil, random), and importlib.metadata (plugins are found by reading
#: entry_points.txt files), and argparse with gettext (the pre-commit command
#: line is read by ``cli.fast_argv``).
START_UP_FREE = (
    "argparse",
    "gettext",
    "pathlib",
    "urllib.parse",
    "ipaddress",
    "inspect",
    "ast",
    "dis",
    "tokenize",
    "dataclasses",
    "typing",
    "tempfile",
    "shutil",
    "importlib.metadata",
    "zipfile",
    "email",
    "hashlib",
)


def _imported_modules(tmp_path, *args):
    """Every module ``python -X importtime -m eks_lint ARGS`` imports, in a fresh
    working folder (no config, no git) with the given cache folder."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "eks_lint", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "EKS_LINT_CACHE_DIR": str(tmp_path / "cache")},
        cwd=str(tmp_path),
    )
    assert out.returncode in (0, 1), out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 50, out.stderr  # -X importtime did report
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def test_a_one_file_check_imports_no_more_than_it_needs(tmp_path):
    """A first run (empty cache, as on a fresh CI runner) and the next one alike."""
    manifest = tmp_path / "deploy.yaml"
    manifest.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n"
        "  replicas: 3\n  selector: {matchLabels: {app: api}}\n  template:\n"
        "    metadata: {labels: {app: api}}\n"
        "    spec: {containers: [{name: api, image: example.com/api:1.0.0}]}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\n"
        "data:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/nodes\n"
        "      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:nodes]\n"
    )
    for run in ("first", "second"):
        imported = _imported_modules(tmp_path, "check", str(manifest), WARNINGS_ONLY)
        assert "eks_lint.eks.relations" in imported, run  # the workload rules ran
        assert "eks_lint.eks.aws_auth" in imported, run  # and the aws-auth ones
        assert sorted(set(START_UP_FREE) & imported) == [], run


def test_a_config_is_validated_once_then_served_from_the_cache(tmp_path):
    (tmp_path / ".eks-lint.yaml").write_text("fail-on: warning\n")
    env = {"EKS_LINT_CACHE_DIR": str(tmp_path / "cache")}
    assert _heavy_modules_imported("check", WARNINGS_ONLY, cwd=tmp_path, env=env) == "HEAVY ['jsonschema']"
    assert _heavy_modules_imported("check", WARNINGS_ONLY, cwd=tmp_path, env=env) == "HEAVY []"
    (tmp_path / ".eks-lint.yaml").write_text("fail-on: sometimes\n")  # changed: validated again, and fails
    outcome = subprocess.run(
        [sys.executable, "-m", "eks_lint", "check", WARNINGS_ONLY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert outcome.returncode == 2 and "fail-on: 'sometimes' is not one of" in outcome.stderr


def test_context_dir_relates_objects_but_reports_only_the_files_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n"
        "spec:\n  replicas: 1\n  selector:\n    matchLabels: {app: api}\n"
        "  template:\n    metadata:\n      labels: {app: api}\n"
        "    spec:\n      containers:\n        - {name: api, image: example.com/api:1.0.0}\n"
    )
    (tmp_path / "app" / "pdb.yaml").write_text(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\n  namespace: shop\n"
        "spec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: api}\n"
    )
    only = ("--select", "pdb-blocks-drain")
    # The PDB alone relates to nothing; with the folder as context it meets its Deployment.
    assert lint(*only, "app/pdb.yaml").findings == []
    given = lint(*only, "--context-dir", ".", "app/pdb.yaml")
    assert given.code == 1
    assert [
        (f["location"]["file"], f["location"]["line"], f["location"]["column"]) for f in given.findings
    ] == [("app/pdb.yaml", 7, 17)]
    assert given.report["summary"]["files"] == 1
    # The finding is in a file read only for context: not reported, exit 0.
    other = lint(*only, "--context-dir", ".", "app/deploy.yaml")
    assert (other.code, other.findings) == (0, [])
    # A file also found under the context folder is read once: no doubled objects.
    assert other.report["summary"]["objects"] == lint(*only, "app").report["summary"]["objects"] == 2


def test_a_bug_exits_4_with_its_traceback_never_1(monkeypatch):
    import eks_lint.cli.check as check

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "run_check", broken)
    outcome = cli("check", WARNINGS_ONLY)
    assert outcome.code == 4
    assert "RuntimeError: boom" in outcome.stderr
    assert outcome.stderr.startswith("Traceback (most recent call last):")
    assert outcome.stderr.rstrip().endswith("and the traceback above")


def test_context_dir_files_do_not_count_as_fixed_in_a_baseline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    replicas_one = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: shop\n"
        "spec:\n  replicas: 1\n  selector:\n    matchLabels: {{app: {name}}}\n"
        "  template:\n    metadata:\n      labels: {{app: {name}}}\n"
        "    spec:\n      containers:\n        - {{name: c, image: example.com/c:1.0.0}}\n"
        # A Service routes traffic to it: one replica is an outage its clients see.
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: shop\n"
        "spec:\n  selector: {{app: {name}}}\n  ports:\n    - {{name: http, port: 80}}\n"
    )
    (tmp_path / "a.yaml").write_text(replicas_one.format(name="a"))
    (tmp_path / "b.yaml").write_text(replicas_one.format(name="b"))
    only = ("--select", "single-replica-workload")
    written = lint(*only, "--write-baseline", "base.json", "a.yaml", "b.yaml")
    assert written.report["summary"]["baseline"]["baselined"] == 2
    # b.yaml's finding is still there, only not reported: it is not "fixed".
    again = lint(*only, "--baseline", "base.json", "--context-dir", ".", "a.yaml")
    assert again.report["summary"]["baseline"] == {"file": "base.json", "baselined": 1, "fixed": 0}
