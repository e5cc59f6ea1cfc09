"""Work spread over worker processes, one per core, for large inputs.

Workers are started with ``spawn``, which is safe whatever the parent holds
(threads, locks, open clients), unlike ``fork``; results come back in the
order of the jobs, so a caller that merges them in that order gets what one
process would have produced. Small inputs never come here: starting a worker
costs about what parsing 100 KB of YAML does (see ``manifests.PARALLEL_MIN_BYTES``).
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any


def in_workers(function: Callable[[Any], Any], jobs: list[Any], workers: int) -> Iterator[Any]:
    """``function(job)`` for each job, in ``workers`` processes, yielded in job order.

    ``function`` must be a module-level function (workers import it by name).
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    # A spawned worker runs the parent's main script again unless it is guarded by
    # ``if __name__ == "__main__"``; a script calling eks-lint without the guard
    # would start workers in every worker. Workers need nothing from it (they
    # import ``function`` by its module), so they are started without it.
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = ModuleType("__main__")
    try:
        pool = context.Pool(workers)
    finally:
        if main is not None:
            sys.modules["__main__"] = main
    with pool:
        yield from pool.imap(function, jobs)


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
