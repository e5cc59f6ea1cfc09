"""Helm: recorded ``helm template`` output maps to the chart's templates, and
``--helm`` runs helm with the right arguments (a fake helm records them).

The recorded outputs in fixtures/helm/rendered were written by hand to helm
3's output format (see fixtures/helm/README.md); the test that needs a real
helm is skipped when there is none.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from helpers import ROOT, lint

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.helm import parse_values, template_argv, template_file
from eks_lint.sources.render import run_renderer

CHART = "fixtures/helm/web"
RENDERED = "fixtures/helm/rendered"
DEFAULT = f"{RENDERED}/web-default.yaml"
PROD = f"{RENDERED}/web-prod.yaml"
DEPLOYMENT = f"{CHART}/templates/deployment.yaml"
SUBCHART = f"{CHART}/charts/cache/templates/statefulset.yaml"
RULES = "missing-resource-requests,missing-pdb,pdb-unhealthy-eviction-policy"


def where(finding: dict) -> tuple:
    location = finding["location"]
    rendered = location.get("rendered") or {}
    return (
        finding["name"],
        location["file"],
        location["line"],
        location["column"],
        location.get("precision"),
        rendered.get("file"),
        rendered.get("line"),
    )


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_recorded_output_findings_point_at_the_templates_with_the_rendered_line_alongside():
    outcome = lint("--select", RULES, DEFAULT)
    assert outcome.code == 0
    assert [where(f) for f in outcome.findings] == [
        # the subchart's template, under charts/cache
        ("missing-resource-requests", SUBCHART, 17, 11, "field", DEFAULT, 66),
        # metadata.name: the key's line in the template, the value's in the output
        ("missing-pdb", DEPLOYMENT, 4, 3, "field", DEFAULT, 25),
        # resources: {} from toYaml: the key is in the template, its value in values.yaml
        ("missing-resource-requests", DEPLOYMENT, 22, 11, "field", DEFAULT, 46),
    ]


def test_each_values_render_is_its_own_scope_and_names_its_output():
    # The prod render has a PodDisruptionBudget; the default render has none.
    # Were the two renders one scope, the prod budget would cover the default Deployment.
    outcome = lint("--select", RULES, DEFAULT, PROD)
    names = [(f["name"], f["location"]["rendered"]["file"]) for f in outcome.findings]
    assert ("missing-pdb", DEFAULT) in names
    assert ("missing-pdb", PROD) not in names
    assert ("pdb-unhealthy-eviction-policy", PROD) in names
    # requests are set by values-prod.yaml: only the default render lacks them
    web_requests = [
        f["location"]["rendered"]["file"]
        for f in outcome.findings
        if f["name"] == "missing-resource-requests" and f["location"]["file"] == DEPLOYMENT
    ]
    assert web_requests == [DEFAULT]


def test_a_finding_on_a_field_set_from_values_is_placed_at_its_key_in_the_template():
    outcome = lint("--select", "pdb-unhealthy-eviction-policy", PROD)
    assert [where(f) for f in outcome.findings] == [
        ("pdb-unhealthy-eviction-policy", f"{CHART}/templates/pdb.yaml", 6, 1, "field", PROD, 7)
    ]


def test_piped_output_is_mapped_from_the_working_folder(monkeypatch):
    data = (ROOT / DEFAULT).read_bytes()
    monkeypatch.chdir(ROOT / "fixtures/helm")
    outcome = lint("--select", "missing-pdb", "-", stdin=data)
    assert [where(f) for f in outcome.findings] == [
        ("missing-pdb", "web/templates/deployment.yaml", 4, 3, "field", "<stdin>", 25)
    ]


def test_without_the_chart_findings_stay_on_the_rendered_output(monkeypatch, tmp_path):
    # Rendered manifests kept in a repository without their chart: the rendered
    # file is what a reviewer edits.
    monkeypatch.chdir(tmp_path)
    outcome = lint("--select", "missing-pdb", "-", stdin=(ROOT / DEFAULT).read_bytes())
    assert [f["location"] for f in outcome.findings] == [{"file": "<stdin>", "line": 25, "column": 9}]


def test_files_of_one_render_split_by_template_relate_as_one(tmp_path):
    # helm template --output-dir writes one file per template: the budget in
    # pdb.yaml covers the Deployment in deployment.yaml.
    documents = (ROOT / PROD).read_text().split("---\n")[1:]
    for number, document in enumerate(documents):
        (tmp_path / f"{number}.yaml").write_text("---\n" + document)
    outcome = lint("--select", "missing-pdb,missing-resource-requests", str(tmp_path))
    assert [(f["name"], f["resource"]["name"]) for f in outcome.findings] == [
        ("missing-resource-requests", "shop-cache")
    ]


def test_chart_files_met_in_a_folder_walk_are_skipped_and_verbose_says_where():
    outcome = lint("--select", RULES, CHART)
    assert outcome.code == 0
    assert outcome.findings == []
    skipped = outcome.report["summary"]["skipped_documents"]
    assert skipped["Helm chart template (render the chart with --helm CHART_DIR)"] == 4
    assert skipped["Helm chart values or Chart.yaml (not Kubernetes objects)"] == 5
    text = lint_text("-v", "--select", RULES, CHART)
    assert f"{CHART}/templates/deployment.yaml" in text
    assert f"{CHART}/values-prod.yaml" in text


def lint_text(*args: str) -> str:
    from helpers import cli

    outcome = cli("check", "--config", str(ROOT / "fixtures/empty-config.yaml"), *args)
    return outcome.stdout + outcome.stderr


# --helm, with a fake helm that records its arguments


@pytest.fixture
def fake_helm(tmp_path, monkeypatch):
    """A ``helm`` on the PATH that records its argv and prints a recorded render:
    web-prod.yaml when a values file named *prod* is given, else web-default.yaml."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.jsonl"
    script = bin_dir / "helm"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "if 'fail' in ' '.join(sys.argv):\n"
        "    sys.stderr.write('Error: parse error at (web/templates/x.yaml:3): bad\\nmore\\n')\n"
        "    sys.exit(1)\n"
        "prod = any('prod' in arg for arg in sys.argv)\n"
        f"name = {str(ROOT / PROD)!r} if prod else {str(ROOT / DEFAULT)!r}\n"
        "sys.stdout.write(open(name).read())\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return calls


def recorded(calls: Path) -> list[list[str]]:
    return [json.loads(line) for line in calls.read_text().splitlines()]


def test_helm_is_run_with_kube_version_values_set_namespace_and_release(fake_helm):
    outcome = lint(
        "--select",
        RULES,
        "--k8s-version",
        "1.31",
        "--helm",
        CHART,
        "--values",
        f"prod={CHART}/values-prod.yaml",
        "--set",
        "image.tag=1.4.3",
        "--release",
        "shop",
        "--namespace",
        "shop",
    )
    assert recorded(fake_helm) == [
        [
            "template",
            "shop",
            CHART,
            "--kube-version",
            "1.31",
            "--namespace",
            "shop",
            "--values",
            f"{CHART}/values-prod.yaml",
            "--set",
            "image.tag=1.4.3",
        ]
    ]
    render = f"<helm template {CHART} (values prod)>"
    assert [where(f) for f in outcome.findings] == [
        ("missing-resource-requests", SUBCHART, 17, 11, "field", render, 82),
        ("pdb-unhealthy-eviction-policy", f"{CHART}/templates/pdb.yaml", 6, 1, "field", render, 7),
    ]


def test_one_render_per_values_argument_each_its_own_scope(fake_helm):
    outcome = lint(
        "--select",
        "missing-pdb",
        "--k8s-version",
        "1.31",
        "--helm",
        CHART,
        "--values",
        f"{CHART}/values.yaml",
        "--values",
        f"prod={CHART}/values.yaml,{CHART}/values-prod.yaml",
    )
    calls = recorded(fake_helm)
    assert [call[call.index("--values") :] for call in calls] == [
        ["--values", f"{CHART}/values.yaml"],
        ["--values", f"{CHART}/values.yaml", "--values", f"{CHART}/values-prod.yaml"],
    ]
    assert all(call[:3] == ["template", "release-name", CHART] for call in calls)
    # Only the render without a budget misses one, and the finding says which values it came from.
    assert [where(f) for f in outcome.findings] == [
        ("missing-pdb", DEPLOYMENT, 4, 3, "field", f"<helm template {CHART} (values values)>", 25)
    ]


def test_no_values_renders_the_chart_defaults_once(fake_helm):
    lint("--select", "missing-pdb", "--helm", CHART)
    (call,) = recorded(fake_helm)
    assert "--values" not in call and call[:3] == ["template", "release-name", CHART]
    assert call[call.index("--kube-version") + 1]  # the newest EKS version when none is stated


def test_a_failed_render_is_one_line_and_exit_2(fake_helm):
    outcome = lint("--helm", CHART, "--set", "fail=1")
    assert outcome.code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.strip().splitlines()[-1] == (
        f"eks-lint: helm template {CHART}: render failed (exit 1): "
        "Error: parse error at (web/templates/x.yaml:3): bad"
    )


def test_without_helm_on_the_path_one_line_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    outcome = lint("--helm", CHART)
    assert outcome.code == 2
    last = outcome.stderr.strip().splitlines()[-1]
    assert "helm binary on the PATH" in last and "helm template CHART | eks-lint check -" in last
    assert "Traceback" not in outcome.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--values", "x.yaml", "fixtures/manifests"], "--values: only with --helm CHART_DIR"),
        (["--helm", "fixtures/helm/rendered"], "not a chart folder (no Chart.yaml)"),
        (["--helm", CHART, "--values", "missing.yaml"], "--values missing.yaml: no such file"),
        (["--helm", CHART, "--helm", CHART, "--values", f"{CHART}/values.yaml"], "one chart"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(fake_helm, args, message):
    outcome = lint(*args)
    assert outcome.code == 2
    assert message in outcome.stderr.strip().splitlines()[-1]
    assert not fake_helm.exists()  # helm was never run


def test_parse_values_names_and_layers():
    renders = parse_values(["fixtures/helm/web/values.yaml", "prod=fixtures/helm/web/values-prod.yaml"])
    assert [(r.name, r.files) for r in renders] == [
        ("values", ["fixtures/helm/web/values.yaml"]),
        ("prod", ["fixtures/helm/web/values-prod.yaml"]),
    ]
    with pytest.raises(EksLintError, match="given twice"):
        parse_values(["a=fixtures/helm/web/values.yaml", "a=fixtures/helm/web/values.yaml"])


def test_template_argv_never_builds_a_shell_string():
    from eks_lint.sources.helm import ValuesRender

    argv = template_argv(
        "helm", "c; rm -rf /", ValuesRender("x", ["v.yaml"]), ["a=$(id)"], None, None, "1.30"
    )
    assert argv == ["helm", "template", "release-name", "c; rm -rf /", "--kube-version", "1.30"] + [
        "--values",
        "v.yaml",
        "--set",
        "a=$(id)",
    ]


def test_a_source_outside_the_chart_is_not_followed():
    for source in ("/etc/passwd", "web/../../../etc/passwd", "deployment.yaml"):
        assert template_file(source, DEFAULT, CHART) is None
        assert template_file(source, DEFAULT, None) is None


def test_subchart_sources_map_under_the_chart_folder():
    assert template_file("web/charts/cache/templates/statefulset.yaml", "<x>", CHART) == SUBCHART
    assert template_file("web/charts/cache/templates/statefulset.yaml", DEFAULT, None) == SUBCHART


# the renderer's bounds


def test_a_render_that_does_not_finish_is_stopped():
    argv = [sys.executable, "-c", "import time; time.sleep(30)"]
    with pytest.raises(EksLintError, match=r"^slow: render did not finish in 0.3 seconds$"):
        run_renderer(argv, "slow", timeout=0.3)


def test_a_render_that_prints_too_much_is_stopped():
    argv = [sys.executable, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"]
    with pytest.raises(EksLintError, match=r"^big: render printed more than 1 MiB$"):
        run_renderer(argv, "big", max_bytes=1024 * 1024)


def test_stderr_of_a_failed_render_is_reduced_to_its_first_line():
    argv = [sys.executable, "-c", "import sys; sys.stderr.write('\\n  first\\nsecond\\n'); sys.exit(3)"]
    with pytest.raises(EksLintError, match=r"^t: render failed \(exit 3\): first$"):
        run_renderer(argv, "t")


@pytest.mark.skipif(
    shutil.which("helm") is None, reason="helm is not installed: the recorded outputs stand in"
)
def test_real_helm_renders_what_was_recorded(tmp_path):
    import subprocess

    for values, recorded_file in ((None, DEFAULT), (f"{CHART}/values-prod.yaml", PROD)):
        argv = ["helm", "template", "shop", CHART, "--kube-version", "1.31"]
        if values:
            argv += ["--values", values]
        out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60).stdout
        assert out == (ROOT / recorded_file).read_text()


def test_templates_count_as_checked_files_for_the_baseline():
    # A baseline entry on a template is "fixed" only if that template was checked.
    from eks_lint.cli.output import manifest_stats
    from eks_lint.sources.manifests import load_manifests

    checked = manifest_stats(load_manifests([DEFAULT]))["checked_files"]
    assert checked == sorted([DEFAULT, DEPLOYMENT, SUBCHART, f"{CHART}/templates/service.yaml"])


def test_the_config_lists_the_values_renders(fake_helm, tmp_path):
    config = tmp_path / ".eks-lint.yaml"
    values = ROOT / CHART / "values-prod.yaml"
    config.write_text(f"helm-values:\n  prod: [{values}]\n  default: [{ROOT / CHART / 'values.yaml'}]\n")
    outcome = cli_json("--config", str(config), "--select", "missing-pdb", "--helm", CHART)
    assert [call[call.index("--values") :] for call in recorded(fake_helm)] == [
        ["--values", str(values)],
        ["--values", str(ROOT / CHART / "values.yaml")],
    ]
    assert [f["location"]["rendered"]["file"] for f in outcome.findings] == [
        f"<helm template {CHART} (values default)>"
    ]
    # --values on the command line wins over the config's list
    lint_values = cli_json("--config", str(config), "--helm", CHART, "--values", f"x={values}")
    assert lint_values.code == 0
    assert recorded(fake_helm)[-1][-2:] == ["--values", str(values)]
    assert len(recorded(fake_helm)) == 3


def cli_json(*args: str):
    from helpers import cli

    return cli("check", "--format", "json", *args)


def _packaged(tmp_path: Path) -> Path:
    """The web chart with its cache subchart packaged as ``helm dependency build``
    leaves it (charts/cache-0.1.0.tgz holding cache/...), beside a decoy archive
    of another chart whose name starts the same, and the recorded output."""
    import tarfile

    chart = tmp_path / "web"
    shutil.copytree(ROOT / CHART, chart)
    for name, source in (("cache-proxy-1.0.0.tgz", "cache-proxy"), ("cache-0.1.0.tgz", "cache")):
        with tarfile.open(chart / "charts" / name, "w:gz") as tar:
            tar.add(chart / "charts" / "cache", arcname=source)
    shutil.rmtree(chart / "charts" / "cache")
    shutil.copy(ROOT / DEFAULT, tmp_path / "web-default.yaml")
    return chart


def test_a_packaged_subchart_template_maps_to_its_archive(tmp_path):
    chart = _packaged(tmp_path)
    source = "web/charts/cache/templates/statefulset.yaml"
    archive = os.path.normpath(str(chart / "charts" / "cache-0.1.0.tgz"))
    assert template_file(source, "<x>", str(chart)) == archive
    assert template_file(source, str(tmp_path / "web-default.yaml"), None) == archive
    # the parent's own templates still map to their files
    assert template_file("web/templates/deployment.yaml", "<x>", str(chart)) == os.path.normpath(
        str(chart / "templates" / "deployment.yaml")
    )
    (chart / "charts" / "cache-0.1.0.tgz").unlink()  # only the decoy left: not that chart
    assert template_file(source, "<x>", str(chart)) is None
    # a template that is not there at all is not pointed at
    assert template_file("web/templates/gone.yaml", "<x>", str(chart)) is None


def test_findings_from_a_packaged_subchart_are_placed_on_the_archive(monkeypatch, tmp_path):
    """The archive is not text: the finding is on it as a whole (precision file),
    with the rendered line alongside, instead of on a file that does not exist."""
    _packaged(tmp_path)
    monkeypatch.chdir(tmp_path)
    outcome = lint("--select", RULES, "web-default.yaml")
    assert outcome.code == 0, outcome.stderr
    assert [where(f) for f in outcome.findings] == [
        ("missing-resource-requests", "web/charts/cache-0.1.0.tgz", 1, 1, "file", "web-default.yaml", 66),
        ("missing-pdb", "web/templates/deployment.yaml", 4, 3, "field", "web-default.yaml", 25),
        (
            "missing-resource-requests",
            "web/templates/deployment.yaml",
            22,
            11,
            "field",
            "web-default.yaml",
            46,
        ),
    ]
