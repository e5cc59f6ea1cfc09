"""Large inputs are parsed in worker processes with results identical to one
process: the same objects in the same order, problems, skips, texts, scopes,
and byte-identical reports with exact locations. The size thresholds are
lowered here so the fixtures and both corpora take the parallel path."""

from __future__ import annotations

import os
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


def _pid(job):
    """Which process ran a job (workers import this module to run it)."""
    return job, os.getpid()


def _ignores_interrupts(job):
    """Whether the process running the job ignores SIGINT; this process waits
    until a worker ran a job, so both are seen."""
    import multiprocessing
    import signal

    worker_ran, _ = job
    if multiprocessing.parent_process() is None:
        assert worker_ran.wait(timeout=120)
    else:
        worker_ran.set()
    return os.getpid(), signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_ignore_ctrl_c_and_this_process_keeps_its_handler():
    """Ctrl-C reaches every process of the group: the workers, born ignoring it,
    print no traceback (even while starting up); this process stops them."""
    import multiprocessing
    import signal

    worker_ran = multiprocessing.get_context("spawn").Event()
    before = signal.getsignal(signal.SIGINT)
    ran = list(parallel.in_workers(_ignores_interrupts, [(worker_ran, index) for index in range(20)], 2))
    assert signal.getsignal(signal.SIGINT) is before
    assert before is not signal.SIG_IGN
    pids = {pid for pid, _ in ran}
    assert len(pids) == 2 and os.getpid() in pids  # both took jobs
    for pid, ignored in ran:
        assert ignored == (pid != os.getpid())


def test_this_process_and_the_workers_give_results_in_job_order():
    jobs = [["x"] * size for size in range(40)]
    assert list(parallel.in_workers(len, jobs, 3)) == list(range(40))
    assert list(parallel.in_workers(len, jobs[:3], 1)) == [0, 1, 2]  # no worker: all here
    ran = list(parallel.in_workers(_pid, list(range(6)), 2))
    assert [job for job, _ in ran] == list(range(6))
    # This process takes the first run while the worker starts: it parses, not waits.
    assert ran[0][1] == os.getpid()


def test_an_error_in_a_job_is_raised_here_and_the_workers_stop():
    with pytest.raises(ValueError, match="invalid literal"):
        list(parallel.in_workers(int, ["1", "2", "three", "4"] * 5, 2))


class _Results:
    """A stand-in for the results queue: what was put, or what is to be got."""

    def __init__(self, items=(), late=False):
        self.items = list(items)
        self.late = late  # the first wait times out, the item arriving just after

    def put(self, item):
        self.items.append(item)

    def get_nowait(self):
        import queue

        if not self.items:
            raise queue.Empty
        return self.items.pop(0)

    def get(self, timeout):
        if self.late:
            import queue

            self.late = False
            raise queue.Empty
        return self.get_nowait()

    def close(self):
        pass

    def join_thread(self):
        pass


class _Worker:
    def __init__(self, alive):
        self.alive = alive

    def is_alive(self):
        return self.alive


def test_a_worker_sends_back_each_job_it_takes_with_its_result_or_its_error():
    import multiprocessing

    taken = multiprocessing.get_context("spawn").Value("i", 1)  # job 0 taken by another process
    results = _Results()
    parallel._work(int, ["0", "1", "x", "3"], taken, results)
    assert [(index, result) for index, result, _ in results.items] == [(1, 1), (2, None), (3, 3)]
    assert isinstance(results.items[1][2], ValueError)
    assert taken.value == 4


def test_waiting_on_workers_that_all_ended_without_a_result_fails_instead_of_hanging():
    done = {}
    with pytest.raises(parallel.WorkerFailed):
        parallel._receive(_Results(), done, [_Worker(False)], wait=True)
    # A result sent just before the last worker ended is still taken.
    parallel._receive(_Results([(3, "r", None)], late=True), done, [_Worker(False)], wait=True)
    assert done == {3: ("r", None)}
    parallel._receive(_Results(), done, [_Worker(True)], wait=False)  # nothing there: no wait
    assert done == {3: ("r", None)}
