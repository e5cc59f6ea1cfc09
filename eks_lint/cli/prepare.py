"""What the command line decides before a run: config, rules, settings, the
Kubernetes version, the failing severity, and which manifests to read."""

from __future__ import annotations

from eks_lint.data import eks_versions
from eks_lint.eks.versions import minor
from eks_lint.engine.config import Config, check_against_rules, find_config, load_config, rule_settings
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import Severity
from eks_lint.engine.registry import LoadedRule, discover, select_rules
from eks_lint.engine.runner import RuleSettings

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any


class Prepared:
    """The config, every rule discovered, those selected, and their settings."""

    def __init__(
        self,
        config: Config,
        rules: list[LoadedRule],
        selected: list[LoadedRule],
        settings: dict[str, RuleSettings] | None = None,
    ) -> None:
        self.config = config
        self.rules = rules
        self.selected = selected
        self.settings: dict[str, RuleSettings] = settings if settings is not None else {}


def prepare(args: argparse.Namespace) -> Prepared:
    config_path = getattr(args, "config", None) or find_config()
    config = load_config(config_path)
    rules_dirs = [config.relative(d) for d in config.get("rules-dirs", [])]
    rules_dirs += list(getattr(args, "rules_dir", []) or [])
    rules = discover(rules_dirs)
    check_against_rules(config, rules)
    select = args.select if getattr(args, "select", None) is not None else config.get("select", [])
    ignore = list(config.get("ignore", [])) + list(getattr(args, "ignore", None) or [])
    selected = select_rules(rules, select, ignore)
    if select and getattr(args, "command", None) == "check":
        # As ruff reports syntax errors whatever is selected: a file that could not
        # be read is never a silent pass. Only --ignore (or the config's) hides it.
        kept = {id(rule) for rule in selected}
        selected = [
            rule
            for rule in select_rules(rules, (), ignore)
            if id(rule) in kept or rule.name in ALWAYS_REPORTED
        ]
    return Prepared(config, rules, selected, rule_settings(config, rules))


#: Rules ``check --select`` keeps whatever it names: problems reading the input.
ALWAYS_REPORTED = ("invalid-yaml",)


def read_manifests(args: argparse.Namespace, config: Config) -> Any:
    """The manifest PATHs (files, folders, '-'), less what is excluded: the config's
    ``exclude`` (relative to its folder), ``--exclude`` (relative to the working
    folder) and, unless ``--no-gitignore``, what git ignores."""
    import os

    from eks_lint.sources.manifests import MAX_FILE_BYTES, expand_paths, load_manifests
    from eks_lint.sources.paths import PathFilter

    config_folder = str(config.path.parent) if config.path is not None else os.getcwd()
    skip = PathFilter(
        [(config_folder, config.get("exclude", [])), (os.getcwd(), getattr(args, "exclude", None) or [])],
        gitignore=not getattr(args, "no_gitignore", False),
    )
    context = list(getattr(args, "context_dir", None) or [])
    max_bytes = args.max_file_size or MAX_FILE_BYTES
    manifests = load_manifests(
        [*args.paths, *context],
        max_file_bytes=max_bytes,
        skip=skip,
        scope=config.get("scope", "auto"),
        scope_roots=config.get("scope-roots", []),
        rendered=renders(args, config, max_bytes),
    )
    if context:
        manifests.report_only = expand_paths(args.paths, skip=skip)
    return manifests


def wants_renders(args: argparse.Namespace) -> bool:
    """``--helm`` or ``--kustomize`` was given."""
    return bool(getattr(args, "helm", None) or getattr(args, "kustomize", None))


def renders(args: argparse.Namespace, config: Config, max_bytes: int) -> list[Any]:
    """Run each render asked for (``--helm`` per values render, ``--kustomize`` per
    overlay); a render that fails stops the run (exit 2) with its first line."""
    from eks_lint.sources.manifests import RenderedText

    charts = list(getattr(args, "helm", None) or [])
    helm_only = [
        flag
        for flag, name in (
            ("--values", "values"),
            ("--set", "set"),
            ("--release", "release"),
            ("--namespace", "namespace"),
        )
        if getattr(args, name, None)
    ]
    if helm_only and not charts:
        raise EksLintError(f"{', '.join(helm_only)}: only with --helm CHART_DIR")
    if charts and (getattr(args, "values", None) or config.get("helm-values")) and len(charts) > 1:
        raise EksLintError("--values and helm-values apply to one chart: give one --helm CHART_DIR per run")
    out: list[Any] = []
    if charts:
        from eks_lint.sources import helm

        version = k8s_version(args, config, Inventory())
        specs = list(getattr(args, "values", None) or []) or [
            f"{name}={','.join(config.relative(path) for path in files)}"
            for name, files in (config.get("helm-values") or {}).items()
        ]
        for chart in charts:
            for render in helm.parse_values(specs):
                data = helm.render_chart(
                    chart, render, list(args.set or []), args.release, args.namespace, version, max_bytes
                )
                name = helm.render_name(chart, render)
                origin_of = helm.source_resolver(data.decode("utf-8", "replace"), name, chart)
                out.append(RenderedText(name, data, origin_of, name))
    for folder in getattr(args, "kustomize", None) or []:
        from eks_lint.sources import kustomize

        data, wrapper = kustomize.render_overlay(folder, max_bytes)
        name = f"<kustomize {folder}>"
        out.append(RenderedText(name, data, kustomize.origin_resolver(wrapper, folder), name))
    return out


def k8s_version(args: argparse.Namespace, config: Config, inventory: Inventory) -> str:
    """``--k8s-version``, else the config's, else the cluster's, else the newest EKS version known
    (the built-in calendar's, or a newer one ``eks-lint data refresh`` saved)."""
    version = args.k8s_version or config.get("k8s-version")
    if version is None and inventory.cluster:
        version = inventory.cluster.get("version")
    status = getattr(args, "eks_data", None)
    version = version or (status.newest if status is not None else eks_versions.newest())
    if minor(version) is None:
        raise EksLintError(f"--k8s-version {version}: not a Kubernetes version like 1.31")
    return version


def fail_on(args: argparse.Namespace, config: Config) -> Severity | None:
    """The lowest severity that fails the run; None for ``never``."""
    text = args.fail_on or config.get("fail-on") or "error"
    return None if text == "never" else Severity.parse(text)
