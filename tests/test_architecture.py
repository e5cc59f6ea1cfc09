"""The layout stays true: imports point one way and never form a cycle.

One flow, sources -> inventory -> engine -> report, one package per job
(docs/architecture.md). Every import in the package and the built-in rules
counts, those inside functions too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: layer -> the layers it may import. ``root`` is ``eks_lint/__init__.py``
#: (the version); ``api`` is ``eks_lint.rule``, the rule-author API;
#: ``model`` is the engine's data model, the part of the engine that the EKS
#: helpers build on.
ALLOWED: dict[str, frozenset[str]] = {
    "root": frozenset(),
    "data": frozenset({"data"}),
    "model": frozenset({"model", "data", "root"}),
    "engine": frozenset({"engine", "model", "data", "root"}),
    "api": frozenset({"model", "root"}),
    "eks": frozenset({"eks", "model", "data", "root"}),
    "sources": frozenset({"sources", "engine", "model", "data", "root"}),
    "report": frozenset({"report", "engine", "model", "eks", "data", "root"}),
    "rules": frozenset({"api", "eks", "data"}),
    "cli": frozenset({"cli", "sources", "engine", "model", "eks", "report", "data", "root"}),
}
MODEL = (
    "eks_lint.engine.model",
    "eks_lint.engine.inventory",
    "eks_lint.engine.errors",
    "eks_lint.engine.record",
    "eks_lint.engine.yaml_load",  # the one YAML loader, which aws-auth's embedded YAML uses too
)


def layer(module: str) -> str | None:
    """The layer a module belongs to, from its package; None for modules outside eks-lint."""
    if module == "eks_lint":
        return "root"
    if module == "eks_lint.__main__":
        return "cli"
    if module == "eks_lint.rule":
        return "api"
    if module in MODEL:
        return "model"
    if module == "rules" or module.startswith(("rules.", "eks_lint.rules.")):
        return "rules"
    parts = module.split(".")
    if parts[0] != "eks_lint" or len(parts) < 2:
        return None
    return {
        "engine": "engine",
        "eks": "eks",
        "sources": "sources",
        "report": "report",
        "cli": "cli",
        "data": "data",
    }.get(parts[1], "unknown")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, known: Iterable[str]) -> set[str]:
    """Every eks-lint module ``path`` imports, at any depth of the file."""
    known = set(known)
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from eks_lint.engine import runner`` imports the module eks_lint.engine.runner
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        found.update(target for target in targets if target.split(".")[0] in ("eks_lint", "rules"))
    return found


def import_graph() -> dict[str, set[str]]:
    files = sorted((ROOT / "eks_lint").rglob("*.py")) + sorted((ROOT / "rules").rglob("*.py"))
    names = {module_name(path): path for path in files}
    return {name: imports_of(path, names) for name, path in names.items()}


def violations(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """``importer -> imported`` for every import against the allowed direction."""
    out = []
    for importer, imported in sorted(graph.items()):
        source = layer(importer)
        for target in sorted(imported):
            goal = layer(target)
            if source is None or goal is None:
                continue
            if source == "unknown" or goal == "unknown" or goal not in ALLOWED[source]:
                out.append(f"{importer} ({source}) -> {target} ({goal})")
    return out


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer():
    unknown = [name for name in import_graph() if layer(name) in (None, "unknown")]
    assert unknown == []


def test_imports_point_one_way():
    assert violations(import_graph()) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_checks_catch_a_cycle_and_an_upward_import():
    graph = {
        "eks_lint.engine.runner": {"eks_lint.cli.check"},
        "eks_lint.cli.check": {"eks_lint.engine.runner"},
        "eks_lint.eks.iam": {"eks_lint.engine.registry"},
        "rules.iam.x": {"eks_lint.engine.inventory"},
    }
    assert cycles(graph) == [["eks_lint.cli.check", "eks_lint.engine.runner"]]
    assert violations(graph) == [
        "eks_lint.eks.iam (eks) -> eks_lint.engine.registry (engine)",
        "eks_lint.engine.runner (engine) -> eks_lint.cli.check (cli)",
        "rules.iam.x (rules) -> eks_lint.engine.inventory (model)",
    ]
    assert cycles({"eks_lint.eks.a": {"eks_lint.eks.a"}}) == [["eks_lint.eks.a"]]


def test_lazy_and_relative_imports_count(tmp_path, monkeypatch):
    package = tmp_path / "eks_lint" / "engine"
    package.mkdir(parents=True)
    source = package / "runner.py"
    source.write_text("def f():\n    from ..cli import check\n    from . import model\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert imports_of(source, {"eks_lint.cli.check", "eks_lint.engine.model"}) == {
        "eks_lint.cli.check",
        "eks_lint.engine.model",
    }


def test_the_call_table_is_defined_once():
    """Only eks_lint/data/aws_calls.py maps AWS operations to inventory parts:
    the engine, the collector and ``iam-policy`` all read that table."""
    operation = ("eks:", "ec2:", "iam:", "autoscaling:")
    holders = []
    for path in sorted((ROOT / "eks_lint").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            strings = []
            if isinstance(node, ast.Dict):
                strings = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Call":
                strings = [a.value for a in node.args[:1] if isinstance(a, ast.Constant)]
            if sum(isinstance(s, str) and s.startswith(operation) for s in strings) >= 1:
                holders.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(holders)) == ["eks_lint/data/aws_calls.py"]


def test_rules_import_the_engine_only_through_the_rule_api():
    graph = import_graph()
    engine_imports = {
        name: sorted(t for t in targets if t.startswith("eks_lint.engine"))
        for name, targets in graph.items()
        if layer(name) == "rules"
    }
    assert {name: found for name, found in engine_imports.items() if found} == {}
    assert all("eks_lint.rule" in graph[name] for name in engine_imports)
