"""A fast yes/no check of a document against a JSON schema, for the common case.

Most inputs are valid, and on a large snapshot jsonschema spends more time
walking the AWS parts one keyword at a time (and being imported) than the JSON
parser spends reading the file. ``compile_schema`` turns a schema into plain
closures that only answer "valid or not"; a "not" goes to jsonschema, which
names each problem as before. It knows the Draft 2020-12 keywords eks-lint's
schemas use and nothing more: a schema with any other keyword compiles to
None, and the caller validates with jsonschema as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Check = Callable[[Any], bool]

#: Keywords that only annotate: no bearing on validity. ``format`` asserts
#: nothing unless a format checker is given (eks-lint gives none).
ANNOTATIONS = frozenset(
    ("$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "format")
)


class Unsupported(Exception):
    """The schema uses a keyword (or a form of one) this check does not implement."""


def _integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: jsonschema's Draft 2020-12 type checker: booleans are neither integers nor
#: numbers, and a float with no fraction (``3.0``) is an integer.
TYPES: dict[str, Check] = {
    "array": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _integer,
    "null": lambda value: value is None,
    "number": _number,
    "object": lambda value: isinstance(value, dict),
    "string": lambda value: isinstance(value, str),
}


def compile_schema(schema: Any) -> Check | None:
    """A function telling whether a document is valid against ``schema``, or
    None when the schema uses what this check does not implement."""
    try:
        return _Compiler(schema).compile(schema)
    except Unsupported:
        return None


class _Compiler:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in ANNOTATIONS:
                continue
            make = KEYWORDS.get(keyword)
            if make is None:
                raise Unsupported(keyword)
            checks.append(make(self, value, schema))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def _type(self, value: Any, schema: dict[str, Any]) -> Check:
        names = value if isinstance(value, list) else [value]
        if not all(isinstance(name, str) and name in TYPES for name in names):
            raise Unsupported(f"type {value!r}")
        tests = [TYPES[name] for name in names]
        if len(tests) == 1:
            return tests[0]
        return lambda item: any(test(item) for test in tests)

    def _properties(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("properties")
        subs = [(name, self.compile(sub)) for name, sub in value.items()]
        subs = [(name, check) for name, check in subs if check is not _always]

        def properties(item: Any) -> bool:
            if not isinstance(item, dict):
                return True
            return all(check(item[name]) for name, check in subs if name in item)

        return properties

    def _pattern_properties(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, dict):
            raise Unsupported("patternProperties")
        subs = [(re.compile(pattern), self.compile(sub)) for pattern, sub in value.items()]
        subs = [(pattern, check) for pattern, check in subs if check is not _always]

        def pattern_properties(item: Any) -> bool:
            if not isinstance(item, dict):
                return True
            return all(check(item[key]) for pattern, check in subs for key in item if pattern.search(key))

        return pattern_properties

    def _additional_properties(self, value: Any, schema: dict[str, Any]) -> Check:
        known = frozenset(schema.get("properties") or ())
        patterns = [re.compile(pattern) for pattern in schema.get("patternProperties") or ()]
        check = self.compile(value)

        def additional_properties(item: Any) -> bool:
            if not isinstance(item, dict):
                return True
            for key, member in item.items():
                if key in known or any(pattern.search(key) for pattern in patterns):
                    continue
                if not check(member):
                    return False
            return True

        return additional_properties

    def _required(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, list):
            raise Unsupported("required")
        names = tuple(value)
        return lambda item: not isinstance(item, dict) or all(name in item for name in names)

    def _items(self, value: Any, schema: dict[str, Any]) -> Check:
        if "prefixItems" in schema:
            raise Unsupported("prefixItems")
        check = self.compile(value)
        return lambda item: not isinstance(item, list) or all(check(member) for member in item)

    def _ref(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, str) or not value.startswith("#/$defs/"):
            raise Unsupported(f"$ref {value!r}")
        if value not in self.refs:
            target = (self.root.get("$defs") or {}).get(value.removeprefix("#/$defs/"))
            if target is None:
                raise Unsupported(f"$ref {value!r}")
            self.refs[value] = _never  # a reference to itself is not needed: refuse it below
            self.refs[value] = self.compile(target)
        elif self.refs[value] is _never:
            raise Unsupported(f"recursive $ref {value!r}")
        return self.refs[value]

    def _const(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, str):
            raise Unsupported("const other than a string")
        return lambda item: isinstance(item, str) and item == value

    def _enum(self, value: Any, schema: dict[str, Any]) -> Check:
        if not isinstance(value, list) or not all(isinstance(choice, str) for choice in value):
            raise Unsupported("enum other than strings")
        choices = frozenset(value)
        return lambda item: isinstance(item, str) and item in choices

    def _pattern(self, value: Any, schema: dict[str, Any]) -> Check:
        pattern = re.compile(value)
        return lambda item: not isinstance(item, str) or pattern.search(item) is not None

    def _min_length(self, value: Any, schema: dict[str, Any]) -> Check:
        if not _integer(value):
            raise Unsupported("minLength")
        return lambda item: not isinstance(item, str) or len(item) >= value

    def _minimum(self, value: Any, schema: dict[str, Any]) -> Check:
        if not _number(value):
            raise Unsupported("minimum")
        return lambda item: not _number(item) or item >= value


#: The assertions implemented, each as jsonschema's Draft 2020-12 validator applies it.
KEYWORDS: dict[str, Callable[[_Compiler, Any, dict[str, Any]], Check]] = {
    "type": _Compiler._type,
    "properties": _Compiler._properties,
    "patternProperties": _Compiler._pattern_properties,
    "additionalProperties": _Compiler._additional_properties,
    "required": _Compiler._required,
    "items": _Compiler._items,
    "$ref": _Compiler._ref,
    "const": _Compiler._const,
    "enum": _Compiler._enum,
    "pattern": _Compiler._pattern,
    "minLength": _Compiler._min_length,
    "minimum": _Compiler._minimum,
}


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False
