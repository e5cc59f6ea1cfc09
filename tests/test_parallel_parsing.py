"""Large inputs are parsed in worker processes with results identical to one
process: the same objects in the same order, problems, skips, texts, scopes,
and byte-identical reports with exact locations. The size thresholds are
lowered here so the fixtures and both corpora take the parallel path."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import CORPUS, FIXTURES, lint

from eks_lint.sources import manifests, parallel
from eks_lint.sources.manifests import load_manifests

INPUTS = {
    "fixtures": [str(FIXTURES / "manifests")],
    "corpus": [str(CORPUS / "manifests")],
    "corpus2": [str(CORPUS / "manifests2")],
}


@pytest.fixture
def workers_used(monkeypatch):
    """Force the parallel path (2 cores, any size) and count the worker pools."""
    pools = []
    in_workers = parallel.in_workers

    def counting(function, jobs, workers):
        pools.append((len(jobs), workers))
        return in_workers(function, jobs, workers)

    monkeypatch.setattr(parallel, "in_workers", counting)
    monkeypatch.setattr(manifests, "_cores", lambda: 2)
    monkeypatch.setattr(manifests, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(manifests, "PARALLEL_MIN_FILES", 2)
    return pools


def _single(monkeypatch):
    monkeypatch.setattr(manifests, "PARALLEL_MIN_BYTES", 10**15)


def _shape(loaded):
    return (
        [(obj.source, obj.data, obj.scope) for obj in loaded.objects],
        loaded.problems,
        loaded.skipped,
        loaded.skipped_at,
        loaded.files,
        loaded.documents,
        list(loaded.texts.items()),
        loaded.scopes,
    )


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_parallel_loading_gives_what_one_process_does(name, monkeypatch, workers_used):
    parallel_run = _shape(load_manifests(INPUTS[name]))
    assert workers_used and workers_used[0][1] == 2, "the parallel path was not taken"
    _single(monkeypatch)
    single = _shape(load_manifests(INPUTS[name]))
    assert len(workers_used) == 1  # the single-process run started no worker
    assert parallel_run == single
    assert len(single[0]) > 20  # objects were read


def test_parallel_reports_are_byte_identical(monkeypatch, workers_used):
    paths = [path for paths in INPUTS.values() for path in paths]
    in_workers = lint("--fail-on", "never", *paths)
    assert len(workers_used) == 1
    _single(monkeypatch)
    one_process = lint("--fail-on", "never", *paths)
    assert len(workers_used) == 1
    assert in_workers.code == one_process.code == 0
    assert in_workers.stdout == one_process.stdout
    assert len(one_process.findings) > 100 and all(f["location"]["line"] for f in one_process.findings)


def test_small_inputs_stay_in_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(manifests, "_cores", lambda: 8)
    files = []
    for index in range(20):
        path = tmp_path / f"{index}.yaml"
        path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
        files.append(str(path))
    assert manifests._parallel_workers(files) == 1  # 20 small files: far under PARALLEL_MIN_BYTES
    assert manifests._parallel_workers(files[:3] + ["-"]) == 1
    monkeypatch.setattr(manifests, "PARALLEL_MIN_BYTES", 1000)
    assert manifests._parallel_workers(files) == 8
    assert manifests._parallel_workers(files[: manifests.PARALLEL_MIN_FILES - 1]) == 1
    assert manifests._parallel_workers([*files, "-"]) == 1  # stdin is read here
    monkeypatch.setattr(manifests, "_cores", lambda: 1)
    assert manifests._parallel_workers(files) == 1


def test_runs_of_files_keep_their_order_and_balance_size(tmp_path):
    files = []
    for index, size in enumerate([10, 10, 10, 10, 1000, 10, 10, 10]):
        path = tmp_path / f"{index}.yaml"
        path.write_text("x" * size)
        files.append(str(path))
    # 1,070 bytes in at most 4 runs: about 268 each; the large file closes the first run.
    assert parallel.runs_of_files(files, 4) == [files[:5], files[5:]]
    assert parallel.runs_of_files(files, 1) == [files]
    assert parallel.runs_of_files(files[:3], 8) == [[files[0]], [files[1]], [files[2]]]


def test_a_script_without_a_main_guard_does_not_run_again_in_the_workers(tmp_path):
    """Spawned workers import the parent's main script unless it is guarded; eks-lint
    starts them without it, so a plain script calling main() runs once, no hang."""
    script = tmp_path / "lint_all.py"
    script.write_text(
        "import eks_lint.sources.manifests as m\n"
        "m.PARALLEL_MIN_BYTES = 0\n"
        "m._cores = lambda: 2\n"
        "from eks_lint.cli import main\n"
        "print('RAN')\n"
        f"print('EXIT', main(['check', '--quiet', '--fail-on', 'never', {str(CORPUS / 'manifests')!r}]))\n"
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("RAN") == 1 and "EXIT 0" in out.stdout
    assert "internal error" not in out.stderr
