"""Find rules: built-in ``rules/``, ``--rules-dir`` folders and installed plugins.

A rule is any module with a ``RULE`` record and a ``check`` function. Nothing
is registered by hand. A broken module (import error, no metadata, a code or
name already taken) stops the run with exit 2, naming the file and the reason,
because a rule that silently vanishes is worse than no run at all.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from eks_lint.engine.cache import cache_dir
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.model import Rule

ENTRY_POINT_GROUP = "eks_lint.rules"


class LoadedRule:
    """A rule's metadata, with its module imported only when the rule runs.

    Built-in rules are described by a metadata cache (see ``_cached_builtins``),
    so a run that needs a handful of rules imports only those modules.
    """

    def __init__(
        self,
        meta: Rule,
        origin: str,
        file: str,
        module_name: str = "",
        check: Callable[..., Any] | None = None,
        doc: str | None = None,
    ) -> None:
        self.meta = meta
        self.origin = origin
        self.file = file
        self.module_name = module_name
        self._check = check
        self._doc = doc

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def check(self) -> Callable[..., Any]:
        if self._check is None:
            self._load()
        assert self._check is not None
        return self._check

    @property
    def doc(self) -> str:
        if self._doc is None:
            self._load()
        return self._doc or ""

    def _load(self) -> None:
        module = _import_file(self.module_name, Path(self.file))
        loaded = _from_module(module, self.origin, self.file, area=self.meta.area)
        self._check, self._doc = loaded.check, loaded.doc

    def __repr__(self) -> str:
        return f"LoadedRule({self.code} {self.name} from {self.origin})"


def builtin_rules_dir() -> Path:
    """``eks_lint/rules`` in an installed wheel, ``rules/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rules"
    if packaged.is_dir():
        return packaged
    return package.parent / "rules"


def discover(rules_dirs: Iterable[str] = (), plugins: bool = True) -> list[LoadedRule]:
    loaded: list[LoadedRule] = []
    loaded.extend(_cached_builtins(builtin_rules_dir()))
    for folder in rules_dirs:
        path = Path(folder)
        if not path.is_dir():
            raise EksLintError(f"--rules-dir {folder}: not a folder")
        digest = _digest(str(path.resolve()))
        loaded.extend(_load_folder(path, f"eks_lint_user_rules_{digest}", str(path)))
    if plugins:
        loaded.extend(_load_entry_points())
    _check_unique(loaded)
    loaded.sort(key=lambda rule: rule.code)
    return loaded


def _load_folder(folder: Path, package: str, origin: str) -> list[LoadedRule]:
    out = []
    for path in sorted(_rule_files(folder)):
        relative = path.relative_to(folder).with_suffix("")
        module_name = ".".join((package, *relative.parts))
        module = _import_file(module_name, path)
        rule = _from_module(module, origin, str(path), area=_area(relative))
        rule.module_name = module_name
        out.append(rule)
    return out


#: The built-in rules' metadata, shipped next to them (``rules/_index.json``):
#: a first run on a fresh CI runner imports only the rules its input needs,
#: as later runs do. Written by ``python -m eks_lint.cli.docs``; a test keeps
#: it in sync with the rule modules.
INDEX_FILE = "_index.json"


def build_index(folder: Path) -> dict[str, Any]:
    """What ``INDEX_FILE`` holds for the rules in ``folder``: every rule's
    metadata, and every rule file's size so a stale index is never used."""
    rules = _load_folder(folder, "eks_lint.rules", "built-in")
    files = {_relative(folder, path): os.path.getsize(path) for path in sorted(_rule_files(folder))}
    entries = []
    for rule in rules:
        entry = _to_cache(rule)
        entry["file"] = _relative(folder, Path(rule.file))
        entries.append(entry)
    return {"files": files, "rules": entries}


def _relative(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _shipped_builtins(folder: Path, files: list[Path]) -> list[LoadedRule] | None:
    """The built-in rules from the shipped index, or None when it does not
    describe these files (a rule added, removed or edited since it was written)."""
    try:
        with open(os.path.join(folder, INDEX_FILE), encoding="utf-8") as handle:
            index = json.load(handle)
        sizes = index["files"]
        if len(sizes) != len(files):
            return None
        base = str(folder)
        for path in files:
            name = os.path.relpath(path, base).replace(os.sep, "/")
            if sizes.get(name) != os.path.getsize(path):
                return None
        entries = [{**entry, "file": os.path.join(base, entry["file"])} for entry in index["rules"]]
        return [_from_cache(entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cached_builtins(folder: Path) -> list[LoadedRule]:
    """Built-in rules from the shipped index; else from a metadata cache keyed
    by every source file's size and mtime (rules and engine), or by importing
    them all when anything changed.

    Importing every rule module costs more than linting one manifest; the
    index lets a pre-commit run import only the rules its input needs.
    """
    files = sorted(_rule_files(folder))
    shipped = _shipped_builtins(folder, files)
    if shipped is not None:
        return shipped
    cache_file: Path | None = None
    try:
        cache_file = cache_dir() / f"rules-{_fingerprint(files)}.json"
        entries = json.loads(cache_file.read_text(encoding="utf-8"))
        return [_from_cache(entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rules = _load_folder(folder, "eks_lint.rules", "built-in")
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps([_to_cache(rule) for rule in rules]), encoding="utf-8")
            tmp.replace(cache_file)
        except OSError:
            pass  # no cache: the next run imports every rule again
    return rules


def _fingerprint(rule_files: list[Path]) -> str:
    from eks_lint import __version__

    lines = [__version__]
    engine_files = sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    for path in (*engine_files, *rule_files):
        stat = path.stat()
        lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return _digest("\n".join(lines))


def _digest(text: str) -> str:
    """A 64-bit cache key. Not for security: it only tells whether a cached
    answer still describes the same files, and zlib is already loaded where
    hashlib would cost ~2 ms of OpenSSL start-up on every run."""
    data = text.encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _to_cache(rule: LoadedRule) -> dict[str, Any]:
    meta = rule.meta
    return {
        "module": rule.module_name,
        "file": rule.file,
        "meta": {
            "code": meta.code,
            "name": meta.name,
            "severity": str(meta.severity),
            "summary": meta.summary,
            "needs": list(meta.needs),
            "needs_any": list(meta.needs_any),
            "wants": list(meta.wants),
            "kinds": list(meta.kinds),
            "options": dict(meta.options),
            "source": meta.source,
            "area": meta.area,
        },
    }


def _from_cache(entry: dict[str, Any]) -> LoadedRule:
    meta = dict(entry["meta"])
    for key in ("needs", "needs_any", "wants", "kinds"):
        meta[key] = tuple(meta[key])
    if not Path(entry["file"]).is_file():
        raise KeyError(entry["file"])
    return LoadedRule(meta=Rule(**meta), origin="built-in", file=entry["file"], module_name=entry["module"])


def _rule_files(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in files:
            if name.endswith(".py") and not name.startswith("_"):
                yield Path(root, name)


def _area(relative: Path) -> str:
    return relative.parts[0] if len(relative.parts) > 1 else ""


def _import_file(module_name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise EksLintError(f"{path}: cannot be imported as a rule module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a broken rule module must name itself
        raise EksLintError(f"{path}: rule module failed to import: {type(error).__name__}: {error}") from None
    sys.modules.setdefault(module_name, module)
    return module


def _from_module(module: ModuleType, origin: str, file: str, area: str = "") -> LoadedRule:
    meta = getattr(module, "RULE", None)
    check = getattr(module, "check", None)
    if not isinstance(meta, Rule):
        raise EksLintError(f"{file}: not a rule module: no RULE = eks_lint.engine.model.Rule(...) record")
    if not callable(check):
        raise EksLintError(f"{file}: rule {meta.name} has no check(inventory, options) function")
    import inspect  # only when a rule module is actually imported

    parameters = len(inspect.signature(check).parameters)
    if parameters != 2:
        raise EksLintError(f"{file}: rule {meta.name}: check() must take (inventory, options)")
    doc = inspect.cleandoc(module.__doc__ or "")
    if not doc:
        raise EksLintError(f"{file}: rule {meta.name} has no docstring (its documentation)")
    if area and not meta.area:
        meta = _with_area(meta, area)
    return LoadedRule(meta=meta, check=check, doc=doc, origin=origin, file=file, module_name=module.__name__)


def _with_area(meta: Rule, area: str) -> Rule:
    return meta.replace(area=area)


def _plugin_entry_points() -> list[tuple[str, str, str]]:
    """(name, value, distribution) of every ``eks_lint.rules`` entry point.

    Scanning installed distributions with importlib.metadata costs tens of
    milliseconds in a large environment; the answer only changes when a
    folder on sys.path changes, so it is cached by those folders' mtimes.
    """
    stamp = []
    cwd = os.getcwd()
    for entry in sys.path:
        if entry in ("", ".", cwd):
            continue  # the working folder changes all the time and holds no installed distributions
        try:
            stamp.append(f"{entry}\0{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            stamp.append(f"{entry}\0-")
    cache_file = cache_dir() / f"plugins-{_digest(chr(10).join(stamp))}.json"
    try:
        return [tuple(item) for item in json.loads(cache_file.read_text(encoding="utf-8"))]  # type: ignore[misc]
    except (OSError, ValueError, TypeError):
        pass
    from importlib.metadata import entry_points

    found = [
        (entry.name, entry.value, entry.dist.name if entry.dist else entry.name)
        for entry in entry_points(group=ENTRY_POINT_GROUP)
    ]
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(found), encoding="utf-8")
    except OSError:
        pass
    return found


def _load_entry_points() -> list[LoadedRule]:
    out = []
    for name, value, dist in _plugin_entry_points():
        from importlib.metadata import EntryPoint

        entry = EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)
        label = f"plugin:{dist}"
        try:
            target = entry.load()
        except Exception as error:
            raise EksLintError(
                f"entry point {entry.name} = {entry.value}: failed to import: {type(error).__name__}: {error}"
            ) from None
        modules = target if isinstance(target, (list, tuple)) else [target]
        for module in modules:
            if not isinstance(module, ModuleType):
                raise EksLintError(f"entry point {entry.name} = {entry.value}: not a module")
            if hasattr(module, "RULE"):
                out.append(_from_module(module, label, module.__file__ or entry.value))
            elif hasattr(module, "__path__"):  # a package of rule modules
                folder = Path(next(iter(module.__path__)))
                out.extend(_load_folder(folder, module.__name__, label))
            else:
                raise EksLintError(
                    f"entry point {entry.name} = {entry.value}: no RULE record and not a package"
                )
    return out


def _check_unique(rules: list[LoadedRule]) -> None:
    seen_codes: dict[str, LoadedRule] = {}
    seen_names: dict[str, LoadedRule] = {}
    for rule in rules:
        for key, seen in ((rule.code, seen_codes), (rule.name, seen_names)):
            other = seen.get(key)
            if other is not None:
                raise EksLintError(
                    f"{rule.file}: rule {key} is already defined by {other.file}; "
                    "codes and names must be unique"
                )
            seen[key] = rule


def select_rules(
    rules: list[LoadedRule], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[LoadedRule]:
    """Codes, names, code prefixes (``EKS1``) or ``ALL``; unknown selectors are an error."""
    select = list(select)
    ignore = list(ignore)
    for selector in (*select, *ignore):
        if not any(_matches(rule, selector) for rule in rules):
            raise EksLintError(
                f"unknown rule {selector!r} ({did_you_mean(rules, selector)}see: eks-lint rules)"
            )
    chosen = [r for r in rules if not select or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in ignore)]


def did_you_mean(rules: Iterable[LoadedRule], selector: str) -> str:
    """``did you mean 'missing-pdb'? `` for a mistyped rule name or code, else ``""``."""
    import difflib

    names = [rule.name for rule in rules] + [rule.code for rule in rules]
    close = difflib.get_close_matches(selector, names, n=1, cutoff=0.7)
    return f"did you mean {close[0]!r}? " if close else ""


def _matches(rule: LoadedRule, selector: str) -> bool:
    if selector.upper() == "ALL":
        return True
    return rule.name == selector or rule.code.startswith(selector.upper())


def find_rule(rules: list[LoadedRule], key: str) -> LoadedRule | None:
    for rule in rules:
        if rule.name == key or rule.code == key.upper():
            return rule
    return None
