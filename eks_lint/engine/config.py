"""The ``.eks-lint.yaml`` config file: found, loaded and validated.

The structure is validated with jsonschema against the schema shipped in the
package; rule names and rule options are then checked against the rules that
were actually loaded (built-in, rules folders, plugins), so a typo in an
option name fails at once, naming the rule and the option.
"""

from __future__ import annotations

import json
import os

from eks_lint import __version__
from eks_lint.engine.cache import cache_dir
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, read_regular_file
from eks_lint.engine.model import Severity
from eks_lint.engine.registry import LoadedRule, find_rule
from eks_lint.engine.runner import RuleSettings, default_settings
from eks_lint.engine.yaml_load import YamlProblem, load_one

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

CONFIG_NAMES = (".eks-lint.yaml", ".eks-lint.yml")
#: A config file is a few kilobytes; anything near this is not one.
MAX_CONFIG_BYTES = 1024 * 1024
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
SCHEMA_FILE = os.path.join(_PACKAGE, "schemas", "config.schema.json")


class Config:
    def __init__(self, path: Path | None = None, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self.data: dict[str, Any] = data if data is not None else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def relative(self, value: str) -> str:
        """Paths in the config are relative to the config file's folder."""
        if self.path is None or os.path.isabs(value):
            return value
        return str(self.path.parent / value)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (the working folder) up; walked with
    ``os.path``: pathlib is imported only when a config is found."""
    folder = os.path.realpath(start if start is not None else os.getcwd())
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                from pathlib import Path

                return Path(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(path: str | Path | None, explicit: bool = False) -> Config:
    if path is None:
        return Config()
    from pathlib import Path  # a config exists: its folder anchors relative paths

    path = Path(path)
    try:
        text = read_regular_file(str(path), MAX_CONFIG_BYTES).decode("utf-8")
    except FileProblem as problem:
        if not path.exists() and not path.is_symlink():
            raise EksLintError(f"{path}: config file not found") from None
        raise EksLintError(f"{path}: cannot read config file: {problem}") from None
    except UnicodeDecodeError:
        raise EksLintError(f"{path}: cannot read config file: not UTF-8 text") from None
    try:
        document = load_one(text)
    except YamlProblem as problem:
        reason = problem.message.removeprefix("malformed YAML: ")
        raise EksLintError(
            f"{path}:{problem.line}:{problem.column}: config is not valid YAML: {reason}"
        ) from None
    if document.duplicates:
        duplicate = document.duplicates[0]
        raise EksLintError(
            f"{path}:{duplicate.line}:{duplicate.column}: config has key {str(duplicate.key)!r} twice "
            f"(first at line {duplicate.first_line}); keep one"
        )
    data = document.data
    if data is None:
        data = {}
    if not _known_valid(text):
        problems = schema_problems(data)
        if problems:
            raise EksLintError(_problem_text(path, problems))
        _remember_valid(text)
    return Config(path=path, data=data)


def _validity_key(text: str) -> Path:
    """A config text validated against this schema once need not import jsonschema
    again (≈60 ms on every pre-commit run); any change to either re-validates."""
    import hashlib  # only when a config file exists

    digest = hashlib.sha256()
    digest.update(__version__.encode())
    with open(SCHEMA_FILE, "rb") as handle:
        digest.update(handle.read())
    digest.update(text.encode("utf-8"))
    return cache_dir() / "valid-configs" / digest.hexdigest()


def _known_valid(text: str) -> bool:
    try:
        return _validity_key(text).exists()
    except OSError:
        return False


def _remember_valid(text: str) -> None:
    key = _validity_key(text)
    try:
        key.parent.mkdir(parents=True, exist_ok=True)
        key.touch()
    except OSError:
        pass  # a read-only home only costs the re-validation next time


def schema_problems(data: Any) -> list[str]:
    import jsonschema

    with open(SCHEMA_FILE, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = _key_path(error.absolute_path)
        problems.append(f"{where}: {_short(error)}")
    return problems


def _short(error: Any) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    return error.message


def _key_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _problem_text(path: str | Path, problems: list[str]) -> str:
    lines = [f"{path}: invalid config ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
    lines.extend(f"  {problem}" for problem in problems)
    return "\n".join(lines)


def rule_problems(config: Config, rules: list[LoadedRule]) -> list[str]:
    """Unknown rules, unknown options and options of the wrong type."""
    problems = []
    for key, entry in (config.get("rules") or {}).items():
        rule = find_rule(rules, key)
        if rule is None:
            problems.append(f"rules.{key}: unknown rule")
            continue
        for option, value in (entry.get("options") or {}).items():
            where = f"rules.{key}.options.{option}"
            if option not in rule.meta.options:
                known = ", ".join(sorted(rule.meta.options)) or "none"
                problems.append(f"{where}: unknown option (options of {rule.name}: {known})")
                continue
            expected = type(rule.meta.options[option])
            if not _type_ok(value, expected):
                problems.append(f"{where}: expected {_type_name(expected)}, got {_type_name(type(value))}")
    return problems


def check_against_rules(config: Config, rules: list[LoadedRule]) -> None:
    problems = rule_problems(config, rules)
    if problems:
        raise EksLintError(_problem_text(config.path or ".eks-lint.yaml", problems))


def _type_ok(value: Any, expected: type) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _type_name(kind: type) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "mapping",
        type(None): "null",
    }.get(kind, kind.__name__)


def rule_settings(config: Config, rules: list[LoadedRule]) -> dict[str, RuleSettings]:
    """Each rule the config mentions: its defaults with the config's severity, options and ignores."""
    settings = {}
    for key, entry in (config.get("rules") or {}).items():
        rule = find_rule(rules, key)
        if rule is None:  # already reported by check_against_rules
            continue
        base = default_settings(rule.meta)
        if "severity" in entry:
            base.severity = Severity.parse(entry["severity"])
        base.options.update(entry.get("options") or {})
        base.ignores = list(entry.get("ignore") or [])
        settings[rule.name] = base
    return settings
