"""What users supplied cannot forge a finding, drive the terminal or break XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from helpers import FIXTURES, cli

from eks_lint.report.escape import terminal, xml

CONFIG = str(FIXTURES / "empty-config.yaml")
HOSTILE = r"""apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: "shop\x01\e[31m"}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: "app\nforged.yaml:1:1: error EKS999 forged: planted\e]0;pwned\a\u202e"
        image: "nginx:1.27"
"""


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    return str(path)


def _run(output: str, path: str) -> str:
    done = cli("check", "--config", CONFIG, "--select", "missing-resource-requests", "-f", output, path)
    assert done.code in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize("output", ["text", "table", "markdown", "github"])
def test_no_forged_line_and_no_control_characters(hostile, output):
    text = _run(output, hostile)
    assert "missing-resource-requests" in text  # the finding is there, with the name in it
    assert "planted" in text
    assert not any(line.startswith("forged.yaml") for line in text.splitlines())
    for char in ("\x1b", "\x07", "\x01", "\u202e"):
        assert char not in text, (output, repr(char))


def test_text_shows_the_escapes(hostile):
    (line,) = [line for line in _run("text", hostile).splitlines() if "missing-resource-requests" in line]
    assert "app\\nforged.yaml:1:1: error EKS999 forged: planted\\x1b]0;pwned\\x07\\u202e" in line


def test_junit_is_well_formed_for_control_characters(hostile):
    root = ET.fromstring(_run("junit", hostile))
    names = [case.get("name") for case in root.iter("testcase")]
    assert any("shop\\x01\\x1b[31m" in str(name) for name in names)


def test_helpers():
    assert terminal("a\tb\r\nc\x00\x9b\u2066") == "a\\tb\\r\\nc\\x00\\x9b\\u2066"
    assert terminal("ünïcödé and emoji 😀") == "ünïcödé and emoji 😀"
    assert xml("ok\ufffe\x0b") == "ok\\ufffe\\x0b"
