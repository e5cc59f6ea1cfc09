"""The report options through the command line: --format/--output pairing in any
order, ``-o -``, one-line usage errors with "did you mean", --color and the
colour conventions, explain, baselined findings in JSON."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest
from helpers import FIXTURES, MANIFESTS, cli

from eks_lint.cli import main
from eks_lint.cli.output import use_color

BAD = str(MANIFESTS / "missing-pdb" / "bad.yaml")
CONFIG = str(FIXTURES / "empty-config.yaml")
RED_OR_YELLOW = ("\x1b[31m", "\x1b[33m")


def run(*args: str):
    return cli("check", "--config", CONFIG, "--select", "missing-pdb", *args)


def usage_error(*args: str) -> str:
    """The stderr of an argparse error: exit 2, one line."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited, redirect_stderr(err), redirect_stdout(io.StringIO()):
        main(list(args))
    assert exited.value.code == 2
    err = err.getvalue()
    assert err.count("\n") == 1 and "usage:" not in err, err
    return err


@pytest.mark.parametrize(
    "order",
    [
        ("-f", "json", "-o", "{out}"),
        ("-o", "{out}", "-f", "json"),
        ("--format", "json={out}"),
    ],
)
def test_output_belongs_to_its_format_whatever_the_order(tmp_path, order):
    out = tmp_path / "report.json"
    outcome = run(*(arg.format(out=out) for arg in order), BAD)
    assert outcome.code == 0, outcome.stderr
    assert json.loads(out.read_text())["findings"][0]["name"] == "missing-pdb"
    assert outcome.stdout == ""


def test_outputs_before_and_after_their_formats_in_one_command(tmp_path):
    sarif, junit = tmp_path / "a.sarif", tmp_path / "a.xml"
    outcome = run("-o", str(sarif), "-f", "sarif", "-f", "junit", "-o", str(junit), "-f", "text", BAD)
    assert outcome.code == 0, outcome.stderr
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith("<?xml")
    assert "warning EKS604 missing-pdb" in outcome.stdout


def test_dash_output_is_the_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outcome = run("-f", "json", "-o", "-", BAD)
    assert json.loads(outcome.stdout)["findings"][0]["name"] == "missing-pdb"
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_an_output_with_no_format_is_a_one_line_usage_error(tmp_path):
    outcome = run("-f", "json", "-o", str(tmp_path / "a"), "-o", str(tmp_path / "b"), BAD)
    assert outcome.code == 2
    b = tmp_path / "b"
    assert outcome.stderr == f"eks-lint: --output {b}: no --format next to it; write -f FORMAT -o {b}\n"
    err = usage_error("check", "-o", "a", "-o", "b", BAD)
    assert "--output b: two --output in a row" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("check", "--fail-on", "warnings", BAD), "invalid choice: 'warnings'"),
        (("check", "--today", "2026-13-01", BAD), "not a date like 2026-11-24: '2026-13-01'"),
        (("check", "--no-such-option", BAD), "unrecognized arguments: --no-such-option"),
        (("check", "--timeout", "0", BAD), "must be above 0"),
    ],
)
def test_argparse_errors_are_one_line(args, expected):
    assert expected in usage_error(*args)


def test_mistyped_choice_suggests_the_closest():
    assert "did you mean 'warning'?" in usage_error("check", "--fail-on", "warnings", BAD)


def test_mistyped_rule_and_format_suggest_the_closest():
    outcome = cli("check", "--config", CONFIG, "--select", "missing-pbd", BAD)
    assert outcome.code == 2
    assert (
        outcome.stderr
        == "eks-lint: unknown rule 'missing-pbd' (did you mean 'missing-pdb'? see: eks-lint rules)\n"
    )
    outcome = run("--format", "jsn", BAD)
    assert outcome.code == 2 and "did you mean 'json'?" in outcome.stderr
    assert outcome.stderr.count("\n") == 1
    outcome = cli("explain", "pdb-block-drain")
    assert outcome.code == 2 and "did you mean 'pdb-blocks-drain'?" in outcome.stderr


def test_color_flag_overrides_the_terminal_and_the_environment(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    coloured = run("--color", "always", BAD).stdout
    assert any(code in coloured for code in RED_OR_YELLOW)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in run("--color", "never", BAD).stdout
    assert any(code in run(BAD).stdout for code in RED_OR_YELLOW)  # auto + FORCE_COLOR, piped


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # empty means unset (no-color.org)
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ],
)
def test_auto_color_follows_the_conventions(environ, tty, expected):
    stream = _Tty() if tty else io.StringIO()
    assert use_color("auto", stream, environ) is expected


def test_explain_gives_the_source_once():
    for rule in ("aws-node-uses-node-role", "missing-pdb", "public-endpoint-open"):
        text = cli("explain", rule).stdout
        assert text.count("https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html") <= 1
        lines = [line for line in text.splitlines() if line.startswith(("Source:", "Sources:"))]
        assert len(lines) <= 1, lines


def test_baselined_findings_are_listed_in_json_as_in_sarif(tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run("--write-baseline", str(baseline), BAD).code == 0
    sarif = tmp_path / "out.sarif"
    outcome = run("--baseline", str(baseline), "-f", "json", "-f", "sarif", "-o", str(sarif), BAD)
    report = json.loads(outcome.stdout)
    assert report["findings"] == []
    listed = [(e["resource"]["name"], e["location"]["line"], e["suppressed_by"]) for e in report["baselined"]]
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert listed == [
        (
            r["properties"]["resource"].split("/")[-1],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["suppressions"][0]["justification"],
        )
        for r in results
    ]
    assert [line for _, line, _ in listed] == [4, 22, 56]
    assert {why for _, _, why in listed} == {f"in the baseline {baseline}"}
