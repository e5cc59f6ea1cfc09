"""Files that are not files, and YAML that is ordinary but awkward.

Cases that hung before the fix (a FIFO, /dev/zero, an alias bomb in the
auto-discovered config) run eks-lint in a subprocess with a timeout, so a
regression fails the test instead of stalling CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, cli, lint, located

from eks_lint.engine import files
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, int_or_text, read_regular_file
from eks_lint.engine.yaml_load import YamlProblem, iter_documents, load_one
from eks_lint.sources import manifests
from eks_lint.sources.manifests import load_manifests

GOOD_NEIGHBOUR = FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml"
BOUND = 60  # seconds; each case takes well under one
#: A test rule that reports every Deployment at spec.replicas: where a finding lands, whatever
#: the built-in rules make of the object.
PROBE = ("--rules-dir", str(FIXTURES / "rules-dirs" / "locate-probe"), "--select", "replicas-probe")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """eks-lint in a subprocess; a hang raises TimeoutExpired and fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "eks_lint", *args],
        capture_output=True,
        text=True,
        timeout=BOUND,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _folder_with(tmp_path: Path) -> Path:
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "good.yaml").write_bytes(GOOD_NEIGHBOUR.read_bytes())
    return folder


def _invalid(outcome_findings: list[dict]) -> list[tuple[str, int, int, str]]:
    """(file name, line, column, message) of each invalid-yaml finding."""
    return [
        (Path(f["location"]["file"]).name, f["location"]["line"], f["location"]["column"], f["message"])
        for f in outcome_findings
        if f["name"] == "invalid-yaml"
    ]


# -- special files -----------------------------------------------------------


def test_fifo_in_a_folder_is_one_finding_and_the_run_goes_on(tmp_path):
    folder = _folder_with(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    done = run("check", "-f", "json", "--config", str(FIXTURES / "empty-config.yaml"), str(folder))
    assert done.returncode == 1, done.stderr
    import json

    findings = json.loads(done.stdout)["findings"]
    assert _invalid(findings) == [("pipe.yaml", 1, 1, "a FIFO (named pipe), not a regular file; not read")]
    assert [f["name"] for f in findings].count("single-replica-workload") == 2


def test_fifo_given_by_name_is_a_usage_error(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    done = run("check", str(tmp_path / "pipe.yaml"))
    assert done.returncode == 2
    assert (
        done.stderr
        == f"eks-lint: {tmp_path / 'pipe.yaml'}: a FIFO (named pipe), not a regular file; not read\n"
    )


def test_fifo_as_snapshot_is_a_usage_error(tmp_path):
    os.mkfifo(tmp_path / "snap.json")
    done = run("check", "--snapshot", str(tmp_path / "snap.json"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"eks-lint: --snapshot {tmp_path / 'snap.json'}: a FIFO")
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_reading():
    for args in (
        ["check", "/dev/zero"],
        ["check", "--snapshot", "/dev/zero"],
        ["check", "--terraform-plan", "/dev/zero"],
    ):
        done = run(*args)
        assert done.returncode == 2, args
        assert "a character device, not a regular file; not read" in done.stderr
        assert len(done.stderr.splitlines()) == 1


def test_symlink_loop_and_dangling_link_in_a_folder_are_findings(tmp_path):
    folder = _folder_with(tmp_path)
    os.symlink("loop.yaml", folder / "loop.yaml")
    os.symlink("gone.yaml", folder / "dangling.yaml")
    outcome = lint(str(folder))
    assert outcome.code == 1
    assert _invalid(outcome.findings) == [
        ("dangling.yaml", 1, 1, "a dangling symbolic link (to gone.yaml); not read"),
        ("loop.yaml", 1, 1, "a symbolic link loop; not read"),
    ]
    assert [f["name"] for f in outcome.findings].count("single-replica-workload") == 2


def test_symlink_loop_given_by_name_is_a_usage_error(tmp_path):
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    outcome = lint(str(tmp_path / "loop.yaml"))
    assert outcome.code == 2
    assert outcome.stderr == f"eks-lint: {tmp_path / 'loop.yaml'}: a symbolic link loop; not read\n"


def test_file_deleted_mid_run_is_a_finding(tmp_path, monkeypatch):
    kept = tmp_path / "kept.yaml"
    kept.write_bytes(GOOD_NEIGHBOUR.read_bytes())
    gone = str(tmp_path / "gone.yaml")
    monkeypatch.setattr(manifests, "expand_paths", lambda paths, exclude, skip=None: [gone, str(kept)])
    result = load_manifests(["ignored"])
    assert [(p.file, p.line, p.message) for p in result.problems] == [
        (gone, 1, "no such file (deleted while eks-lint ran?)")
    ]
    # every object of the other file is still read
    assert len(result.objects) == len(load_manifests([str(GOOD_NEIGHBOUR)]).objects) > 0


def test_the_size_bound_holds_while_reading(tmp_path, monkeypatch):
    """A file that grows after its size was checked is still cut at the limit."""
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"x" * 5000)
    real = files.check_regular

    def claims_empty(name: str) -> os.stat_result:
        status = real(name)
        return os.stat_result((status.st_mode, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    monkeypatch.setattr(files, "check_regular", claims_empty)
    with pytest.raises(FileProblem, match="over the 1,000 bytes limit"):
        read_regular_file(str(path), 1000)
    assert read_regular_file(str(path), 5000) == b"x" * 5000


def test_stdin_is_bounded():
    outcome = lint("--max-file-size", "1", "-", stdin=b"apiVersion: v1\nkind: Pod\n" + b"#" * 1048576)
    assert outcome.code == 1
    assert _invalid(outcome.findings) == [
        (
            "<stdin>",
            1,
            1,
            "file is more than 1 MiB, over the 1 MiB limit for one manifest file; "
            "split it or raise --max-file-size",
        )
    ]


def test_large_files_keep_spans_not_nodes_and_locate_the_same(tmp_path, monkeypatch):
    """Above KEEP_NODES_BYTES a document is composed again only for a finding;
    its line and column must be what the kept nodes gave."""
    text = (
        "# ünïcödé before the documents\n"
        "--- \n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: one, annotations: {a: '€😀'}}\n"
        "spec:\n  replicas: 1\n  template: {spec: {containers: [{name: c, image: i}]}}\n"
        "---   {apiVersion: apps/v1, kind: Deployment, metadata: {name: two},\n"
        "       spec: {replicas: 1, template: {spec: {containers: [{name: c, image: i}]}}}}\n"
        "---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n"
        "  metadata: {name: three}\n  spec:\n    replicas: 1\n"
    )
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    kept = located(lint(*PROBE, str(path)).findings, tmp_path)
    monkeypatch.setattr(manifests, "KEEP_NODES_BYTES", 0)
    assert isinstance(load_manifests([str(path)]).nodes[str(path)][0], manifests.DocumentSpan)
    spans = located(lint(*PROBE, str(path)).findings, tmp_path)
    assert kept == [
        ("big.yaml", 7, 13, "replicas-probe"),
        ("big.yaml", 10, 25, "replicas-probe"),
        ("big.yaml", 19, 15, "replicas-probe"),
    ]
    assert spans == kept


# -- YAML that is ordinary but awkward ------------------------------------------------


def test_timestamps_and_huge_integers_stay_text():
    big = "9" * 4301
    (document,) = iter_documents(f"a: 2024-02-30\nb: 25:00:00\nc: 2024-01-01T10:00:00Z\nd: {big}\ne: 12\n")
    assert document.data == {"a": "2024-02-30", "b": 90000, "c": "2024-01-01T10:00:00Z", "d": big, "e": 12}
    assert int_or_text(big) == big
    assert int_or_text("12") == 12


def test_awkward_values_in_a_manifest_do_not_crash_the_run(tmp_path):
    path = tmp_path / "cm.yaml"
    path.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n"
        "  annotations: {2024-01-01: x, 5: y}\n"
        f"spec:\n  replicas: 1\n  when: 2024-02-30\n  at: 25:00:00\n  n: {'9' * 4301}\n"
        "  template: {spec: {containers: [{name: c, image: i}]}}\n"
    )
    for output in ("json", "sarif", "gitlab"):
        done = cli("check", "-f", output, "--config", str(FIXTURES / "empty-config.yaml"), str(path))
        assert (done.code, done.stderr) == (0, ""), output
        assert "internal-error" not in done.stdout
    outcome = lint(*PROBE, "--select", "irsa-role-arn-malformed", str(path))
    assert located(outcome.findings, tmp_path) == [("cm.yaml", 7, 13, "replicas-probe")]


def test_compact_nesting_on_one_line_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  n:\n  " + "- " * 995 + "x\n"
    )
    for output in ("json", "sarif"):
        done = cli("check", "-f", output, "--config", str(FIXTURES / "empty-config.yaml"), str(path))
        assert done.code == 1, done.stderr
    assert _invalid(lint(str(path)).findings) == [
        ("deep.yaml", 1, 1, "nesting deeper than 200 levels; not a manifest")
    ]


def test_duplicate_keys_are_reported_where_the_second_one_is(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: '1'\n  b: '2'\n  a: '3'\n"
        "base: &base {x: 1, y: 2}\nmerged:\n  <<: *base\n  x: 3\n"
    )
    outcome = lint(str(path))
    assert _invalid(outcome.findings) == [
        (
            "dup.yaml",
            7,
            3,
            "duplicate key 'a' (first at line 5): kubectl 1.21+ rejects the file, "
            "other tools silently keep only the last value",
        )
    ]


def test_yaml_problems_never_quote_the_text():
    with pytest.raises(YamlProblem) as raised:
        load_one("users:\n- name: u\n  user: {token: s3cr3t-token\n")
    assert "s3cr3t" not in str(raised.value)
    assert (raised.value.line, raised.value.column) == (4, 1)


# -- the config file -------------------------------------------------------------


def test_alias_bomb_in_an_auto_discovered_config_is_a_usage_error(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 9):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    (tmp_path / ".eks-lint.yaml").write_text("\n".join(lines) + "\n")
    (tmp_path / "ok.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n")
    done = run("check", "ok.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"eks-lint: {tmp_path / '.eks-lint.yaml'}:1:1: config is not valid YAML: document expands"
    )


def test_config_with_a_duplicate_key_is_a_usage_error(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("fail-on: warning\nignore: []\nfail-on: error\n")
    done = cli("check", "--config", str(config), str(GOOD_NEIGHBOUR))
    assert done.code == 2
    assert (
        done.stderr == f"eks-lint: {config}:3:1: config has key 'fail-on' twice (first at line 1); keep one\n"
    )


def test_config_that_is_a_fifo_is_a_usage_error(tmp_path):
    os.mkfifo(tmp_path / "c.yaml")
    done = run("check", "--config", str(tmp_path / "c.yaml"), str(GOOD_NEIGHBOUR))
    assert done.returncode == 2
    reason = "cannot read config file: a FIFO (named pipe), not a regular file; not read"
    assert done.stderr == f"eks-lint: {tmp_path / 'c.yaml'}: {reason}\n"


def test_kubeconfig_yaml_error_does_not_copy_the_token_line(tmp_path):
    from eks_lint.sources.kube import endpoint_from_kubeconfig

    path = tmp_path / "kubeconfig"
    path.write_text(
        'apiVersion: v1\nclusters: []\ncontexts: []\nusers:\n- name: u\n  user:\n    token: "s3cr3t-token\n'
    )
    with pytest.raises(EksLintError) as raised:
        endpoint_from_kubeconfig(str(path))
    assert "s3cr3t" not in str(raised.value)
    assert str(raised.value).startswith(f"--kubeconfig {path}:8:1: malformed YAML")


def test_addon_configuration_values_use_the_same_loader():
    """aws-node's configurationValues (YAML in a snapshot string) with a bad date
    and a 4,400-digit number: read as text, where yaml.safe_load raised ValueError."""
    from eks_lint.eks.ipam import addon_env

    text = "env:\n  WARM_IP_TARGET: 5\n  X: 2024-02-30\n  N: " + "9" * 4400 + "\n"
    assert addon_env({"configurationValues": text}) == {
        "WARM_IP_TARGET": "5",
        "X": "2024-02-30",
        "N": "9" * 4400,
    }
    assert addon_env({"configurationValues": "env: [unclosed"}) is None


def test_a_template_elsewhere_in_the_file_does_not_hide_a_yaml_error(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {note: 'uses {{ braces }}'}\n"
        "data:\n  a: 1\n  b: 2\n  c: 3\n  d: [unclosed\n"
    )
    outcome = lint(str(path))
    assert _invalid(outcome.findings) == [
        ("app.yaml", 11, 1, "malformed YAML: while parsing a flow sequence: did not find expected ',' or ']'")
    ]


def test_a_template_at_the_error_is_still_skipped(tmp_path):
    path = tmp_path / "deploy.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: '1'\n"
    )
    outcome = lint(str(path))
    assert outcome.findings == []
    assert outcome.report["summary"]["skipped_documents"] == {"Go/Helm template": 1}


def test_config_with_a_bad_date_or_huge_number_is_one_line(tmp_path):
    config = tmp_path / "c.yaml"
    for value in ("2024-02-30", "25:00:00", "9" * 4301):
        config.write_text(f"fail-on: {value}\n")
        done = cli("check", "--config", str(config), str(GOOD_NEIGHBOUR))
        assert done.code == 2, value
        assert done.stderr.startswith(f"eks-lint: {config}"), value
        assert "Traceback" not in done.stderr
