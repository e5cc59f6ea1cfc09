"""Findings on rendered objects point at the template or base a reviewer edits,
in every report format, with the rendered position alongside; and how the
declaring file's line is found (``engine.origin``)."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT, cli

from eks_lint.engine.model import K8sObject, ObjectSource
from eks_lint.engine.origin import OriginLocator

DEFAULT = "fixtures/helm/rendered/web-default.yaml"
DEPLOYMENT = "fixtures/helm/web/templates/deployment.yaml"
CONFIG = str(ROOT / "fixtures/empty-config.yaml")


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(fmt: str, *args: str, stdin: bytes | None = None) -> str:
    outcome = cli("check", "--config", CONFIG, "--format", fmt, "--select", "missing-pdb", *args, stdin=stdin)
    assert outcome.code == 0, outcome.stderr
    return outcome.stdout


def test_text_names_the_template_and_the_rendered_line():
    first = run("text", DEFAULT).splitlines()[0]
    assert first.startswith(f"{DEPLOYMENT}:4:3: warning EKS604 missing-pdb: ")
    assert first.endswith(f" (rendered at {DEFAULT}:25:9)")


def test_sarif_physical_location_is_the_template_and_related_location_the_output():
    (result,) = json.loads(run("sarif", DEFAULT))["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == DEPLOYMENT
    assert physical["region"] == {"startLine": 4, "startColumn": 3, "endLine": 4, "endColumn": 4}
    related = result["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == DEFAULT
    assert related["region"] == {"startLine": 25, "startColumn": 9, "endLine": 25, "endColumn": 10}
    assert result["properties"]["precision"] == "field"
    assert result["properties"]["rendered"] == f"{DEFAULT}:25:9"


def test_github_annotation_is_on_the_template():
    line = run("github", DEFAULT).splitlines()[0]
    assert line.startswith(f"::warning file={DEPLOYMENT},line=4,col=3,title=EKS604 missing-pdb::")
    assert line.endswith(f"(rendered at {DEFAULT}:25:9)")


def test_only_the_file_known_gives_no_made_up_line(tmp_path, monkeypatch):
    # The Deployment comes from a helper: its template holds no ``kind:`` line.
    templates = tmp_path / "web" / "templates"
    templates.mkdir(parents=True)
    (templates / "deployment.yaml").write_text('{{ include "web.deployment" . }}\n')
    data = (ROOT / DEFAULT).read_bytes()
    monkeypatch.chdir(tmp_path)
    text = run("text", "-", stdin=data).splitlines()[0]
    assert text.startswith("web/templates/deployment.yaml: warning EKS604 missing-pdb: ")
    assert text.endswith("(only the file is known; rendered at <stdin>:25:9)")
    github = run("github", "-", stdin=data).splitlines()[0]
    assert github.startswith("::warning file=web/templates/deployment.yaml,title=EKS604 missing-pdb::")
    (result,) = json.loads(run("sarif", "-", stdin=data))["runs"][0]["results"]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "web/templates/deployment.yaml"
    # GitHub requires a region: the file's start, with precision "file" saying no line is known
    assert physical["region"] == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}
    assert result["properties"]["precision"] == "file"
    assert "relatedLocations" not in result  # standard input is no file to link to
    table = run("table", "-", stdin=data)
    assert "web/templates/deployment.yaml " in table and "deployment.yaml:1:1" not in table
    junit = run("junit", "-", stdin=data)
    assert "web/templates/deployment.yaml: warning EKS604" in junit
    markdown = run("markdown", "-", stdin=data)
    assert "missing-pdb" in markdown and " line 1" not in markdown


def test_json_report_with_rendered_locations_matches_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "eks_lint/schemas/report.schema.json").read_text())
    report = json.loads(run("json", DEFAULT))
    jsonschema.validate(report, schema)
    assert report["findings"][0]["location"]["rendered"] == {"file": DEFAULT, "line": 25, "column": 9}


# engine.origin: finding the line in the declaring file

TEMPLATE = """\
{{- if .Values.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: app
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
"""


def locate(tmp_path, text: str, kind: str, name: str, path: tuple) -> tuple:
    file = tmp_path / "t.yaml"
    file.write_text(text)
    obj = K8sObject(
        {"apiVersion": "v1", "kind": kind, "metadata": {"name": name}},
        ObjectSource("<out>", 0, 1, origin=str(file)),
    )
    location = OriginLocator().locate(obj, path, None)
    return location.line, location.column, location.precision


def test_a_template_key_is_found_in_the_document_of_the_objects_kind(tmp_path):
    path = ("spec", "template", "spec", "containers", 0, "resources")
    assert locate(tmp_path, TEMPLATE, "Deployment", "r", path) == (22, 11, "field")
    assert locate(tmp_path, TEMPLATE, "Deployment", "r", ("spec", "template", "spec", "nodeSelector")) == (
        17,
        7,
        "field",
    )


def test_a_key_only_in_values_is_placed_at_its_nearest_parent(tmp_path):
    path = ("spec", "template", "spec", "containers", 0, "resources", "limits", "memory")
    assert locate(tmp_path, TEMPLATE, "Deployment", "r", path) == (22, 11, "parent")


def test_a_key_is_not_taken_from_another_block(tmp_path):
    # ``data`` belongs to the ConfigMap: in the Deployment's document it is not found.
    assert locate(tmp_path, TEMPLATE, "Deployment", "r", ("data",)) == (9, 1, "object")
    assert locate(tmp_path, TEMPLATE, "ConfigMap", "r-settings", ("data", "mode")) == (7, 3, "field")


def test_a_kind_not_in_the_file_or_a_missing_file_leaves_only_the_file(tmp_path):
    assert locate(tmp_path, TEMPLATE, "Service", "r", ("spec",)) == (1, 1, "file")
    obj = K8sObject({"kind": "Service"}, ObjectSource("<out>", 0, 1, origin=str(tmp_path / "gone.yaml")))
    assert OriginLocator().locate(obj, ("spec",), None).precision == "file"


def test_a_yaml_base_is_walked_as_yaml_and_picks_the_document_by_name(tmp_path):
    base = (
        "kind: Deployment\nmetadata:\n  name: a\n---\n"
        "kind: Deployment\nmetadata:\n  name: b\nspec:\n  replicas: 1\n"
    )
    assert locate(tmp_path, base, "Deployment", "prod-b", ("spec", "replicas")) == (9, 13, "field")
    assert locate(tmp_path, base, "Deployment", "prod-b", ("spec", "paused")) == (8, 1, "parent")
    assert locate(tmp_path, base, "Deployment", "a-suffix", ("metadata", "name")) == (3, 9, "field")


def test_nested_keys_and_kinds_are_not_taken_for_the_documents_own(tmp_path):
    template = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  labels:
    spec: nested
roleRef:
  kind: Role
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  annotations:
    spec: nested
spec: {}
"""
    # the Role is the second document, not the RoleBinding whose roleRef names a Role
    assert locate(tmp_path, template, "Role", "", ("metadata",)) == (11, 1, "field")
    # its top-level spec, not the annotation named spec
    assert locate(tmp_path, template, "Role", "", ("spec",)) == (14, 1, "field")
    assert locate(tmp_path, template, "RoleBinding", "", ("spec",)) == (1, 1, "object")
