"""The compiled yes/no schema check agrees with jsonschema, so a valid snapshot
skips jsonschema and an invalid one is still explained by it, in the same words."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from helpers import SNAPSHOTS, cli
from hypothesis import given, settings
from hypothesis import strategies as st

from eks_lint.engine.schema_check import compile_schema
from eks_lint.sources import snapshot
from eks_lint.sources.snapshot import SCHEMA_PATH, json_path, schema_problems

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FIXTURES = sorted(SNAPSHOTS.rglob("*.json"))
#: Values of every JSON type and the edges the snapshot schema's keywords draw.
ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    3,
    2.0,
    1.5,
    "",
    "x",
    "subnet-0abc",
    "2024-01-01T00:00:00Z",
    "eks-lint/snapshot@1",
    "verified",
    "arn:aws:iam::111122223333:role/x",
    [],
    ["x"],
    [1],
    {},
    {"a": "b"},
    {"a": 1},
]


def _part_schema(part: str) -> dict:
    """One part's schema, with the definitions it refers to."""
    return {"$defs": SCHEMA["$defs"], **SCHEMA["properties"][part]}


def _nodes(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, (*path, index))


def _set(data, path, value):
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _fields() -> list[tuple[str, tuple]]:
    """Every distinct field path (list indexes aside) of the fixture snapshots'
    parts, Kubernetes items aside (``kubernetes_items_valid`` has its own test),
    with the first fixture that has it."""
    seen, fields = set(), []
    for file in FIXTURES:
        for path in _nodes(json.loads(file.read_text(encoding="utf-8"))):
            if not path or path[0] in ("format", "kubernetes"):
                continue
            shape = tuple("[]" if isinstance(step, int) else step for step in path)
            if shape not in seen:
                seen.add(shape)
                fields.append((str(file.relative_to(SNAPSHOTS)), path))
    return fields


FIELDS = _fields()


def test_every_fixture_snapshot_is_valid_to_both():
    check = compile_schema(SCHEMA)
    assert check is not None
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for file in FIXTURES:
        data = json.loads(file.read_text(encoding="utf-8"))
        assert check(data) is validator.is_valid(data) is True, file


def _item(data, path):
    """The smallest piece of the snapshot holding ``path`` that its part's schema
    judges: one item of a list part, else the part; and the path within it."""
    part = data[path[0]]
    if isinstance(part, list) and len(path) > 1:
        return [part[path[1]]], (0, *path[2:])
    return part, path[1:]


@pytest.mark.parametrize("field", FIELDS, ids=[json_path(path) for _, path in FIELDS])
def test_any_value_in_any_field_gets_the_same_verdict(field):
    """Each field of the fixtures' AWS parts replaced by each odd value, or
    removed: the compiled check and jsonschema agree."""
    file, path = field
    data = json.loads((SNAPSHOTS / file).read_text(encoding="utf-8"))
    schema = _part_schema(path[0])
    check, validator = compile_schema(schema), jsonschema.Draft202012Validator(schema)
    value, inner = _item(data, path)
    for odd in ODD_VALUES:
        changed = json.loads(json.dumps(value))
        if inner:
            _set(changed, inner, odd)
        else:
            changed = odd
        assert check(changed) is validator.is_valid(changed), (path, odd)
    if inner and isinstance(inner[-1], str):
        changed = json.loads(json.dumps(value))
        node = changed
        for step in inner[:-1]:
            node = node[step]
        del node[inner[-1]]
        assert check(changed) is validator.is_valid(changed), (path, "removed")


def test_the_fields_tried_cover_every_part():
    assert len(FIELDS) > 400
    assert {path[0] for _, path in FIELDS} >= set(SCHEMA["properties"]) - {
        "format",
        "kubernetes",
        "kubernetes_access",
    }


def test_top_level_keys_get_the_same_verdict():
    check, validator = compile_schema(SCHEMA), jsonschema.Draft202012Validator(SCHEMA)
    base = json.loads((SNAPSHOTS / "healthy.json").read_text(encoding="utf-8"))
    access = {"server": "https://127.0.0.1:6443", "tls": "verified"}
    for key, value in [
        ("x-team", 5),
        ("colour", 1),
        ("format", "eks-lint/snapshot@2"),
        ("kubernetes", 3),
        ("kubernetes_access", access),
        ("kubernetes_access", {**access, "tls": "off"}),
        ("kubernetes_access", {**access, "token": "t"}),
        ("kubernetes_access", {"server": "https://127.0.0.1:6443"}),
    ]:
        changed = {**base, key: value}
        assert check(changed) is validator.is_valid(changed), key
    missing = {key: value for key, value in base.items() if key != "format"}
    assert check(missing) is validator.is_valid(missing) is False


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "x", "subnet-1", "sg-1", "vpc-1", "1.29", "2024-01-01", "verified"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(
            st.sampled_from(["name", "SubnetId", "Tags", "Key", "scalingConfig", "minSize", "x-a", "zz"]),
            children,
            max_size=3,
        ),
    ),
    max_leaves=10,
)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(part=st.sampled_from(sorted(SCHEMA["properties"])), value=json_values)
def test_generated_values_get_the_same_verdict(part, value):
    schema = _part_schema(part)
    assert compile_schema(schema)(value) is jsonschema.Draft202012Validator(schema).is_valid(value)


@pytest.mark.parametrize(
    "schema",
    [
        {"oneOf": [{"type": "string"}]},
        {"type": "object", "properties": {"a": {"maxLength": 3}}},
        {"$ref": "https://example.com/other.json"},
        {"enum": [1, 2]},
        {"type": "decimal"},
        {"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
    ],
)
def test_a_schema_it_does_not_cover_compiles_to_none(schema):
    assert compile_schema(schema) is None


def test_an_integral_float_is_an_integer_and_a_boolean_is_not():
    check = compile_schema({"type": "integer", "minimum": 0})
    verdicts = [check(value) for value in (2.0, 2.5, True, -1, 0, "1")]
    assert verdicts == [True, False, False, False, True, False]


def _full_schema_problems(monkeypatch, data):
    """What schema_problems said before the compiled check: jsonschema on every snapshot."""
    with monkeypatch.context() as patched:
        patched.setattr(snapshot, "_quick_check", lambda: lambda data: False)
        return schema_problems(data)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("subnets", 0, "AvailableIpAddressCount"), "12"),
        (("nodegroups", 0, "scalingConfig"), [1, 3]),
        (("iam_roles", 0, "Arn"), "arn:aws:iam::111122223333:user/x"),
        (("cluster", "version"), 1.29),
    ],
)
def test_a_bad_aws_part_exits_2_naming_its_path_as_before(tmp_path, monkeypatch, path, value):
    data = json.loads((SNAPSHOTS / "healthy.json").read_text(encoding="utf-8"))
    _set(data, path, value)
    file = tmp_path / "snap.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    done = cli("check", "--snapshot", str(file))
    assert done.code == 2
    expected = _full_schema_problems(monkeypatch, data)
    assert any(problem.startswith(f"{json_path(path)}: ") for problem in expected), expected
    assert schema_problems(data) == expected
    lines = done.stderr.splitlines()
    assert lines[0] == f"eks-lint: {file}: invalid snapshot (1 problem):"
    assert lines[1] == f"  {expected[0]}"


def test_a_valid_snapshot_is_read_without_importing_jsonschema():
    code = (
        "import sys\n"
        "from eks_lint.sources.snapshot import load_snapshot\n"
        f"load_snapshot({str(SNAPSHOTS / 'healthy.json')!r})\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
