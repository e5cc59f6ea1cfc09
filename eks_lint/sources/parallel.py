"""Work spread over processes, one per core, for large inputs.

This process works too: it and ``processes - 1`` workers each take the next
job nobody has taken, so none waits on the others and this process sends
nothing back for its own jobs. Workers are started with ``spawn``, which is
safe whatever the parent holds (threads, locks, open clients), unlike
``fork``; results are yielded in the order of the jobs, so a caller that
merges them in that order gets what one process would have produced. Small
inputs never come here: starting a worker costs about what parsing 100 KB of
YAML does (see ``manifests.PARALLEL_MIN_BYTES``).
"""

from __future__ import annotations

import os
import signal
import sys
from types import ModuleType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

#: Seconds between checks that the workers still live while waiting on them.
POLL_SECONDS = 0.2


class WorkerFailed(Exception):
    """A worker process ended without sending back a job's result."""


def in_workers(function: Callable[[Any], Any], jobs: list[Any], processes: int) -> Iterator[Any]:
    """``function(job)`` for each job, in this process and ``processes - 1`` workers,
    yielded in job order. An exception a job raised is raised here.

    ``function`` must be a module-level function (workers import it by name).
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    taken = context.Value("i", 0)  # the next job to take, shared (with its lock)
    results = context.Queue()
    workers = [
        context.Process(target=_work, args=(function, jobs, taken, results), daemon=True)
        for _ in range(max(processes - 1, 0))
    ]
    # A spawned worker runs the parent's main script again unless it is guarded by
    # ``if __name__ == "__main__"``; a script calling eks-lint without the guard
    # would start workers in every worker. Workers need nothing from it (they
    # import ``function`` by its module), so they are started without it.
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = ModuleType("__main__")
    # Workers are born ignoring Ctrl-C (an ignored signal stays ignored across exec,
    # and Python then installs no KeyboardInterrupt handler): the parent stops them,
    # and a worker still starting up prints no traceback.
    quiet = _ignore_interrupts()
    try:
        for worker in workers:
            worker.start()
    finally:
        if main is not None:
            sys.modules["__main__"] = main
        if quiet is not None:
            signal.signal(signal.SIGINT, quiet)
    done: dict[int, tuple[Any, BaseException | None]] = {}
    following = 0  # the next job to yield
    try:
        while following < len(jobs):
            index = _take(taken, len(jobs))
            if index is not None:
                done[index] = (function(jobs[index]), None)
                _receive(results, done, workers, wait=False)
            elif following not in done:
                _receive(results, done, workers, wait=True)
            while following in done:
                result, error = done.pop(following)
                if error is not None:
                    raise error
                yield result
                following += 1
    finally:
        with taken.get_lock():
            taken.value = len(jobs)  # workers take nothing more
        for worker in workers:
            if following >= len(jobs):
                worker.join(timeout=POLL_SECONDS)
            if worker.is_alive():  # stopped early (an error, an interrupt): do not wait
                worker.terminate()
                worker.join()
        results.close()


def _receive(results: Any, done: dict[int, Any], workers: list[Any], wait: bool) -> None:
    """Put what the workers sent back into ``done``; ``wait``: until at least one result.
    A worker that ended without sending back a job it took would leave this waiting
    for ever: when none is alive and nothing came, ``WorkerFailed``."""
    import queue as queues

    while True:
        try:
            index, result, error = results.get(timeout=POLL_SECONDS) if wait else results.get_nowait()
        except queues.Empty:
            if not wait:
                return
            if not any(worker.is_alive() for worker in workers):
                try:
                    index, result, error = results.get_nowait()  # sent just before it ended
                except queues.Empty:
                    raise WorkerFailed("a worker process ended without sending back its results") from None
            else:
                continue
        done[index] = (result, error)
        wait = False  # then take what else is there, without waiting


def _ignore_interrupts() -> Any:
    """Ignore SIGINT, giving the handler to restore; None off the main thread
    (where signal handlers cannot be set)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _take(taken: Any, count: int) -> int | None:
    """The index of the next job nobody has taken, or None."""
    with taken.get_lock():
        index = taken.value
        if index >= count:
            return None
        taken.value = index + 1
    return index


def _work(function: Callable[[Any], Any], jobs: list[Any], taken: Any, results: Any) -> None:
    """In a worker (born ignoring Ctrl-C, see ``in_workers``): take jobs until none
    is left, sending back each result (or its error)."""
    while True:
        index = _take(taken, len(jobs))
        if index is None:
            break
        try:
            results.put((index, function(jobs[index]), None))
        except Exception as error:  # raised in the parent, where it is reported
            results.put((index, None, error))
    results.close()
    results.join_thread()  # everything sent before the process ends


def runs_of_files(files: list[str], count: int) -> list[list[str]]:
    """``files`` cut into at most ``count`` runs of consecutive files of about equal
    size: a worker given slow files then does not leave the others idle at the end."""
    sizes = []
    for path in files:
        try:
            sizes.append(max(os.path.getsize(path), 1))
        except OSError:
            sizes.append(1)
    target = sum(sizes) / max(count, 1)
    runs: list[list[str]] = [[]]
    filled = 0
    for path, size in zip(files, sizes, strict=True):
        if filled >= target and len(runs) < count:
            runs.append([])
            filled = 0
        runs[-1].append(path)
        filled += size
    return [run for run in runs if run]
