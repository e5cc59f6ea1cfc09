"""The manifest source: what is read, unpacked, skipped, and where objects come from."""

from helpers import FIXTURES, ROOT, cli, lint, located

from eks_lint.sources.manifests import expand_paths, load_manifests

SOURCES = FIXTURES / "sources"


def test_multi_document_yaml_keeps_each_documents_start_line():
    result = load_manifests([str(SOURCES / "multi.yaml")])
    assert [(o.name, o.source.document, o.source.line) for o in result.objects] == [
        ("one", 0, 2),
        ("two", 2, 7),
    ]
    assert result.documents == 3
    assert result.skipped == {"empty document": 1}


def test_kind_list_is_unpacked_and_findings_point_inside_items():
    outcome = lint("--select", "missing-resource-requests", str(SOURCES / "list.yaml"))
    assert located(outcome.findings) == [
        ("fixtures/sources/list.yaml", 13, 31, "missing-resource-requests"),
        ("fixtures/sources/list.yaml", 23, 31, "missing-resource-requests"),
    ]


def test_kubectl_json_output_is_unpacked_with_locations():
    outcome = lint("--select", "missing-resource-requests", str(SOURCES / "kubectl-output.json"))
    assert [f["resource"]["name"] for f in outcome.findings] == ["from-json"]
    assert located(outcome.findings) == [
        ("fixtures/sources/kubectl-output.json", 13, 54, "missing-resource-requests")
    ]


def test_stdin_is_read_with_dash():
    data = (SOURCES / "list.yaml").read_bytes()
    outcome = lint("--select", "missing-resource-requests", "-", stdin=data)
    assert [f["location"]["file"] for f in outcome.findings] == ["<stdin>", "<stdin>"]
    assert [f["location"]["line"] for f in outcome.findings] == [13, 23]


def test_non_kubernetes_yaml_and_helm_templates_are_skipped_silently():
    outcome = lint(str(SOURCES / "not-kubernetes.yaml"), str(SOURCES / "chart"))
    assert outcome.code == 0
    assert outcome.findings == []
    skipped = outcome.report["summary"]["skipped_documents"]
    assert skipped == {
        "not a Kubernetes object (no apiVersion/kind)": 3,
        "Helm chart template (render the chart with --helm CHART_DIR)": 1,
        "Helm chart values or Chart.yaml (not Kubernetes objects)": 2,
    }


def test_skipped_documents_are_counted_with_verbose():
    outcome = cli(
        "check", "-v", "--config", str(FIXTURES / "empty-config.yaml"), str(SOURCES / "not-kubernetes.yaml")
    )
    assert "skipped 3 documents: not a Kubernetes object (no apiVersion/kind)" in outcome.stdout
    quiet = cli(
        "check", "--config", str(FIXTURES / "empty-config.yaml"), str(SOURCES / "not-kubernetes.yaml")
    )
    assert "skipped" not in quiet.stdout.replace("rules skipped", "")


def test_folders_are_walked_recursively_for_manifest_suffixes_only():
    files = expand_paths([str(SOURCES / "tree")])
    relative = [str(p).replace(str(ROOT) + "/", "") for p in files]
    assert relative == ["fixtures/sources/tree/a.yml", "fixtures/sources/tree/nested/b.yaml"]


def test_exclude_globs_apply_to_walked_files():
    files = expand_paths([str(SOURCES / "tree")], exclude=["*/nested/*"])
    assert [f.rsplit("/", 1)[1] for f in files] == ["a.yml"]


def test_missing_path_is_a_usage_error():
    outcome = lint("does/not/exist.yaml")
    assert outcome.code == 2
    assert outcome.stderr == "eks-lint: does/not/exist.yaml: no such file or directory\n"


def test_no_paths_is_a_usage_error():
    outcome = lint()
    assert outcome.code == 2
    assert "nothing to check" in outcome.stderr


def test_a_templated_document_does_not_drop_the_rest_of_its_file():
    result = load_manifests([str(SOURCES / "templated.yaml")])
    assert [(o.name, o.source.document, o.source.line) for o in result.objects] == [
        ("first", 0, 1),
        ("web", 3, 20),
    ]
    name = str(SOURCES / "templated.yaml")
    assert result.skipped == {"Go/Helm template": 2}
    assert result.skipped_at == {"Go/Helm template": [f"{name}:6", f"{name}:13"]}
    assert (result.documents, result.problems) == (4, [])
    # The document after the templated ones is linted, at its own line and column.
    outcome = cli(
        "check",
        "-v",
        "--select",
        "missing-resource-requests",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        name,
    )
    first = outcome.stdout.splitlines()[0]
    assert first.startswith(f"{name}:34:17: warning EKS606 missing-resource-requests:")
    assert f"skipped 2 documents: Go/Helm template ({name}:6, {name}:13)" in outcome.stdout


def test_a_template_value_inside_a_mapping_skips_only_its_document(tmp_path):
    path = tmp_path / "values-in-place.yaml"
    path.write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: {{ .Values.ports }}\n"
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n"
    )
    result = load_manifests([str(path)])
    assert [(o.name, o.source.line) for o in result.objects] == [("b", 8)]
    assert result.skipped_at == {"Go/Helm template": [f"{path}:1"]}


def test_malformed_yaml_after_a_templated_document_is_still_reported(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-x\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n"
    )
    result = load_manifests([str(path)])
    assert result.objects == []
    assert result.skipped == {"Go/Helm template": 1}
    assert [(p.file, p.line) for p in result.problems] == [(str(path), 9)]
    assert result.problems[0].message.startswith("malformed YAML")
