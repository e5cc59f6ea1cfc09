"""Find rules: built-in ``rules/``, ``--rules-dir`` folders and installed plugins.

A rule is any module with a ``RULE`` record and a ``check`` function. Nothing
is registered by hand. A broken module (import error, no metadata, a code or
name already taken) stops the run with exit 2, naming the file and the reason,
because a rule that silently vanishes is worse than no run at all.
"""

from __future__ import annotations

import json
import os
import sys

from eks_lint.engine.cache import cache_folder
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.model import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path
    from types import ModuleType
    from typing import Any

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
        import inspect  # only for documentation (``explain``, ``docs``), never on a check run

        return inspect.cleandoc(self._doc or "")

    def _load(self) -> None:
        module = _import_file(self.module_name, self.file)
        loaded = _from_module(module, self.origin, self.file, area=self.meta.area)
        self._check, self._doc = loaded.check, loaded._doc

    def __repr__(self) -> str:
        return f"LoadedRule({self.code} {self.name} from {self.origin})"


def builtin_rules_dir() -> Path:
    """``eks_lint/rules`` in an installed wheel, ``rules/`` in a checkout."""
    from pathlib import Path

    return Path(builtin_rules_folder())


def builtin_rules_folder() -> str:
    """``builtin_rules_dir()`` as a string: every run needs it, and pathlib
    costs a one-file run ~5 ms of imports."""
    package = _package_folder()
    packaged = os.path.join(package, "rules")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(package), "rules")


def discover(rules_dirs: Iterable[str] = (), plugins: bool = True) -> list[LoadedRule]:
    loaded: list[LoadedRule] = []
    loaded.extend(_cached_builtins(builtin_rules_folder()))
    for folder in rules_dirs:
        if not os.path.isdir(folder):
            raise EksLintError(f"--rules-dir {folder}: not a folder")
        digest = _digest(os.path.realpath(folder))
        loaded.extend(_load_folder(folder, f"eks_lint_user_rules_{digest}", str(folder)))
    if plugins:
        loaded.extend(_load_entry_points())
    _check_unique(loaded)
    loaded.sort(key=lambda rule: rule.code)
    return loaded


def _load_folder(folder: str | Path, package: str, origin: str) -> list[LoadedRule]:
    out = []
    for path in sorted(_rule_files(folder)):
        relative = os.path.splitext(os.path.relpath(path, folder))[0].split(os.sep)
        module_name = ".".join((package, *relative))
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


def build_index(folder: str | Path) -> dict[str, Any]:
    """What ``INDEX_FILE`` holds for the rules in ``folder``: every rule's
    metadata, and every rule file's size so a stale index is never used."""
    rules = _load_folder(folder, "eks_lint.rules", "built-in")
    files = {_relative(folder, path): os.path.getsize(path) for path in sorted(_rule_files(folder))}
    entries = []
    for rule in rules:
        entry = _to_cache(rule)
        entry["file"] = _relative(folder, rule.file)
        entries.append(entry)
    return {"files": files, "rules": entries}


def _relative(folder: str | Path, path: str | Path) -> str:
    return os.path.relpath(path, folder).replace(os.sep, "/")


def _shipped_builtins(folder: str | Path, files: list[str] | None) -> list[LoadedRule] | None:
    """The built-in rules from the shipped index, or None when it does not
    describe ``files`` (a rule added, removed or edited since it was written).

    ``files`` is None for the copy installed from a wheel, whose index was
    checked against its rules when the wheel was built (``hatch_build.py``):
    an installed run does not list the folder to check it again.
    """
    try:
        with open(os.path.join(folder, INDEX_FILE), encoding="utf-8") as handle:
            index = json.load(handle)
        base = str(folder)
        if files is not None:
            sizes = index["files"]
            if len(sizes) != len(files):
                return None
            for path in files:
                name = os.path.relpath(path, base).replace(os.sep, "/")
                if sizes.get(name) != os.path.getsize(path):
                    return None
        join = os.path.join
        return [
            LoadedRule(
                meta=Rule.from_index(entry["meta"]),
                origin="built-in",
                file=join(base, entry["file"]),
                module_name=entry["module"],
            )
            for entry in index["rules"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cached_builtins(folder: str) -> list[LoadedRule]:
    """Built-in rules from the shipped index; else from a metadata cache keyed
    by every source file's size and mtime (rules and engine), or by importing
    them all when anything changed.

    Importing every rule module costs more than linting one manifest; the
    index lets a pre-commit run import only the rules its input needs.
    """
    if _installed(folder):
        shipped = _shipped_builtins(folder, None)
        if shipped is not None:
            return shipped
    files = sorted(_rule_files(folder))
    shipped = _shipped_builtins(folder, files)
    if shipped is not None:
        return shipped
    cache_file: str | None = None
    try:
        cache_file = os.path.join(cache_folder(), f"rules-{_fingerprint(files)}.json")
        with open(cache_file, encoding="utf-8") as handle:
            entries = json.load(handle)
        return [_from_cache(entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rules = _load_folder(folder, "eks_lint.rules", "built-in")
    if cache_file is not None:
        try:
            os.makedirs(os.path.dirname(cache_file), exist_ok=True)
            tmp = f"{os.path.splitext(cache_file)[0]}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(json.dumps([_to_cache(rule) for rule in rules]))
            os.replace(tmp, cache_file)
        except OSError:
            pass  # no cache: the next run imports every rule again
    return rules


def _installed(folder: str) -> bool:
    """Whether ``folder`` is the rules folder of a wheel install (``eks_lint/rules``,
    never edited in place) rather than a checkout's ``rules/``."""
    return os.path.dirname(folder) == _package_folder()


def _package_folder() -> str:
    return os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def _fingerprint(rule_files: list[str]) -> str:
    from pathlib import Path  # only when the shipped index does not describe the rules

    from eks_lint import __version__

    lines = [__version__]
    engine_files = sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    for path in (*engine_files, *map(Path, rule_files)):
        stat = path.stat()
        lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return _digest("\n".join(lines))


def _digest(text: str) -> str:
    """A 64-bit cache key. Not for security: it only tells whether a cached
    answer still describes the same files, and zlib is already loaded where
    hashlib would cost ~2 ms of OpenSSL start-up on every run."""
    import zlib  # only for --rules-dir folders and the fallback cache

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
    if not os.path.isfile(entry["file"]):
        raise KeyError(entry["file"])
    return LoadedRule(meta=Rule(**meta), origin="built-in", file=entry["file"], module_name=entry["module"])


def _rule_files(folder: str | Path) -> Iterable[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in files:
            if name.endswith(".py") and not name.startswith("_"):
                yield os.path.join(root, name)


def _area(relative: list[str]) -> str:
    return relative[0] if len(relative) > 1 else ""


def _import_file(module_name: str, path: str) -> ModuleType:
    spec = _spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise EksLintError(f"{path}: cannot be imported as a rule module")
    module = _module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a broken rule module must name itself
        raise EksLintError(f"{path}: rule module failed to import: {type(error).__name__}: {error}") from None
    sys.modules.setdefault(module_name, module)
    return module


def _spec_from_file_location(module_name: str, path: str) -> Any:
    """``importlib.util.spec_from_file_location``, taken from the import system
    CPython has already loaded: ``importlib.util`` itself (with ``warnings``)
    costs a one-file run ~1.5 ms."""
    bootstrap = sys.modules.get("_frozen_importlib_external")
    if bootstrap is None:  # pragma: no cover - not CPython
        import importlib.util

        return importlib.util.spec_from_file_location(module_name, path)
    return bootstrap.spec_from_file_location(module_name, path)


def _module_from_spec(spec: Any) -> ModuleType:
    bootstrap = sys.modules.get("_frozen_importlib")
    if bootstrap is None:  # pragma: no cover - not CPython
        import importlib.util

        return importlib.util.module_from_spec(spec)
    return bootstrap.module_from_spec(spec)


def _from_module(module: ModuleType, origin: str, file: str, area: str = "") -> LoadedRule:
    meta = getattr(module, "RULE", None)
    check = getattr(module, "check", None)
    if not isinstance(meta, Rule):
        raise EksLintError(f"{file}: not a rule module: no RULE = eks_lint.engine.model.Rule(...) record")
    if not callable(check):
        raise EksLintError(f"{file}: rule {meta.name} has no check(inventory, options) function")
    if _parameter_count(check) != 2:
        raise EksLintError(f"{file}: rule {meta.name}: check() must take (inventory, options)")
    doc = module.__doc__ or ""
    if not doc.strip():
        raise EksLintError(f"{file}: rule {meta.name} has no docstring (its documentation)")
    if area and not meta.area:
        meta = _with_area(meta, area)
    return LoadedRule(meta=meta, check=check, doc=doc, origin=origin, file=file, module_name=module.__name__)


#: Code flags of a ``*args`` and a ``**kwargs`` parameter (``inspect.CO_VARARGS``, ``CO_VARKEYWORDS``).
_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


def _parameter_count(check: Callable[..., Any]) -> int:
    """``len(inspect.signature(check).parameters)``, read from a plain function's
    code object: ``inspect`` costs a one-file run ~8 ms of imports."""
    code = getattr(check, "__code__", None)
    if code is None or getattr(check, "__self__", None) is not None or hasattr(check, "__wrapped__"):
        import inspect  # a bound method, a decorated function or another callable

        return len(inspect.signature(check).parameters)
    flags = code.co_flags
    return (
        code.co_argcount + code.co_kwonlyargcount + bool(flags & _CO_VARARGS) + bool(flags & _CO_VARKEYWORDS)
    )


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
    cache_file = os.path.join(cache_folder(), f"plugins-{_digest(chr(10).join(stamp))}.json")
    try:
        with open(cache_file, encoding="utf-8") as handle:
            return [tuple(item) for item in json.load(handle)]  # type: ignore[misc]
    except (OSError, ValueError, TypeError):
        pass
    found = _scan_entry_points()
    if found is None:  # a zip or egg file on sys.path: only importlib.metadata reads those
        from importlib.metadata import entry_points

        found = [
            (entry.name, entry.value, entry.dist.name if entry.dist else entry.name)
            for entry in entry_points(group=ENTRY_POINT_GROUP)
        ]
    try:
        os.makedirs(os.path.dirname(cache_file), exist_ok=True)
        with open(cache_file, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(found))
    except OSError:
        pass
    return found


def _scan_entry_points() -> list[tuple[str, str, str]] | None:
    """The ``eks_lint.rules`` entry points of the distributions installed in the
    folders on sys.path (their ``.dist-info`` or ``.egg-info``), as
    ``importlib.metadata.entry_points`` finds them (the first distribution of a
    name on sys.path wins), or None when sys.path holds a zip or egg file.

    Importing ``importlib.metadata`` costs 50 ms and more (it pulls in pathlib,
    zipfile, email and csv): a first run on a fresh CI runner paid it, to learn
    there was no plugin. Reading a few small text files costs almost nothing.
    """
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        if os.path.isfile(folder):
            return None
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue  # a folder that does not exist holds no distribution
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            key = _normalised(name.rsplit(".", 1)[0].split("-", 1)[0])
            if key in seen:
                continue
            seen.add(key)
            meta = os.path.join(folder, name)
            points = _read_small(os.path.join(meta, "entry_points.txt"))
            if points is None or f"[{ENTRY_POINT_GROUP}]" not in points:
                continue
            dist = _metadata_name(meta)
            for point, value in _group_entries(points, ENTRY_POINT_GROUP):
                found.append((point, value, dist or point))
    return found


def _normalised(name: str) -> str:
    """A distribution's name as importlib.metadata compares them (PEP 503, ``_`` for ``-``)."""
    out = name.lower()
    for separator in ("-", "."):
        out = out.replace(separator, "_")
    while "__" in out:
        out = out.replace("__", "_")
    return out


def _read_small(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(1024 * 1024)
    except (OSError, UnicodeDecodeError):
        return None


def _metadata_name(folder: str) -> str | None:
    """The ``Name:`` header of a distribution's METADATA (PKG-INFO for an egg-info)."""
    for file in ("METADATA", "PKG-INFO"):
        text = _read_small(os.path.join(folder, file))
        if text is None:
            continue
        for line in text.splitlines():
            if not line.strip():
                break  # the headers end at the first blank line
            if line.lower().startswith("name:"):
                return line.split(":", 1)[1].strip()
    return None


def _group_entries(text: str, group: str) -> list[tuple[str, str]]:
    """``name = value`` lines of one ``[group]`` section of an entry_points.txt (INI)."""
    out = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, value = line.split("=", 1)
            out.append((name.strip(), value.strip()))
    return out


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
        from types import ModuleType

        modules = target if isinstance(target, (list, tuple)) else [target]
        for module in modules:
            if not isinstance(module, ModuleType):
                raise EksLintError(f"entry point {entry.name} = {entry.value}: not a module")
            if hasattr(module, "RULE"):
                out.append(_from_module(module, label, module.__file__ or entry.value))
            elif hasattr(module, "__path__"):  # a package of rule modules
                folder = next(iter(module.__path__))
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
