"""Property tests: inputs of arbitrary shape never crash eks-lint or hang it.

Manifests, snapshots, eksctl configs and Terraform plans are generated (or
mutated from real fixtures at random paths into arbitrary values) and run
through the real command line in-process. Each must end with exit 0, 1 or 2,
no traceback, and no rule crash (an ``internal-error`` finding).

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (the default) is derandomised and
small, so the suite stays fast and stable; ``release`` runs many random
examples for a release check (README, "Testing"). A hang fails the example:
a SIGALRM wall-clock bound per example raises inside the run.
"""

from __future__ import annotations

import copy
import json
import os
import signal
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import yaml
from helpers import FIXTURES, SNAPSHOTS, cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "release",
    max_examples=int(os.environ.get("EKS_LINT_PROPERTY_EXAMPLES", "500")),
    deadline=timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CONFIG = str(FIXTURES / "empty-config.yaml")
WALL_CLOCK = 60  # seconds per example, far above any real run

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the hang bound")


class Hang(BaseException):
    """Raised by the alarm; a BaseException so eks-lint's own handlers cannot swallow it."""


@contextmanager
def bounded(seconds: float = WALL_CLOCK):
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.just(int("9" * 30)),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "{{ .Values.x }}", "1.29", "arn:aws:iam::111122223333:role/x", "2024-02-30", "-"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(0, 9)), children, max_size=4),
    ),
    max_leaves=20,
)
KINDS = [
    ("apps/v1", "Deployment"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "StatefulSet"),
    ("v1", "Pod"),
    ("v1", "Service"),
    ("v1", "ServiceAccount"),
    ("v1", "ConfigMap"),
    ("batch/v1", "CronJob"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("networking.k8s.io/v1", "Ingress"),
    ("storage.k8s.io/v1", "StorageClass"),
    ("karpenter.sh/v1", "NodePool"),
    ("policy/v1", "PodDisruptionBudget"),
]
FIELDS = ["spec", "metadata", "data", "template", "containers", "env", "volumes", "replicas", "annotations"]


@st.composite
def manifests(draw: Any) -> dict[str, Any]:
    """A Kubernetes object whose fields are what rules read, holding anything."""
    api_version, kind = draw(st.sampled_from(KINDS))
    container = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "image",
                    "env",
                    "envFrom",
                    "command",
                    "args",
                    "resources",
                    "volumeMounts",
                    "ports",
                    "securityContext",
                ]
            ),
            values,
            max_size=5,
        )
    )
    pod = draw(
        st.dictionaries(
            st.sampled_from(
                [
                    "containers",
                    "initContainers",
                    "volumes",
                    "hostNetwork",
                    "serviceAccountName",
                    "nodeSelector",
                    "affinity",
                    "tolerations",
                ]
            ),
            values,
            max_size=4,
        )
    )
    pod["containers"] = draw(st.one_of(st.just([container]), values))
    spec = draw(
        st.dictionaries(
            st.sampled_from(FIELDS + ["scaleTargetRef", "selector", "type", "ports"]), values, max_size=4
        )
    )
    spec["template"] = draw(st.one_of(st.just({"metadata": draw(values), "spec": pod}), values))
    metadata = draw(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "name": st.text(max_size=8),
                    "namespace": st.text(max_size=8),
                    "annotations": values,
                    "labels": values,
                }
            ),
            values,
        )
    )
    return {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": metadata,
        "spec": draw(st.one_of(st.just(spec), values)),
    }


def mutate(document: Any, draw: Any) -> Any:
    """``document`` with a few values, at paths chosen at random, replaced by anything."""
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 4))):
        parent, key = None, None
        node = result
        for _ in range(draw(st.integers(0, 8))):
            children = (
                list(node.items())
                if isinstance(node, dict)
                else list(enumerate(node))
                if isinstance(node, list)
                else []
            )
            if not children:
                break
            key, child = children[draw(st.integers(0, len(children) - 1))]
            parent, node = node, child
        if parent is not None:
            parent[key] = draw(values)
    return result


def assert_clean(done: Any) -> None:
    assert done.code in (0, 1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    if done.code != 2 and done.stdout.startswith("{"):
        crashes = [f["message"] for f in json.loads(done.stdout)["findings"] if f["name"] == "internal-error"]
        assert crashes == []


def check(*args: str) -> Any:
    with bounded():
        return cli("check", "--config", CONFIG, "--today", "2026-11-24", "-f", "json", *args)


@given(documents=st.lists(manifests(), min_size=1, max_size=3))
def test_manifests_of_any_shape(tmp_path_factory, documents):
    path = tmp_path_factory.mktemp("m") / "gen.yaml"
    path.write_text(yaml.safe_dump_all(documents))
    assert_clean(check(str(path)))


@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@` \n\t,?0129.")), max_size=200))
def test_yaml_text_of_any_shape(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("t") / "gen.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" + text)
    assert_clean(check(str(path)))


SNAPSHOT = json.loads((SNAPSHOTS / "problems.json").read_text())


@given(data=st.data())
def test_snapshots_of_any_shape(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("s") / "snap.json"
    path.write_text(json.dumps(mutate(SNAPSHOT, data.draw)))
    assert_clean(check("--snapshot", str(path)))


PLANS = [json.loads(p.read_text()) for p in sorted((FIXTURES / "terraform").glob("*.plan.json"))]


@given(data=st.data(), which=st.integers(0, len(PLANS) - 1))
def test_terraform_plans_of_any_shape(tmp_path_factory, data, which):
    path = tmp_path_factory.mktemp("p") / "plan.json"
    path.write_text(json.dumps(mutate(PLANS[which], data.draw)))
    assert_clean(check("--terraform-plan", str(path)))


EKSCTL = yaml.safe_load((FIXTURES / "eksctl" / "cluster.yaml").read_text())


@given(data=st.data())
def test_eksctl_configs_of_any_shape(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("e") / "cluster.yaml"
    path.write_text(yaml.safe_dump(mutate(EKSCTL, data.draw)))
    assert_clean(check(str(path)))


def test_the_hang_bound_fires():
    """The harness really bounds a hang: a loop that never ends is stopped."""
    with pytest.raises(Hang), bounded(0.05):
        while True:
            pass


def _leaf_paths(node: Any, path: tuple = ()) -> Any:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaf_paths(value, (*path, index))


def _typed_fields() -> list[tuple[str, tuple]]:
    """Every distinct field path (list indexes aside) of every fixture snapshot's
    AWS parts, with the first fixture that has it: the fields rules read."""
    seen: set[tuple] = set()
    fields = []
    for file in sorted(SNAPSHOTS.rglob("*.json")):
        for path, _ in _leaf_paths(json.loads(file.read_text())):
            if not path or path[0] in ("format", "kubernetes", "errors"):
                continue
            shape = tuple("[]" if isinstance(part, int) else part for part in path)
            if shape not in seen:
                seen.add(shape)
                fields.append((str(file.relative_to(SNAPSHOTS)), path))
    return fields


TYPED_FIELDS = _typed_fields()
#: A value of another JSON type than the one the field holds.
WRONG_TYPES: dict[type, list[Any]] = {
    str: [7, ["x"], {"a": "b"}, True],
    int: ["two", [1], {"a": 1}, 1.5],
    float: ["x", [1.0]],
    bool: ["yes", 1, [True]],
    list: ["x", 3, {"a": []}],
    dict: ["x", 3, [{}]],
    type(None): [5, "x"],
}


@given(field=st.sampled_from(TYPED_FIELDS), data=st.data())
def test_snapshot_fields_of_the_wrong_type(tmp_path_factory, field, data):
    """A field of a fixture snapshot holding a value of another JSON type is a
    clear error naming its JSON path (exit 2), or a run that copes with it (a
    rule skipped, an incomplete read): never a traceback, never a rule crash."""
    from eks_lint.sources.snapshot import json_path

    file, path = field
    snapshot = json.loads((SNAPSHOTS / file).read_text())
    node = snapshot
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(st.sampled_from(WRONG_TYPES[type(node[path[-1]])]))
    target = tmp_path_factory.mktemp("w") / "snap.json"
    target.write_text(json.dumps(snapshot))
    done = check("--snapshot", str(target))
    assert done.code in (0, 1, 2, 3), done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    if done.code == 2:
        assert f"  {json_path(path)}: " in done.stderr, (json_path(path), done.stderr[-2000:])
    else:
        crashes = [f["message"] for f in json.loads(done.stdout)["findings"] if f["name"] == "internal-error"]
        assert crashes == [], (json_path(path), crashes)


def test_the_wrong_type_fields_cover_every_snapshot_part():
    """The field list is the fixtures' own: every AWS part a snapshot has is in it."""
    from eks_lint.sources.snapshot import PART_ORDER

    parts = {path[0] for _, path in TYPED_FIELDS}
    assert {part for part in PART_ORDER if part not in ("kubernetes",)} <= parts | {"errors"}
    assert len(TYPED_FIELDS) > 400
