"""Hostile input gets a clear invalid-yaml finding, fast, and the other files are still linted.

No timing assertions here (timings belong in bench/): a hang would show up as
the suite never finishing, and each case is small enough to run in well under
a second on the machine CI uses.
"""

from helpers import FIXTURES, lint

GOOD_NEIGHBOUR = str(FIXTURES / "manifests" / "single-replica-workload" / "bad.yaml")

ALIAS_BOMB = b"""apiVersion: v1
kind: ConfigMap
metadata: {name: lol}
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def _lint_with_neighbour(tmp_path, name, data):
    hostile = tmp_path / name
    hostile.write_bytes(data)
    outcome = lint(str(hostile), GOOD_NEIGHBOUR)
    invalid = [f for f in outcome.findings if f["name"] == "invalid-yaml"]
    others = [f for f in outcome.findings if f["name"] == "single-replica-workload"]
    assert len(others) == 2, "the other file must still be linted"
    assert len(invalid) == 1
    assert invalid[0]["location"]["file"] == str(hostile)
    assert outcome.code == 1
    return invalid[0]


def test_alias_bomb(tmp_path):
    finding = _lint_with_neighbour(tmp_path, "bomb.yaml", ALIAS_BOMB)
    assert "alias bomb" in finding["message"]


def test_fifty_megabyte_file(tmp_path):
    line = b"# padding padding padding padding padding padding padding padding padding padding\n"
    data = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n" + line * (
        50 * 1024 * 1024 // len(line)
    )
    finding = _lint_with_neighbour(tmp_path, "big.yaml", data)
    assert finding["message"].startswith("file is 50.0 MiB, over the 20 MiB limit")


def test_nesting_ten_thousand_deep(tmp_path):
    body = b"[" * 10_000 + b"]" * 10_000
    data = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: " + body + b"\n"
    finding = _lint_with_neighbour(tmp_path, "deep.yaml", data)
    assert finding["message"].startswith("nesting too deep")
    assert finding["location"]["line"] == 5


def test_nesting_below_the_parser_limit_but_absurd(tmp_path):
    body = b"{a: " * 500 + b"1" + b"}" * 500
    data = b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + body + b"\n"
    finding = _lint_with_neighbour(tmp_path, "deep-map.yaml", data)
    assert finding["message"] == "nesting deeper than 200 levels; not a manifest"


def test_binary_data(tmp_path):
    data = bytes(range(256)) * 64
    finding = _lint_with_neighbour(tmp_path, "binary.yaml", data)
    assert finding["message"] == "binary data (a NUL byte), not a YAML or JSON manifest"


def test_not_utf8(tmp_path):
    data = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: latin}\ndata: {k: café}\n".encode("latin-1")
    finding = _lint_with_neighbour(tmp_path, "latin1.yaml", data)
    assert finding["message"].startswith("not UTF-8 text: byte 0xe9 cannot be decoded")
    assert (finding["location"]["line"], finding["location"]["column"]) == (4, 14)


def test_utf16_with_bom_is_read(tmp_path):
    text = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: wide}\n"
    path = tmp_path / "utf16.yaml"
    path.write_bytes(text.encode("utf-16"))
    outcome = lint(str(path))
    assert outcome.findings == []
    assert outcome.report["summary"]["objects"] == 1


def test_a_few_anchors_in_a_real_manifest_are_fine(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text(
        """apiVersion: apps/v1
kind: Deployment
metadata: {name: anchored, namespace: a}
spec:
  replicas: 3
  selector: {matchLabels: &labels {app: anchored}}
  template:
    metadata: {labels: *labels}
    spec:
      containers: [{name: c, image: "example.com/c:1.0.0"}]
"""
    )
    outcome = lint("--select", "single-replica-workload,invalid-yaml", str(path))
    assert outcome.findings == []


def test_max_file_size_can_be_raised(tmp_path):
    path = tmp_path / "medium.yaml"
    path.write_bytes(
        b"apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: m}\n" + b"#" * 2_000_000 + b"\n"
    )
    assert lint("--max-file-size", "1", str(path)).findings[0]["name"] == "invalid-yaml"
    assert lint("--max-file-size", "5", str(path)).findings == []
