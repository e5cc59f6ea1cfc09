"""How eks-lint grows with its input, against the bare YAML loader (not a test).

Whole processes, medians of several runs interleaved with a bare Python process
that only loads the same files with ``yaml.load_all(..., Loader=yaml.CSafeLoader)``
(the physical floor), at 1, 10, 100, 1,000 and 10,000 documents in two shapes:

- ``spread``: a namespace per 10 documents (one app's four documents share one);
- ``one-ns``: every document in one namespace (a monorepo's common shape,
  where a rule pairing objects by scanning would go quadratic).

Each app is a Deployment, the Service that routes to it, its
PodDisruptionBudget and a ConfigMap, all selecting by ``app`` and a ``team``
label they share. Prints the median time of each, the ratio, the growth
exponent from 1,000 to 10,000 documents (1.0 is linear) and each command's
peak RSS (``resource.getrusage(RUSAGE_CHILDREN)`` of a wrapper per run).
yamllint joins the one-document row. The large-snapshot case follows: a
snapshot of 20,000 Kubernetes objects in 500 namespaces with 100 node groups,
500 subnets and 300 IAM roles (the AWS API shapes of
``fixtures/snapshots/healthy.json``, repeated), checked with ``--snapshot``,
against a bare process that only ``json.load``s the same file. Measure an
installed (non-editable) build:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install . yamllint
    /tmp/v/bin/python bench/bench_scaling.py [--runs 5] [--sizes 1,10,100,1000,10000] [--no-snapshot]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

BARE_LOADER = (
    "import os, sys, yaml\n"
    "for root, _, names in os.walk(sys.argv[1]):\n"
    "    for name in sorted(names):\n"
    "        with open(os.path.join(root, name), 'rb') as f:\n"
    "            list(yaml.load_all(f.read().decode('utf-8'), Loader=yaml.CSafeLoader))\n"
)

#: Runs one command and prints its wall time and peak RSS (KiB): the peak of
#: RUSAGE_CHILDREN in a fresh wrapper is that one command's.
#: The first argument is the eks-lint cache folder the command gets, emptied
#: before the clock starts for a first run ("cold:" in front), or "-".
WRAPPER = (
    "import os, resource, shutil, subprocess, sys, time\n"
    "cache, env = sys.argv[1], dict(os.environ)\n"
    "if cache != '-':\n"
    "    if cache.startswith('cold:'):\n"
    "        cache = cache[5:]\n"
    "        shutil.rmtree(cache, ignore_errors=True)\n"
    "    env['EKS_LINT_CACHE_DIR'] = cache\n"
    "start = time.perf_counter()\n"
    "subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)\n"
    "elapsed = time.perf_counter() - start\n"
    "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)

#: Byte-code caching on, as for any installed package.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def app_documents(index: int, namespace: str) -> list[str]:
    """Four documents of one app: Deployment, Service, PodDisruptionBudget, ConfigMap."""
    name = f"app-{index:05d}"
    meta = f"  name: {name}\n  namespace: {namespace}\n"
    labels = f"app: {name}\n      team: shop"
    return [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n" + meta + "spec:\n  replicas: 3\n"
        "  selector:\n    matchLabels:\n      " + labels + "\n  template:\n    metadata:\n"
        "      labels:\n        " + labels.replace("\n      ", "\n        ") + "\n    spec:\n"
        "      containers:\n        - name: app\n          image: registry.example.com/app:1.4.2\n"
        "          ports:\n            - containerPort: 8080\n          readinessProbe:\n"
        "            httpGet: {path: /ready, port: 8080}\n"
        "          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n"
        "            limits: {memory: 128Mi}\n",
        "apiVersion: v1\nkind: Service\nmetadata:\n"
        + meta
        + "spec:\n  selector:\n    "
        + labels.replace("\n      ", "\n    ")
        + "\n  ports:\n    - port: 80\n      targetPort: 8080\n",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n" + meta + "spec:\n"
        "  maxUnavailable: 1\n  selector:\n    matchLabels:\n      " + labels + "\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n" + meta + "data:\n  LOG_LEVEL: info\n",
    ]


def make_input(folder: str, documents: int, shape: str) -> None:
    """``documents`` documents in files of 10; namespaces by ``shape``."""
    docs: list[str] = []
    index = 0
    while len(docs) < documents:
        namespace = f"team-{len(docs) // 10:04d}" if shape == "spread" else "shop"
        docs.extend(app_documents(index, namespace))
        index += 1
    docs = docs[:documents]
    for start in range(0, documents, 10):
        with open(os.path.join(folder, f"file-{start // 10:04d}.yaml"), "w", encoding="utf-8") as handle:
            handle.write("---\n".join(docs[start : start + 10]))


BARE_JSON = "import json, sys\nwith open(sys.argv[1], 'rb') as f:\n    json.load(f)\n"
HEALTHY = os.path.join(os.path.dirname(__file__), "..", "fixtures", "snapshots", "healthy.json")


def make_snapshot(path: str, objects: int = 20000, namespaces: int = 500) -> None:
    """A large cluster: the healthy fixture's AWS parts repeated (100 node groups,
    500 subnets, 300 roles) and ``objects`` Kubernetes objects in ``namespaces``."""
    import yaml

    with open(HEALTHY, encoding="utf-8") as handle:
        base = json.load(handle)
    data = copy.deepcopy(base)
    subnet_ids = [f"subnet-{index:017x}" for index in range(500)]
    data["subnets"] = []
    for index, subnet_id in enumerate(subnet_ids):
        subnet = copy.deepcopy(base["subnets"][index % len(base["subnets"])])
        subnet["SubnetId"] = subnet_id
        subnet["SubnetArn"] = subnet["SubnetArn"].rsplit("/", 1)[0] + "/" + subnet_id
        data["subnets"].append(subnet)
    data["nodegroups"] = []
    for index in range(100):
        group = copy.deepcopy(base["nodegroups"][index % len(base["nodegroups"])])
        group["nodegroupName"] = f"group-{index:03d}"
        group["nodegroupArn"] = group["nodegroupArn"].replace(
            f"/{base['nodegroups'][index % len(base['nodegroups'])]['nodegroupName']}/",
            f"/group-{index:03d}/",
        )
        group["subnets"] = subnet_ids[(index * 5) % 500 : (index * 5) % 500 + 3]
        data["nodegroups"].append(group)
    data["iam_roles"] = []
    for index in range(300):
        role = copy.deepcopy(base["iam_roles"][index % len(base["iam_roles"])])
        role["RoleName"] = f"{role['RoleName']}-{index:03d}"
        role["Arn"] = role["Arn"].rsplit("/", 1)[0] + "/" + role["RoleName"]
        role["RoleId"] = f"AROA{index:017d}"
        data["iam_roles"].append(role)
    kubernetes = list(base["kubernetes"])
    index = 0
    while len(kubernetes) < objects:
        namespace = f"team-{index % namespaces:04d}"
        kubernetes.extend(yaml.safe_load(text) for text in app_documents(index, namespace))
        index += 1
    data["kubernetes"] = kubernetes[:objects]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)


def snapshot_case(eks_lint: list[str], runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "large.snapshot.json")
        make_snapshot(path)
        size = os.path.getsize(path)
        commands = {
            "ours": [os.path.join(tmp, "cache"), *eks_lint, "--snapshot", path],
            "bare": ["-", sys.executable, "-c", BARE_JSON, path],
        }
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            result = interleaved(commands, runs)
        finally:
            os.chdir(cwd)
    (ours, ours_rss), (bare, bare_rss) = result["ours"], result["bare"]
    print(
        f"snapshot: 20,000 objects, 500 namespaces, 100 node groups, 500 subnets, 300 roles "
        f"({size / 1024 / 1024:.1f} MB)"
    )
    print(
        f"snapshot {ours * 1000:7.0f}ms (json.load process {bare * 1000:.0f}ms), "
        f"RSS {ours_rss / 1024:.0f}MiB = {ours_rss / bare_rss:.2f}x json.load's {bare_rss / 1024:.0f}MiB"
    )


def measure(command: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS of one run; ``command`` starts with the wrapper's cache argument."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True, env=ENV
    )
    elapsed, rss = done.stdout.split()
    return float(elapsed), int(rss)


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Median time and peak RSS of each command, their runs interleaved (one warm-up each)."""
    for command in commands.values():
        measure(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, rss = measure(command)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
    return {name: (statistics.median(times[name]), peaks[name]) for name in commands}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median is reported)")
    parser.add_argument("--sizes", default="1,10,100,1000,10000", help="document counts, comma-separated")
    parser.add_argument("--no-snapshot", action="store_true", help="leave out the large-snapshot case")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    python = sys.executable
    script = os.path.join(os.path.dirname(python), "eks-lint")  # the installed console script
    command = [script] if os.path.exists(script) else [python, "-m", "eks_lint"]
    eks_lint = [*command, "check", "--fail-on", "never", "--quiet"]
    yamllint = shutil.which("yamllint") or os.path.join(os.path.dirname(python), "yamllint")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, medians of {args.runs} runs, interleaved"
    )
    header = f"{'shape':<7} {'docs':>6} {'eks-lint':>9} {'bare':>8} {'ratio':>6} {'RSS':>7} {'bare RSS':>8}"
    print(header + f" {'yamllint':>9}")
    for shape in ("spread", "one-ns"):
        medians: dict[int, float] = {}
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                folder = os.path.join(tmp, "input")
                os.mkdir(folder)
                make_input(folder, size, shape)
                target = os.path.join(folder, "file-0000.yaml") if size <= 10 else folder
                cache = os.path.join(tmp, "cache")
                commands = {
                    "ours": [cache, *eks_lint, target],
                    "bare": ["-", python, "-c", BARE_LOADER, folder],
                }
                if size == 1:  # the pre-commit case: a fresh CI runner's first run too
                    commands["first"] = [f"cold:{cache}-first", *eks_lint, target]
                    if os.path.exists(yamllint):
                        commands["yamllint"] = ["-", yamllint, target]
                cwd = os.getcwd()
                os.chdir(tmp)  # no .eks-lint.yaml above: the plain pre-commit case
                try:
                    result = interleaved(commands, args.runs)
                finally:
                    os.chdir(cwd)
            (ours, ours_rss), (bare, bare_rss) = result["ours"], result["bare"]
            medians[size] = ours
            other = f"{result['yamllint'][0] * 1000:7.0f}ms" if "yamllint" in result else f"{'-':>9}"
            print(
                f"{shape:<7} {size:>6,} {ours * 1000:7.0f}ms {bare * 1000:6.0f}ms {ours / bare:6.2f} "
                f"{ours_rss / 1024:5.0f}MiB {bare_rss / 1024:6.0f}MiB {other}"
            )
            if "first" in result:
                first = result["first"][0]
                print(
                    f"{shape:<7} {size:>6,} {first * 1000:7.0f}ms {'':>8} {first / bare:6.2f}"
                    "  first run (empty cache)"
                )
        if 1000 in medians and 10000 in medians:
            exponent = math.log(medians[10000] / medians[1000]) / math.log(10)
            print(f"{shape:<7} growth exponent 1,000 -> 10,000 documents: {exponent:.2f}")
    if not args.no_snapshot:
        snapshot_case(eks_lint, args.runs)


if __name__ == "__main__":
    main()
