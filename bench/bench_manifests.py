"""Benchmark the manifest path against a bare YAML loader and yamllint (not a test).

Measures whole processes, side by side in one run, and prints medians:

(a) a corpus of 5,000 documents in 500 files: ``eks-lint check DIR`` against a
    bare Python process that only loads the same files with
    ``yaml.load_all(..., Loader=yaml.CSafeLoader)``;
(b) one small manifest (the pre-commit case): ``eks-lint check FILE`` against
    the same bare loader on that file, and against ``yamllint FILE``.

Targets: corpus ratio <= 2.0; one-file ratio <= 2.0 against the bare loader,
and faster than yamllint.

    .venv/bin/python bench/bench_manifests.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "manifests"
SAMPLES = sorted(CORPUS.glob("*.yaml")) or sorted((ROOT / "fixtures" / "manifests").rglob("good*.yaml"))
BARE_LOADER = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "paths = []\n"
    "for arg in sys.argv[1:]:\n"
    "    p = Path(arg)\n"
    "    paths.extend(sorted(p.rglob('*.yaml')) if p.is_dir() else [p])\n"
    "for path in paths:\n"
    "    with open(path, 'rb') as f:\n"
    "        list(yaml.load_all(f.read().decode('utf-8'), Loader=yaml.CSafeLoader))\n"
)


def make_corpus(folder: Path, files: int = 500, documents_per_file: int = 10) -> int:
    """500 files of 10 documents each, drawn round-robin from real manifests
    (the shared corpus of public EKS projects when it is beside the checkout)."""
    import yaml

    documents = []
    for sample in SAMPLES:
        for data in yaml.load_all(sample.read_text(), Loader=yaml.CSafeLoader):
            if isinstance(data, dict) and "kind" in data:
                documents.append(data)
    count = 0
    for index in range(files):
        chosen = []
        for j in range(documents_per_file):
            data = documents[(index * documents_per_file + j) % len(documents)]
            # Each file is its own namespace, so the corpus holds 5,000 distinct
            # objects (a real repository), not 100 copies of the same 50.
            data = {**data, "metadata": {**(data.get("metadata") or {}), "namespace": f"team-{index:03d}"}}
            chosen.append(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False))
        (folder / f"file-{index:03d}.yaml").write_text("---\n".join(chosen))
        count += len(chosen)
    return count


#: Byte-code caching on, as for any installed package: with PYTHONDONTWRITEBYTECODE
#: set, an editable checkout would recompile every module on every run while
#: yamllint (installed by pip with its .pyc files) would not.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], runs: int) -> float:
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV
    )  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="runs per command (median is reported)")
    args = parser.parse_args()
    python = sys.executable
    eks_lint = [python, "-m", "eks_lint", "check", "--fail-on", "never"]
    yamllint = shutil.which("yamllint") or str(Path(python).with_name("yamllint"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        documents = make_corpus(corpus)
        one = ROOT / "fixtures" / "manifests" / "single-replica-workload" / "bad.yaml"
        os.chdir(tmp)  # no .eks-lint.yaml above: the plain pre-commit case
        rows = []
        bare = timed([python, "-c", BARE_LOADER, str(corpus)], args.runs)
        ours = timed([*eks_lint, str(corpus)], args.runs)
        rows.append((f"(a) {documents:,} documents in 500 files", ours, bare, ours / bare, None))
        bare_one = timed([python, "-c", BARE_LOADER, str(one)], args.runs)
        ours_one = timed([*eks_lint, str(one)], args.runs)
        lint_one = timed([yamllint, str(one)], args.runs) if Path(yamllint).exists() else float("nan")
        rows.append(("(b) one small manifest", ours_one, bare_one, ours_one / bare_one, lint_one))
    print(f"Python {sys.version.split()[0]}, medians of {args.runs} runs (whole processes)")
    print(f"{'case':<38} {'eks-lint':>9} {'bare load':>10} {'ratio':>6} {'yamllint':>9}")
    for name, ours, bare, ratio, other in rows:
        other_text = f"{other * 1000:8.0f}ms" if other is not None else f"{'-':>9}"
        print(f"{name:<38} {ours * 1000:7.0f}ms {bare * 1000:8.0f}ms {ratio:6.2f} {other_text}")


if __name__ == "__main__":
    main()
