"""The command line's arguments: every subcommand, option and argument type.

Parsing only: what each subcommand does is in its own module of this package.
"""

from __future__ import annotations

import argparse
import os

from eks_lint import __version__
from eks_lint.cli.fast_argv import COLOR_CHOICES, FAIL_ON_CHOICES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn


class _FormatAction(argparse.Action):
    """``--format`` may repeat; each ``--output`` belongs to the format next to it.

    ``-f json -o out.json`` and ``-o out.json -f json`` mean the same, and so does
    ``-f json=out.json``. Entries are ``[format or None, file or None]``; an
    ``--output`` with no format near it writes text (the old ``-o FILE`` alone).
    """

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        outputs = list(getattr(namespace, "outputs", None) or [])
        last = outputs[-1] if outputs else None
        if option_string in ("--format", "-f"):
            name, _, file = str(values).partition("=")
            if "=" in str(values) and not file:
                parser.error(f"--format {values}: give a file after '=' ({name}=FILE), or leave '=' out")
            if last is not None and last[0] is None and not file:
                last[0] = name  # its --output came first
            else:
                outputs.append([name, file or None])
        else:  # --output / -o
            if last is not None and last[1] is None:
                last[1] = values
            elif last is not None and last[0] is None:
                parser.error(f"--output {values}: two --output in a row; give a --format next to each")
            else:
                outputs.append([None, values])
        namespace.outputs = outputs


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class _ExtendSplit(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        items = list(getattr(namespace, self.dest, None) or [])
        items.extend(_split_list(values))
        setattr(namespace, self.dest, items)


class _Formatter(argparse.HelpFormatter):
    """argparse asks shutil for the terminal width whenever an option is added
    (shutil and the compression modules it loads cost ~1.5 ms per run); os
    answers the same question."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        if kwargs.get("width") is None:
            try:
                kwargs["width"] = int(os.environ.get("COLUMNS") or os.get_terminal_size().columns) - 2
            except (OSError, ValueError):
                kwargs["width"] = 78
        super().__init__(prog, **kwargs)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """One line and exit 2, like every other usage error (not the whole usage block)."""
        import difflib
        import re

        message = " ".join(message.split())
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'([^']*)'", choice.group(2))
            close = difflib.get_close_matches(choice.group(1), options, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
        self.exit(2, f"eks-lint: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eks-lint",
        description="Production-readiness linter for AWS EKS clusters and Kubernetes manifests.",
        epilog="Run 'eks-lint PATH...' as a shortcut for 'eks-lint check PATH...'.",
    )
    parser.add_argument("--version", action="version", version=f"eks-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="lint manifests, a snapshot or a live cluster")
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="manifest files or folders (recursive); '-' reads stdin"
    )
    _add_rule_options(check)
    check.add_argument(
        "--format",
        "-f",
        dest="outputs",
        action=_FormatAction,
        metavar="FORMAT",
        help="text (default), json, table, sarif, junit, github, gitlab, markdown, fleet-markdown or asff, "
        "or FORMAT=FILE; "
        "repeat for several outputs (each with its own --output; at most one to the terminal)",
    )
    check.add_argument(
        "--output",
        "-o",
        dest="outputs",
        action=_FormatAction,
        metavar="FILE",
        help="write the --format next to it to FILE ('-' is the terminal)",
    )
    check.add_argument(
        "--exclude",
        action="append",
        default=None,
        metavar="PATTERN",
        help="leave out files matching PATTERN, relative to the working folder (repeatable; "
        "adds to the config's exclude, which is relative to the config file)",
    )
    check.add_argument(
        "--no-gitignore",
        action="store_true",
        help="also read files git ignores (by default, inside a git work tree, files in "
        "folders that .gitignore excludes are left out)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in this baseline file (default: 'baseline:' in the config)",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record today's findings in FILE as the baseline (and report them as baselined)",
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    check.add_argument(
        "--show-suppressed",
        action="store_true",
        help="also list findings silenced by annotations or the config",
    )
    check.add_argument(
        "--k8s-version",
        metavar="1.XX",
        help="Kubernetes version the manifests are checked against "
        "(default: the cluster's, else the newest EKS version known)",
    )
    check.add_argument(
        "--target-version",
        metavar="1.XX",
        help="Kubernetes version of the next upgrade, for the upgrade checks "
        "(default: the minor after the cluster's)",
    )
    check.add_argument(
        "--upgrade-plan",
        action="store_true",
        help="print the ordered upgrade steps as Markdown instead of the report (needs cluster data)",
    )
    check.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="evaluate support dates as of this day (default: today), for reproducible reports",
    )
    check.add_argument(
        "--max-file-size",
        type=_mebibytes,
        default=None,
        metavar="MIB",
        help="largest manifest file read, in MiB (default 20)",
    )
    check.add_argument(
        "--context-dir",
        action="append",
        default=None,
        metavar="DIR",
        help="also read every manifest under DIR so objects relate as in a run on DIR, but report "
        "only findings in the PATHs given (what the pre-commit hook does); repeatable",
    )
    render = check.add_argument_group("renderers (Helm charts, kustomize overlays)")
    render.add_argument(
        "--helm",
        action="append",
        default=None,
        metavar="CHART_DIR",
        help="render the chart with 'helm template' (helm on the PATH; --kube-version from "
        "--k8s-version) and check what it renders; findings point at its templates; repeatable",
    )
    render.add_argument(
        "--values",
        action="append",
        default=None,
        metavar="[NAME=]FILE[,FILE]",
        help="with --helm: one render per --values (its own scope, named NAME or after the file); "
        "files joined by ',' are layered in that render; repeatable",
    )
    render.add_argument(
        "--set",
        action="append",
        default=None,
        metavar="KEY=VALUE",
        help="with --helm: passed to every render",
    )
    render.add_argument("--release", default=None, metavar="NAME", help="with --helm: the release name")
    render.add_argument("--namespace", default=None, metavar="NS", help="with --helm: the release namespace")
    render.add_argument(
        "--kustomize",
        action="append",
        default=None,
        metavar="DIR",
        help="render the overlay with 'kustomize build' or 'kubectl kustomize' and check it; "
        "findings point at the base or overlay file that declared each object; repeatable, "
        "one scope per overlay",
    )
    check.add_argument(
        "-v", "--verbose", action="store_true", help="also show skipped documents and rules, and tracebacks"
    )
    check.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    check.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the text report: auto (default: on a terminal, unless NO_COLOR is set or "
        "TERM=dumb; FORCE_COLOR turns it on), always or never",
    )
    check.add_argument(
        "--terraform-plan",
        action="append",
        default=None,
        metavar="FILE",
        help="check the cluster a Terraform plan will create ('terraform show -json plan.out'); repeatable",
    )
    check.add_argument(
        "--snapshot",
        action="append",
        default=None,
        metavar="FILE|DIR|S3",
        help="check a cluster snapshot (from 'eks-lint collect'), every *.json snapshot under a folder, "
        "or under s3://BUCKET/PREFIX/ (one at a time); repeatable; manifest PATHs join each",
    )
    _add_aws_options(check, required=False)

    collect = commands.add_parser("collect", help="read a live cluster from the AWS APIs into a snapshot")
    _add_aws_options(collect, required=True, fleet=True)
    collect.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write the snapshot to FILE (default: stdout); for several clusters, a folder (one file each); "
        "with --targets/--target a folder or s3://BUCKET/PREFIX/ (ACCOUNT/REGION/CLUSTER.json each)",
    )
    collect.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    fleet = collect.add_argument_group("fleet (with --targets or --target)")
    fleet.add_argument(
        "--shard",
        metavar="I/N",
        help="read only shard I of N (0-based; a stable hash of account/region/cluster)",
    )
    fleet.add_argument(
        "--shards",
        type=_count,
        metavar="N",
        help="N shards, this one's index from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX",
    )
    fleet.add_argument(
        "--jobs",
        type=_count,
        default=None,
        metavar="N",
        help="clusters read at once (default 8; with --all-clusters, 4)",
    )
    fleet.add_argument(
        "--per-account",
        type=_count,
        default=None,
        metavar="N",
        help="clusters of one account read at once, within its API rate limits (default 4)",
    )
    _add_rule_options(collect)

    targets = commands.add_parser(
        "targets",
        help="list the clusters of an AWS Organization, some accounts or this one (JSON Lines, for collect)",
    )
    source = targets.add_mutually_exclusive_group()
    source.add_argument(
        "--organization",
        action="store_true",
        help="every active account of the AWS Organization (organizations:ListAccounts)",
    )
    source.add_argument(
        "--accounts",
        action=_ExtendSplit,
        default=None,
        metavar="IDS",
        help="these account IDs, comma-separated",
    )
    targets.add_argument(
        "--role-name",
        metavar="NAME",
        help="role to assume in each account other than the caller's (see 'iam-policy --fleet')",
    )
    targets.add_argument(
        "--regions",
        action=_ExtendSplit,
        default=None,
        metavar="REGIONS",
        help="regions to look in, comma-separated (default: the regions enabled in each account)",
    )
    targets.add_argument(
        "--region", metavar="REGION", help=REGION_HELP + "; where STS and Organizations are called"
    )
    targets.add_argument(
        "--profile", metavar="PROFILE", help="AWS profile (default: the boto3 credential chain)"
    )
    targets.add_argument("--output", "-o", metavar="FILE", help="write the targets to FILE (default: stdout)")
    targets.add_argument(
        "--jobs", type=_count, default=None, metavar="N", help="regions read at once (default 8)"
    )
    targets.add_argument(
        "--allow-partial",
        action="store_true",
        help="exit 0 even when some accounts or regions could not be read (they are listed either way)",
    )

    iam_policy = commands.add_parser(
        "iam-policy",
        help="print the read-only IAM policy the collector needs (JSON, for aws iam create-policy)",
    )
    _add_rule_options(iam_policy)
    iam_policy.add_argument(
        "--fleet",
        action="store_true",
        help="also the role for each member account (its policy and trust policy) of a fleet audit",
    )
    iam_policy.add_argument(
        "--role-name", metavar="NAME", default=None, help="the member-account role (default EksLintReader)"
    )
    iam_policy.add_argument(
        "--trusted-principal",
        metavar="ARN",
        help="with --fleet (required): the ARN of the IAM role eks-lint runs as (the member role trusts it)",
    )
    iam_policy.add_argument(
        "--s3-output",
        metavar="BUCKET[/PREFIX]",
        help="also allow s3:PutObject under this bucket and prefix (collect -o s3://...), the only write",
    )

    rules = commands.add_parser("rules", help="list the available rules")
    _add_rule_options(rules)
    rules.add_argument("--format", choices=("table", "json"), default="table")

    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule", metavar="RULE", help="rule name or code")
    explain.add_argument("--rules-dir", action="append", default=[], metavar="DIR")
    explain.add_argument("--config", metavar="FILE")

    data = commands.add_parser("data", help="show or refresh the EKS version data runs use")
    data_commands = data.add_subparsers(dest="data_command", metavar="ACTION", parser_class=_Parser)
    data_commands.required = True
    show = data_commands.add_parser("show", help="which table version and refresh date a run uses")
    show.add_argument(
        "--today", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="judge staleness as of this day"
    )
    refresh = data_commands.add_parser(
        "refresh",
        help="read eks:DescribeClusterVersions and eks:DescribeAddonVersions into the user cache",
    )
    refresh.add_argument("--region", metavar="REGION", help=REGION_HELP)
    refresh.add_argument(
        "--profile", metavar="PROFILE", help="AWS profile (default: the boto3 credential chain)"
    )
    return parser


#: The AWS CLI's order (eks_lint.sources.aws.REGION_VARIABLES), not boto3's.
REGION_HELP = "AWS region (default: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's)"


def _add_aws_options(parser: argparse.ArgumentParser, required: bool, fleet: bool = False) -> None:
    """Which live cluster(s) to read, and with which credentials (the boto3 chain)."""
    group = parser.add_argument_group("live AWS")
    target = group.add_mutually_exclusive_group(required=required)
    target.add_argument(
        "--cluster", action="append", default=None, metavar="NAME", help="EKS cluster to read (repeatable)"
    )
    target.add_argument("--all-clusters", action="store_true", help="every EKS cluster in the region")
    if fleet:
        target.add_argument(
            "--targets",
            metavar="FILE",
            help="the clusters listed in FILE (from 'eks-lint targets'; '-' is stdin)",
        )
        target.add_argument(
            "--target",
            metavar="JSON",
            help='one target as JSON: {"account": ..., "region": ..., "cluster": ..., "role_arn": ...}',
        )
    group.add_argument("--region", metavar="REGION", help=REGION_HELP)
    group.add_argument(
        "--profile", metavar="PROFILE", help="AWS profile (default: the boto3 credential chain)"
    )
    group.add_argument(
        "--deadline",
        type=_run_seconds,
        default=None,
        metavar="SECONDS",
        help="stop the whole live read (every cluster, AWS and Kubernetes) after this long: "
        "what was not read by then is listed and the exit is 3 (default: no limit beyond "
        "each call's own timeouts)",
    )
    group.add_argument(
        "--allow-partial",
        action="store_true",
        help="accept a result some AWS or Kubernetes reads failed for (default: exit 3); "
        "the failed reads are still listed on stderr",
    )
    kube = parser.add_argument_group(
        "live Kubernetes",
        "by default a token is minted from the AWS credentials, as 'aws eks get-token' does",
    )
    kube.add_argument(
        "--kubeconfig",
        metavar="FILE",
        help="reach the API server as this kubeconfig says (a proxy, a bastion, another credential plugin)",
    )
    kube.add_argument(
        "--context", metavar="NAME", help="kubeconfig context (default: the one pointing at the cluster)"
    )
    kube.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="give up on one Kubernetes API request after this long (default 20)",
    )


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: .eks-lint.yaml here or in a parent folder)"
    )
    parser.add_argument(
        "--select",
        action=_ExtendSplit,
        default=None,
        metavar="RULES",
        help="only these rules: names, codes or code prefixes, comma-separated",
    )
    parser.add_argument(
        "--ignore",
        action=_ExtendSplit,
        default=None,
        metavar="RULES",
        help="skip these rules: names, codes or code prefixes, comma-separated",
    )
    parser.add_argument(
        "--rules-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="also load rule modules from DIR (repeatable)",
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError("must be from 1 to 1024")
    return value


def _seconds(text: str, most: int = 3600) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= most:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"must be above 0 and at most {most}")
    return value


def _run_seconds(text: str) -> float:
    """A whole run may read many clusters: up to a day."""
    return _seconds(text, most=86400)


def _mebibytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of MiB: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return int(value * 1024 * 1024)


def _iso_date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-11-24: {text!r}") from None
