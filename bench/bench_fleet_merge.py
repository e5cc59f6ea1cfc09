"""Memory and time of checking a fleet of snapshots in one run (not a test).

Writes fleets of 50, 100 and 200 snapshots (tests/fleet_snapshots.py:
healthy.json moved to 10 accounts x 3 regions, each with ``--padding``
extra ConfigMaps to stand in for a bigger cluster) to a temporary folder,
then runs ``eks-lint check --snapshot DIR -f json`` on each in a fresh
process and prints:

- wall time of the run;
- peak RSS of the process;
- traced peak (tracemalloc, after a warm-up run has imported every rule) of
  the merge, that is reading, checking and merging every snapshot before
  the report is written; and of the whole run, report included.

Memory of the merge is flat in the number of clusters when the 200-cluster
figure stays close to the 50-cluster one: only findings are kept from one
snapshot to the next. The report itself (JSON of every finding and a
summary line per cluster) grows with the fleet.

    .venv/bin/python bench/bench_fleet_merge.py [--padding 0] [--sizes 50,100,200]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

PROBE = """
import gc, resource, sys, tracemalloc
from eks_lint.cli import main
import eks_lint.cli.clusters as clusters
real_emit, peaks = clusters.emit, []
def emit(*args, **kwargs):
    peaks.append(tracemalloc.get_traced_memory()[1])
    return real_emit(*args, **kwargs)
clusters.emit = emit
common = ["check", "-q", "--today", "2026-03-16", "--config", sys.argv[2], "-f", "json", "-o", sys.argv[3]]
main([*common, "--snapshot", sys.argv[4]])  # warm-up: every rule and library imported
gc.collect()
tracemalloc.start()
code = main([*common, "--snapshot", sys.argv[1]])
print(peaks[-1], tracemalloc.get_traced_memory()[1], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, code)
"""


def measure(folder: Path, out: Path) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            str(folder),
            str(ROOT / "fixtures" / "empty-config.yaml"),
            str(out),
            str(ROOT / "fixtures" / "snapshots" / "healthy.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    merge, whole, rss, _ = (int(part) for part in result.stdout.split())
    return wall, merge, whole, rss


def main() -> int:
    from fleet_snapshots import write_fleet

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--padding", type=int, default=0, help="extra ConfigMaps per snapshot")
    parser.add_argument("--sizes", default="50,100,200", help="fleet sizes, comma-separated")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    mib = 1024 * 1024
    print(f"{'clusters':>8} {'wall s':>7} {'merge MiB':>10} {'run MiB':>8} {'RSS MiB':>8}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = write_fleet(Path(tmp) / f"fleet-{size}", size, padding=options.padding)[0]
            wall, merge, whole, rss = measure(folder, Path(tmp) / "report.json")
            rows.append((size, merge))
            print(f"{size:>8} {wall:>7.1f} {merge / mib:>10.2f} {whole / mib:>8.2f} {rss / 1024:>8.1f}")
    ratio = rows[-1][1] / rows[0][1]
    print(f"merge peak, {rows[-1][0]} clusters / {rows[0][0]}: {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
