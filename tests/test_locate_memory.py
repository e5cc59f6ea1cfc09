"""Memory that matches the job: composed YAML nodes are kept only for the first
``KEEP_NODES_BYTES`` of text, files without a Kubernetes object keep none, and
a document kept as a span is composed again once, whatever number of rules
found something in it, with the same lines and columns as kept nodes give."""

from __future__ import annotations

from helpers import lint, located

from eks_lint.engine.locate import DocumentSpan
from eks_lint.sources import manifests
from eks_lint.sources.manifests import load_manifests

#: Two Deployments of 3 replicas with neither a PDB nor a zone spread: two rules
#: (missing-pdb, no-zone-spread) find something in each.
APPS = "".join(
    f"---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: shop\n"
    "spec:\n  replicas: 3\n  selector:\n    matchLabels: {app: " + name + "}\n  template:\n"
    "    metadata:\n      labels: {app: " + name + "}\n    spec:\n      containers:\n"
    "        - name: app\n          image: example.com/app:1.0.0\n"
    for name in ("one", "two")
)
RULES = ("--select", "missing-pdb,no-zone-spread")


def _findings(path):
    outcome = lint(*RULES, str(path))
    assert outcome.code == 0, outcome.stderr
    return located(outcome.findings, path.parent)


def test_spans_locate_as_kept_nodes_and_compose_each_document_once(tmp_path, monkeypatch):
    path = tmp_path / "apps.yaml"
    path.write_text(APPS)
    kept = _findings(path)
    assert kept == [
        ("apps.yaml", 5, 9, "missing-pdb"),
        ("apps.yaml", 14, 5, "no-zone-spread"),
        ("apps.yaml", 22, 9, "missing-pdb"),
        ("apps.yaml", 31, 5, "no-zone-spread"),
    ]
    composed = []
    compose_alone = DocumentSpan.compose_alone

    def counting(span, text):
        composed.append(span.line)
        return compose_alone(span, text)

    monkeypatch.setattr(DocumentSpan, "compose_alone", counting)
    monkeypatch.setattr(manifests, "KEEP_NODES_BYTES", 0)
    assert _findings(path) == kept
    # Two documents with findings from two rules each: two compositions, not four.
    assert composed == [1, 18]  # 0-based first lines of the two documents


def test_nodes_are_kept_for_a_budget_of_text_then_spans(tmp_path, monkeypatch):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(APPS)
    second.write_text(APPS)
    monkeypatch.setattr(manifests, "KEEP_NODES_BYTES", len(APPS) + 10)
    loaded = load_manifests([str(tmp_path)])
    assert [type(node).__name__ for node in loaded.nodes[str(first)]] == ["MappingNode", "MappingNode"]
    assert [type(node) for node in loaded.nodes[str(second)]] == [DocumentSpan, DocumentSpan]
    assert loaded.kept_bytes == len(APPS)


def test_a_file_without_kubernetes_objects_keeps_no_nodes(tmp_path):
    values = tmp_path / "values.yaml"
    values.write_text("replicaCount: 3\nimage:\n  repository: example.com/app\n")
    app = tmp_path / "app.yaml"
    app.write_text(APPS)
    loaded = load_manifests([str(tmp_path)])
    assert loaded.nodes[str(values)] == []
    assert len(loaded.nodes[str(app)]) == 2
    assert loaded.kept_bytes == len(APPS)  # the values file took none of the budget
