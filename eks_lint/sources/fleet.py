"""A fleet of clusters: discovering it (``eks-lint targets``), sharing it out
(``--shard I/N``) and reading it on a bounded pool (``collect --targets``).

A *target* is one cluster: account, region, cluster name and the role to
assume to read it (none: the caller's own credentials). A targets file is
JSON Lines, one target a line; an account or region discovery could not read
is a line with an ``error`` instead of a cluster, so the gap travels with the
file to the collection and on to the fleet report.

Collection reuses the single-cluster collector (``eks_lint.sources.aws``)
unchanged: one ``Collector`` per target, clients shared per (role, region), at
most ``jobs`` clusters at a time and at most ``per_account`` of them in one
account (API throttling is per account and region; botocore's adaptive retry
mode stays on). A cluster that cannot be read is a failure record, and the
rest of the fleet goes on.

Every call is one of ``eks_lint.data.aws_calls.CALLS``. The only write is
``s3:PutObject`` of a snapshot (or the failures file) to the ``s3://`` prefix
the user gave. boto3 is imported inside functions.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from eks_lint.engine.errors import EksLintError

#: Clusters read at once (each with its own small pool of API calls).
DEFAULT_JOBS = 8
#: Clusters of one account read at once: the account's API rate limits are shared.
DEFAULT_PER_ACCOUNT = 4
#: Workers of one cluster's collector inside a fleet run (the single-cluster
#: default is 16; with several clusters at once fewer each keep the total bounded).
FLEET_WORKERS = 8
#: An assumed role's credentials are renewed when they have less than this left.
RENEW_BEFORE = 600.0
#: The session name member accounts see in CloudTrail for eks-lint's reads.
SESSION_NAME = "eks-lint"
DEFAULT_ROLE_NAME = "EksLintReader"
FAILURES_NAME = "_failures"

_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
#: EKS cluster names: "^[0-9A-Za-z][A-Za-z0-9\-_]*", at most 100 characters (CreateCluster).
_CLUSTER = re.compile(r"[0-9A-Za-z][A-Za-z0-9\-_]{0,99}")
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")  # IAM role names (the path is not part of it)


class Target(NamedTuple):
    """One cluster of the fleet."""

    account: str
    region: str
    cluster: str
    role_arn: str | None = None

    @property
    def key(self) -> str:
        """``account/region/cluster``: the shard hash's input and the snapshot's path."""
        return f"{self.account}/{self.region}/{self.cluster}"

    def to_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "region": self.region,
            "cluster": self.cluster,
            "role_arn": self.role_arn,
        }


def target_line(entry: Mapping[str, Any]) -> str:
    """One JSON Lines line (keys in a fixed order, so equal fleets give equal files)."""
    return json.dumps(dict(entry), ensure_ascii=False, separators=(", ", ": ")) + "\n"


def parse_target(value: Any, where: str) -> Target:
    """A target from its JSON object; a malformed one is a usage error naming ``where``."""
    if not isinstance(value, dict):
        raise EksLintError(f"{where}: a target is a JSON object with account, region and cluster")
    unknown = sorted(set(value) - {"account", "region", "cluster", "role_arn"})
    if unknown:
        raise EksLintError(
            f"{where}: unknown key {unknown[0]!r} (a target has account, region, cluster, role_arn)"
        )
    checks = (
        ("account", _ACCOUNT, "12 digits"),
        ("region", _REGION, "like eu-west-1"),
        ("cluster", _CLUSTER, "an EKS cluster name"),
    )
    for key, pattern, what in checks:
        text = value.get(key)
        if not isinstance(text, str) or not pattern.fullmatch(text):
            raise EksLintError(f"{where}: {key} must be {what}, got {text!r}")
    role = value.get("role_arn")
    if role is not None and (
        not isinstance(role, str) or not role.startswith("arn:") or ":role/" not in role
    ):
        raise EksLintError(f"{where}: role_arn must be an IAM role ARN or null, got {role!r}")
    return Target(value["account"], value["region"], value["cluster"], role)


def read_targets(text: str, name: str) -> tuple[list[Target], list[dict[str, Any]]]:
    """The targets of a targets file, and its error lines (what discovery could not read)."""
    targets: list[Target] = []
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            value = json.loads(line)
        except ValueError as error:
            raise EksLintError(f"{where}: not JSON: {error}") from None
        if isinstance(value, dict) and "error" in value:
            errors.append(value)
            continue
        target = parse_target(value, where)
        if target.key in seen:
            raise EksLintError(f"{where}: {target.key} is listed twice")
        seen.add(target.key)
        targets.append(target)
    return targets, errors


# --- shards ---------------------------------------------------------------------

#: Where a batch engine puts the index of this copy of the job.
SHARD_INDEX_VARIABLES = ("JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX")


def shard_of(target: Target, count: int) -> int:
    """The shard a target belongs to: a hash of account/region/cluster, so a
    target stays in its shard whatever the order or the rest of the file."""
    digest = hashlib.sha256(target.key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` (0 <= I < N) -> (I, N)."""
    index, slash, count = text.partition("/")
    if not slash or not index.strip().isdigit() or not count.strip().isdigit():
        raise EksLintError(f"--shard {text}: give INDEX/COUNT, like 0/4")
    i, n = int(index), int(count)
    if n < 1 or i >= n:
        raise EksLintError(f"--shard {text}: the index counts from 0 and must be below the count")
    return i, n


def shard_from(
    shard: str | None, shards: int | None, environ: Mapping[str, str] | None = None
) -> tuple[int, int] | None:
    """This run's shard: ``--shard I/N``, else ``--shards N`` with the index from
    the batch engine's variable; None: the whole file."""
    if shard is not None:
        if shards is not None:
            raise EksLintError("--shard I/N already gives the count: leave out --shards")
        return parse_shard(shard)
    if shards is None:
        return None
    environ = os.environ if environ is None else environ
    for name in SHARD_INDEX_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            if not value.isdigit() or int(value) >= shards:
                raise EksLintError(f"{name}={value}: not a shard index below --shards {shards}")
            return int(value), shards
    raise EksLintError(
        f"--shards {shards}: no shard index: give --shard I/{shards}, or run where "
        f"{' or '.join(SHARD_INDEX_VARIABLES)} is set"
    )


def failures_name(shard: tuple[int, int] | None, single: Target | None = None) -> str:
    """The failures file of this run: each shard and each single target has its
    own, so runs writing to one prefix never overwrite each other's."""
    if single is not None:
        return f"{FAILURES_NAME}.{single.account}.{single.region}.{single.cluster}.jsonl"
    if shard is not None:
        return f"{FAILURES_NAME}.shard-{shard[0]}-of-{shard[1]}.jsonl"
    return f"{FAILURES_NAME}.jsonl"


# --- credentials per account ------------------------------------------------------


class Access:
    """Clients per (role, region), all made from the one session of the caller
    (each service model is loaded once): the caller's own credentials for a
    target without a role, else ``sts:AssumeRole`` credentials, renewed before
    they expire. A target's boto3 session (for the Kubernetes token) is made
    only when asked for."""

    def __init__(
        self,
        base: Any,
        *,
        profile: str | None = None,
        workers: int = FLEET_WORKERS,
        clock: Callable[[], float] = time.time,
    ):
        self.base = base
        self.profile = profile
        self.workers = workers
        self.clock = clock
        self._lock = threading.Lock()
        self._client_lock = threading.Lock()  # the base session makes every client
        self._role_locks: dict[str, threading.Lock] = {}
        self._credentials: dict[str, tuple[dict[str, Any], float]] = {}
        self._clients: dict[tuple[str | None, str], tuple[Any, float]] = {}
        self._global: dict[str | None, tuple[Any, float]] = {}
        self._base_clients: Any = None

    def clients(self, role_arn: str | None, region: str, recorder: Any) -> Any:
        """The ClientFactory of a role in a region. A refused AssumeRole raises
        ``AssumeRoleRefused`` with its code and message."""
        from eks_lint.sources.aws import ClientFactory

        with self._lock:
            cached = self._clients.get((role_arn, region))
        if cached is not None and cached[1] - self.clock() > RENEW_BEFORE:
            return cached[0]
        kwargs: dict[str, Any] = {"region_name": region}
        expires = float("inf")
        if role_arn is not None:
            credentials, expires = self._assumed(role_arn, recorder)
            kwargs.update(
                aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"],
            )
        regional = ClientFactory(
            self.base, self.workers * DEFAULT_PER_ACCOUNT, client_kwargs=kwargs, lock=self._client_lock
        )
        with self._lock:
            shared = self._global.get(role_arn)
            if shared is None or shared[1] != expires:
                # Made with this region's settings, used for the role's every region.
                shared = self._global[role_arn] = (regional, expires)
            factory = _Clients(regional, shared[0])
            self._clients[(role_arn, region)] = (factory, expires)
        return factory

    def session(self, role_arn: str | None, region: str, recorder: Any) -> Any:
        """What a target's Kubernetes token is minted from: the role's credentials
        (or the caller's) on the one base session, not a boto3 session per cluster
        (each costs about 30 ms of CPU registering botocore's handlers, more than
        the rest of a cluster's collection in a fleet run)."""
        credentials = None if role_arn is None else self._assumed(role_arn, recorder)[0]
        return RoleSession(self.base, self._client_lock, role_arn, credentials, region)

    def _assumed(self, role_arn: str, recorder: Any) -> tuple[dict[str, Any], float]:
        with self._lock:
            lock = self._role_locks.setdefault(role_arn, threading.Lock())
        with lock:  # one AssumeRole per role, however many clusters wait for it
            cached = self._credentials.get(role_arn)
            if cached is not None and cached[1] - self.clock() > RENEW_BEFORE:
                return cached
            answer = self.base_reader(recorder).call(
                "sts:AssumeRole", role_arn, RoleArn=role_arn, RoleSessionName=SESSION_NAME
            )
            if answer is None:
                error = recorder.errors[-1]
                raise AssumeRoleRefused(role_arn, error["code"], error["message"])
            credentials = answer["Credentials"]
            expiration = credentials.get("Expiration")
            expires = expiration.timestamp() if hasattr(expiration, "timestamp") else self.clock() + 3600
            self._credentials[role_arn] = (credentials, expires)
            return credentials, expires

    def base_reader(self, recorder: Any) -> Any:
        """A reader with the caller's own credentials (STS, Organizations)."""
        from eks_lint.sources.aws import ClientFactory, Reader

        with self._lock:
            if self._base_clients is None:
                self._base_clients = ClientFactory(self.base, lock=self._client_lock)
            factory = self._base_clients
        return Reader(factory, recorder)


class RoleSession:
    """The part of a botocore session the Kubernetes token and the messages about
    its identity use (``create_client``, ``get_credentials``, ``get_config_variable``),
    for one role in one region, over the fleet's shared base session: clients are
    made under the base session's lock (a session is not thread-safe), with the
    role's credentials."""

    def __init__(
        self, base: Any, lock: Any, role_arn: str | None, credentials: Mapping[str, Any] | None, region: str
    ):
        self._base = getattr(base, "_session", base)  # boto3.Session wraps a botocore one
        self._lock = lock
        self.role_arn = role_arn
        self._credentials = credentials
        self.region = region

    def _keys(self) -> dict[str, Any]:
        if self._credentials is None:
            return {}
        return {
            "aws_access_key_id": self._credentials["AccessKeyId"],
            "aws_secret_access_key": self._credentials["SecretAccessKey"],
            "aws_session_token": self._credentials["SessionToken"],
        }

    def create_client(self, service: str, region_name: str | None = None, **kwargs: Any) -> Any:
        with self._lock:
            return self._base.create_client(
                service, region_name=region_name or self.region, **{**kwargs, **self._keys()}
            )

    def get_credentials(self) -> Any:
        if self._credentials is None:
            with self._lock:
                return self._base.get_credentials()
        from botocore.credentials import Credentials

        keys = self._keys()
        return Credentials(
            keys["aws_access_key_id"],
            keys["aws_secret_access_key"],
            keys["aws_session_token"],
            method=f"role {self.role_arn}",
        )

    def get_config_variable(self, name: str) -> Any:
        if self._credentials is not None and name == "profile":
            return None  # the role's credentials, not the profile's
        with self._lock:
            return self._base.get_config_variable(name)


#: Services with one endpoint for every region of a partition: one client per role.
GLOBAL_SERVICES = frozenset({"iam"})


class _Clients:
    """A role's clients in one region, the global services' shared by all its regions
    (each boto3 client costs tens of milliseconds of CPU to make)."""

    def __init__(self, regional: Any, shared: Any):
        self.regional = regional
        self.shared = shared

    def __call__(self, service: str) -> Any:
        return (self.shared if service in GLOBAL_SERVICES else self.regional)(service)


class AssumeRoleRefused(EksLintError):
    def __init__(self, role_arn: str, code: str, message: str):
        super().__init__(f"sts:AssumeRole {role_arn} refused ({code}): {message}")
        self.role_arn, self.code, self.message = role_arn, code, message


def role_arn_for(account: str, role_name: str, partition: str = "aws") -> str:
    return f"arn:{partition}:iam::{account}:role/{role_name}"


# --- discovery ----------------------------------------------------------------------


def discover(
    access: Access,
    *,
    organization: bool = False,
    accounts: Iterable[str] = (),
    role_name: str | None = None,
    regions: Iterable[str] = (),
    jobs: int = DEFAULT_JOBS,
    recorder: Any = None,
) -> Iterator[dict[str, Any]]:
    """Targets (and error lines) of the fleet, sorted by account, region, cluster.

    Accounts: ``organization`` (every ACTIVE account of Organizations
    ListAccounts), else ``accounts``, else the caller's own. Each account other
    than the caller's is read through ``role_name``; one that refuses the role,
    or a region whose ListClusters fails, is an error line and the rest goes on.
    """
    from eks_lint.sources.aws import Recorder

    recorder = recorder or Recorder()
    reader = access.base_reader(recorder)
    identity = reader.call("sts:GetCallerIdentity", "")
    if identity is None:
        error = recorder.errors[-1]
        raise EksLintError(f"sts:GetCallerIdentity failed ({error['code']}): {error['message']}")
    own = str(identity["Account"])
    partition = str(identity.get("Arn", "arn:aws:")).split(":")[1] or "aws"
    wanted = _accounts(reader, recorder, organization, list(accounts), own)
    if any(account != own for account in wanted) and not role_name:
        raise EksLintError("other accounts are read through a role: give --role-name NAME")
    if role_name and not _ROLE_NAME.fullmatch(role_name):
        raise EksLintError(f"--role-name {role_name!r}: not an IAM role name")
    regions = list(regions)
    for region in regions:
        if not _REGION.fullmatch(region):
            raise EksLintError(f"--regions: {region!r} is not a region name like eu-west-1")
    account_regions: list[tuple[str, str | None, str]] = []  # (account, role, region)
    lines: list[dict[str, Any]] = []

    def plan(account: str) -> list[dict[str, Any]]:
        role = None if account == own else role_arn_for(account, str(role_name), partition)
        if regions:
            return [{"account": account, "role_arn": role, "region": region} for region in regions]
        try:
            clients = access.clients(role, access.base.region_name, recorder)
        except AssumeRoleRefused as error:
            return [_error_line(account, None, role, "sts:AssumeRole", error.code, error.message)]
        from eks_lint.sources.aws import Reader

        local = _own_recorder(recorder)
        answer = Reader(clients, local).call("ec2:DescribeRegions", account)
        _merge(recorder, local)
        if answer is None:
            error = local.errors[-1]
            return [_error_line(account, None, role, "ec2:DescribeRegions", error["code"], error["message"])]
        names = sorted(str(r["RegionName"]) for r in answer.get("Regions", []))
        return [{"account": account, "role_arn": role, "region": name} for name in names]

    def clusters(account: str, role: str | None, region: str) -> list[dict[str, Any]]:
        from eks_lint.sources.aws import Reader

        try:
            clients = access.clients(role, region, recorder)
        except AssumeRoleRefused as error:
            return [_error_line(account, None, role, "sts:AssumeRole", error.code, error.message)]
        # Each region its own recorder: one silent region must not mark the EKS
        # endpoint of every other region "not tried" (the reader's per-run memory).
        local = _own_recorder(recorder)
        pages = Reader(clients, local).pages("eks:ListClusters", f"{account}/{region}")
        _merge(recorder, local)
        if pages is None:
            error = local.errors[-1]
            return [_error_line(account, region, role, "eks:ListClusters", error["code"], error["message"])]
        names = sorted(name for page in pages for name in page.get("clusters", []))
        return [Target(account, region, name, role).to_json() for name in names]

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="eks-lint-discover") as pool:
        for found in pool.map(plan, wanted):
            for entry in found:
                if "error" in entry:
                    lines.append(entry)
                else:
                    account_regions.append((entry["account"], entry["role_arn"], entry["region"]))
        refused: set[str] = set()
        results = list(pool.map(lambda item: clusters(*item), account_regions))
    for found in results:
        for entry in found:
            # A refused role is said once per account, not once per region.
            if entry.get("error", {}).get("operation") == "sts:AssumeRole":
                if entry["account"] in refused:
                    continue
                refused.add(entry["account"])
            lines.append(entry)
    lines.sort(key=lambda e: (e["account"], e.get("region") or "", e.get("cluster") or "", "error" in e))
    yield from lines


def _own_recorder(recorder: Any) -> Any:
    return type(recorder)()


def _merge(into: Any, local: Any) -> None:
    with into.lock:
        into.calls.update(local.calls)
        into.errors.extend(local.errors)


def _accounts(reader: Any, recorder: Any, organization: bool, accounts: list[str], own: str) -> list[str]:
    if organization:
        pages = reader.pages("organizations:ListAccounts", "")
        if pages is None:
            error = recorder.errors[-1]
            raise EksLintError(
                f"--organization: organizations:ListAccounts failed ({error['code']}): {error['message']}"
            )
        return sorted(
            {a["Id"] for page in pages for a in page.get("Accounts", []) if a.get("Status") == "ACTIVE"}
        )
    for account in accounts:
        if not _ACCOUNT.fullmatch(account):
            raise EksLintError(f"--accounts: {account!r} is not a 12-digit AWS account ID")
    return sorted(set(accounts)) or [own]


def _error_line(
    account: str, region: str | None, role: str | None, operation: str, code: str, message: str
) -> dict[str, Any]:
    entry: dict[str, Any] = {"account": account}
    if region:
        entry["region"] = region
    entry["role_arn"] = role
    entry["error"] = {"operation": operation, "code": code, "message": message}
    return entry


def error_text(entry: Mapping[str, Any]) -> str:
    """One stderr line for an error line of a targets or failures file."""
    error = entry.get("error") or {}
    where = "/".join(str(entry[k]) for k in ("account", "region", "cluster") if entry.get(k))
    return (
        f"{where}: {error.get('operation', '?')} ({error.get('code', 'error')}): {error.get('message', '')}"
    )


# --- writing snapshots --------------------------------------------------------------


class Output:
    """A folder or an ``s3://bucket/prefix/``: ``<account>/<region>/<cluster>.json`` per cluster."""

    def __init__(self, where: str, session: Any = None):
        self.where = where
        self.bucket: str | None = None
        self.prefix = ""
        if where.startswith("s3://"):
            bucket, _, prefix = where[5:].partition("/")
            if not bucket:
                raise EksLintError(f"-o {where}: give s3://BUCKET/PREFIX/")
            self.bucket = bucket
            self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
            self._session = session
            self._client: Any = None
            self._lock = threading.Lock()
        else:
            self.folder = Path(where)
            if self.folder.exists() and not self.folder.is_dir():
                raise EksLintError(
                    f"-o {where}: not a folder (a fleet run writes one snapshot file per cluster)"
                )

    def write(self, relative: str, text: str) -> str:
        """Write ``text`` at ``relative`` (account/region/cluster.json); where it went."""
        if self.bucket is None:
            path = self.folder / relative
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_name(f".{path.name}.tmp")
                temporary.write_text(text, encoding="utf-8")
                temporary.replace(path)  # a reader never sees half a snapshot
            except OSError as error:
                raise EksLintError(f"-o {self.where}: {error.strerror or error}") from None
            return str(path)
        key = self.prefix + relative
        try:
            self._s3().put_object(
                Bucket=self.bucket, Key=key, Body=text.encode("utf-8"), ContentType="application/json"
            )
        except Exception as error:  # noqa: BLE001 - botocore's errors, said in one line
            from eks_lint.sources.aws import _describe_error

            code, message = _describe_error(error)
            raise EksLintError(f"-o {self.where}: s3:PutObject {key} failed ({code}): {message}") from None
        return f"s3://{self.bucket}/{key}"

    def _s3(self) -> Any:
        from eks_lint.sources.aws import boto_config

        with self._lock:
            if self._client is None:
                self._client = self._session.client("s3", config=boto_config())
            return self._client


def snapshot_path(target: Target) -> str:
    return f"{target.key}.json"


# --- collecting -------------------------------------------------------------------------


@dataclass
class FleetResult:
    """What a fleet collection did: clusters written, and failures (one record each)."""

    total: int
    written: list[Target] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    partial: list[tuple[Target, dict[str, Any]]] = field(default_factory=list)
    calls: int = 0


class FleetProgress:
    """Told after each cluster; the command line draws ``12/200 clusters, 1 failed``."""

    def update(self, done: int, total: int, failed: int) -> None: ...

    def done(self) -> None: ...


def collect_fleet(
    targets: list[Target],
    rules: list[Any],
    access: Access,
    output: Output,
    *,
    jobs: int = DEFAULT_JOBS,
    per_account: int = DEFAULT_PER_ACCOUNT,
    progress: FleetProgress | None = None,
    kube: Any = None,
) -> FleetResult:
    """Read every target on a bounded pool (at most ``per_account`` per account at
    once) and write each snapshot as soon as it is read, so memory holds only the
    clusters in flight. A target that fails is recorded and the rest goes on."""
    from eks_lint.sources.aws import Recorder, parts_for
    from eks_lint.sources.snapshot import dump_snapshot

    parts = parts_for(rules)
    result = FleetResult(total=len(targets))
    lock = threading.Lock()
    waiting: dict[str, deque[Target]] = {}
    for target in targets:
        waiting.setdefault(target.account, deque()).append(target)
    running: dict[str, int] = {account: 0 for account in waiting}
    order = deque(sorted(waiting))  # accounts taken in turn, so one big account cannot starve the rest

    def read(target: Target) -> None:
        recorder = Recorder()
        try:
            snapshot = collect_target(target, rules, parts, access, recorder, kube)
        except EksLintError as error:
            failure = failure_record(target, error)
            with lock:
                result.failures.append(failure)
                result.calls += sum(recorder.calls.values())
            return
        output.write(snapshot_path(target), dump_snapshot(snapshot))
        with lock:
            result.written.append(target)
            result.calls += sum(recorder.calls.values())
            if snapshot.get("errors"):
                result.partial.append((target, snapshot))

    def next_target() -> Target | None:
        for _ in range(len(order)):
            account = order[0]
            order.rotate(-1)
            if waiting[account] and running[account] < per_account:
                running[account] += 1
                return waiting[account].popleft()
        return None

    finished = 0
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="eks-lint-fleet") as pool:
        active: dict[Future, Target] = {}
        while True:
            while len(active) < max(1, jobs):
                target = next_target()
                if target is None:
                    break
                active[pool.submit(read, target)] = target
            if not active:
                break
            done, _ = wait(active, return_when=FIRST_COMPLETED)
            for future in done:
                target = active.pop(future)
                running[target.account] -= 1
                future.result()  # a bug in eks-lint stops the run (with its traceback)
                finished += 1
                if progress is not None:
                    progress.update(finished, result.total, len(result.failures))
    if progress is not None:
        progress.done()
    key = {t.key: i for i, t in enumerate(targets)}
    result.written.sort(key=lambda t: key[t.key])
    result.failures.sort(key=lambda f: key.get(f"{f['account']}/{f['region']}/{f['cluster']}", 0))
    result.partial.sort(key=lambda p: key[p[0].key])
    return result


def collect_target(
    target: Target, rules: list[Any], parts: set[str], access: Access, recorder: Any, kube: Any = None
) -> dict[str, Any]:
    """One target's snapshot, with the single-cluster collector."""
    from eks_lint.sources.aws import Collector, KubeAccess, _kube_reader

    clients = access.clients(target.role_arn, target.region, recorder)
    reader = None
    if "kubernetes" in parts:
        session = access.session(target.role_arn, target.region, recorder)
        reader = _kube_reader(kube or KubeAccess(), rules, session, single=False)
    collector = Collector(
        target.cluster,
        clients=clients,
        parts=parts,
        region=target.region,
        workers=access.workers,
        kube=reader,
        recorder=recorder,
    )
    return collector.collect()


def failure_record(target: Target, error: EksLintError) -> dict[str, Any]:
    """A failures-file line: the target and why it has no snapshot."""
    if isinstance(error, AssumeRoleRefused):
        detail = {"operation": "sts:AssumeRole", "code": error.code, "message": error.message}
    else:
        detail = {"operation": "collect", "code": type(error).__name__, "message": str(error)}
    return {**target.to_json(), "error": detail}
