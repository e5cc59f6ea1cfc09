"""The live AWS collector: read one EKS cluster into a snapshot, read-only.

``eks_lint.data.aws_calls.CALLS`` is the one table of every AWS operation
the collector may make and the snapshot part it feeds. The collector only
makes the calls the selected rules' ``needs``/``wants`` (and the parts those
depend on) require; ``eks-lint iam-policy`` prints the least-privilege policy
from the same table, so the two cannot drift; the engine names the missing
permission of a skipped rule from it too.

How it reads: boto3's standard credential chain (``--profile``,
``--region``), botocore's adaptive retry mode (client-side rate limiting plus
retries on throttling) with a budget suited to an audit (``boto_config``: an
endpoint that never answers costs about a minute, once per service, not
twelve), paginators for every call that pages, IDs batched
where an API takes many (subnets, instance types, launch template versions,
Auto Scaling groups), and independent calls in parallel on a bounded thread
pool sharing one thread-safe client per service. A denied or failing call
is recorded in the snapshot's ``errors`` and the run goes on; a part fed by a
call that failed (other than "not found") is left out, so the rules that
need it are skipped with the reason instead of reasoning on half the data.
A missing or expired credential stops the run with one line (exit 2).

``--deadline SECONDS`` bounds the whole collection (every cluster, AWS and
Kubernetes reads): when it passes, the calls in flight are abandoned (their
threads are daemons, so they cannot hold the process), no further call is
made, and every part not completely read is recorded in ``errors`` with code
``DeadlineExceeded`` and left out, so the run is incomplete (exit 3), never
green on half the data.

Nothing secret is stored: launch template ``UserData`` is dropped, and
the whole snapshot (Kubernetes objects, AWS answers, errors) is scrubbed of
credentials by name and by shape (``eks_lint.sources.redact``).

boto3 and botocore are imported inside functions: ``eks-lint check x.yaml``
never loads them.
"""

from __future__ import annotations

import itertools
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, NamedTuple, Protocol

from eks_lint.data.aws_calls import CALLS, CALLS_BY_ACTION, Call
from eks_lint.engine.errors import EksLintError

# --- what to call ------------------------------------------------------------

#: To fill a part the collector also reads the parts it points from
#: (subnets are named by the cluster, node groups and Fargate profiles, ...).
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "addon_versions": ("cluster", "addons"),
    "access_entries": ("cluster",),
    "subnets": ("cluster", "nodegroups", "fargate_profiles"),
    "instance_types": ("nodegroups", "launch_template_versions", "auto_scaling_groups"),
    "launch_template_versions": ("nodegroups", "auto_scaling_groups"),
    "auto_scaling_groups": ("nodegroups",),
    # Roles are also named by add-ons, Pod Identity associations, capabilities and service accounts;
    # those are read for roles only when a rule asks for them anyway.
    "iam_roles": ("cluster", "nodegroups", "fargate_profiles"),
    "oidc_providers": ("cluster",),
    "security_groups": ("cluster", "launch_template_versions"),
    "lifecycle_hooks": ("auto_scaling_groups",),
    # The cluster names its VPC; a cluster without vpcId (an old snapshot, moto) names it
    # through its subnets.
    "vpcs": ("cluster", "subnets"),
}

#: Batch sizes: the most IDs one request takes (documented API limits, kept lower
#: where the limit is large so one bad ID fails a small batch).
SUBNET_BATCH = 200
SECURITY_GROUP_BATCH = 200
INSTANCE_TYPE_BATCH = 100  # DescribeInstanceTypes: at most 100 InstanceTypes
ASG_BATCH = 100  # DescribeAutoScalingGroups pages at 100
DEFAULT_WORKERS = 16
#: The retry budget of one call, retries included (botocore's adaptive mode:
#: throttling slows the client down before it spends attempts). AWS APIs answer
#: in well under a second; an endpoint that accepts and never answers costs
#: MAX_ATTEMPTS x READ_TIMEOUT plus backoff (about a minute), and then every
#: later call to that service is recorded as not tried instead of waiting again.
MAX_ATTEMPTS = 4
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
#: Errors meaning the service's endpoint did not answer at all (after retries).
UNREACHABLE_CODES = frozenset(
    {"ReadTimeoutError", "ConnectTimeoutError", "EndpointConnectionError", "ConnectionClosedError"}
)

#: Error codes meaning the credentials themselves are bad: no call will work.
CREDENTIAL_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidToken",
        "AuthFailure",
        "SignatureDoesNotMatch",
        "InvalidSignatureException",
        "IncompleteSignature",
        "MissingAuthenticationToken",
    }
)
#: A resource that is named but gone is a fact rules report on; the part stays.
NOT_FOUND_CODES = frozenset(
    {
        "ResourceNotFoundException",
        "NoSuchEntity",
        "InvalidSubnetID.NotFound",
        "InvalidLaunchTemplateId.NotFound",
        "InvalidLaunchTemplateId.VersionNotFound",
        "InvalidLaunchTemplateName.NotFoundException",
        "InvalidInstanceType",
        "NotFoundException",
        "InvalidGroup.NotFound",
        "InvalidGroupId.Malformed",
        "InvalidSubnetID.Malformed",
        "InvalidVpcID.NotFound",
    }
)


def parts_for(rules: Iterable[Any]) -> set[str]:
    """The snapshot parts the selected rules need or want, plus what those depend on."""
    wanted: set[str] = set()
    for rule in rules:
        meta = getattr(rule, "meta", rule)
        wanted.update(meta.needs)
        wanted.update(meta.needs_any)
        wanted.update(meta.wants)
        if meta.kinds:
            wanted.add("kubernetes")
    return close_parts(wanted)


def close_parts(parts: Iterable[str]) -> set[str]:
    closed = set(parts)
    todo = list(closed)
    while todo:
        for dependency in DEPENDS_ON.get(todo.pop(), ()):
            if dependency not in closed:
                closed.add(dependency)
                todo.append(dependency)
    if closed:
        closed.add("cluster")  # everything hangs off DescribeCluster
    return closed


def calls_for(parts: Iterable[str], all_clusters: bool = False) -> list[Call]:
    parts = set(parts)
    calls = [call for call in CALLS if call.part in parts]
    if all_clusters:
        calls.insert(0, CALLS_BY_ACTION["eks:ListClusters"])
    return calls


def iam_policy(
    calls: Iterable[Call], role_name: str | None = None, s3_output: str | None = None
) -> dict[str, Any]:
    """A least-privilege identity policy: exactly these read-only calls; with
    ``role_name`` a second statement for fleet discovery (``eks-lint targets``)
    and the AssumeRole into that role in member accounts; with ``s3_output``
    (``BUCKET`` or ``BUCKET/PREFIX``) the one write, PutObject under it."""
    actions = sorted({call.action for call in calls if call.needs_permission and call.group != "write"})
    statements: list[dict[str, Any]] = [
        {"Sid": "EksLintReadOnly", "Effect": "Allow", "Action": actions, "Resource": "*"}
    ]
    if role_name:
        statements.append(
            {
                "Sid": "EksLintFleetDiscovery",
                "Effect": "Allow",
                "Action": _group_actions("discovery", exclude=("sts:AssumeRole",)),
                "Resource": "*",
            }
        )
        statements.append(
            {
                "Sid": "EksLintAssumeMemberRole",
                "Effect": "Allow",
                "Action": ["sts:AssumeRole"],
                "Resource": f"arn:aws:iam::*:role/{role_name}",
            }
        )
    if s3_output:
        bucket, _, prefix = s3_output.partition("/")
        prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        statements.append(
            {
                "Sid": "EksLintWriteSnapshots",
                "Effect": "Allow",
                "Action": ["s3:PutObject"],
                "Resource": f"arn:aws:s3:::{bucket}/{prefix}*",
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def _group_actions(group: str, exclude: Iterable[str] = ()) -> list[str]:
    return sorted(
        call.action
        for call in CALLS
        if call.group == group and call.needs_permission and call.action not in set(exclude)
    )


def fleet_policies(
    calls: Iterable[Call], role_name: str, trusted_principal: str, s3_output: str | None = None
) -> dict[str, Any]:
    """What a fleet audit needs: the policy of the role eks-lint runs as, and the
    role in each member account (``role_name``) with its permissions and the
    trust policy letting ``trusted_principal`` assume it."""
    calls = list(calls)
    member_reads = sorted(
        {call.action for call in calls if call.needs_permission and call.group == "collect"}
        | {"ec2:DescribeRegions", "eks:ListClusters"}
    )
    return {
        "runner_policy": iam_policy(calls, role_name=role_name, s3_output=s3_output),
        "member_role": {
            "role_name": role_name,
            "policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "EksLintReadOnly", "Effect": "Allow", "Action": member_reads, "Resource": "*"}
                ],
            },
            "trust_policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "EksLintRunner",
                        "Effect": "Allow",
                        "Principal": {"AWS": trusted_principal},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
        },
    }


# --- running calls --------------------------------------------------------------


class CredentialError(EksLintError):
    """Missing, expired or invalid credentials: nothing can be read."""


class Deadline:
    """The run-wide limit of a live collection (``--deadline``), shared by every
    cluster read in the run. ``seconds=None``: no limit (each call still has its
    own timeouts and retry budget)."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self._at = None if seconds is None else clock() + seconds

    def remaining(self) -> float | None:
        """Seconds left (0 when passed), or None without a limit."""
        return None if self._at is None else max(0.0, self._at - self._clock())

    def passed(self) -> bool:
        return self._at is not None and self._clock() >= self._at

    def message(self, what: str) -> str:
        return f"{what}: the --deadline of {self.seconds:g} s had passed"


DEADLINE_CODE = "DeadlineExceeded"
_CALL_NUMBERS = itertools.count()


@dataclass
class Recorder:
    """Counts every request by operation and keeps the errors, across threads."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    calls: Counter = field(default_factory=Counter)
    failed_parts: set[str] = field(default_factory=set)
    #: service -> (code, message) of the call that found its endpoint silent
    unreachable: dict[str, tuple[str, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    progress: Callable[[int], None] | None = None
    deadline: Deadline | None = None
    #: id -> (action, target) of each call waiting for its answer
    in_flight: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: Set when the deadline stopped the collection: a call abandoned then that
    #: answers later is neither counted nor recorded (the snapshot is written).
    closed: bool = False

    def count(self, action: str) -> None:
        with self.lock:
            if self.closed:
                return
            self.calls[action] += 1
            total = sum(self.calls.values())
        if self.progress is not None:
            self.progress(total)

    def error(self, action: str, target: str, code: str, message: str) -> None:
        """Record a failed call. ``part`` names the part it leaves missing; a
        resource that is gone (not found) is a fact, not a failed read."""
        call = CALLS_BY_ACTION.get(action)
        entry = {"operation": action, "target": target, "code": code, "message": message}
        with self.lock:
            if self.closed:
                return
            if call is not None and call.part and code not in NOT_FOUND_CODES:
                entry["part"] = call.part
                self.failed_parts.add(call.part)
            self.errors.append(entry)


class Reader:
    """Makes calls from ``CALLS`` through shared clients, recording counts and errors."""

    def __init__(self, clients: Callable[[str], Any], recorder: Recorder):
        self._clients = clients
        self.recorder = recorder

    def call(self, action: str, target: str, **params: Any) -> dict[str, Any] | None:
        """One request; None when it failed (the error is recorded)."""
        spec = CALLS_BY_ACTION[action]
        if self._skipped(spec, target) or self._too_late(action, target):
            return None
        client = self._clients(spec.service)
        self.recorder.count(action)
        try:
            with self._waiting(action, target):
                return getattr(client, spec.method)(**params)
        except Exception as error:  # noqa: BLE001 - classified below, never swallowed silently
            self._failed(action, target, error)
            return None

    def pages(
        self, action: str, target: str, *, not_found_ok: bool = False, **params: Any
    ) -> list[dict[str, Any]] | None:
        """Every page of a paginated call; None when any page failed.

        ``not_found_ok``: a "not found" answer is not recorded (the caller retries
        the IDs one by one to find which one is gone).
        """
        spec = CALLS_BY_ACTION[action]
        if self._skipped(spec, target):
            return None
        paginator = self._clients(spec.service).get_paginator(spec.method)
        out = []
        iterator = iter(paginator.paginate(**params))
        while True:
            if self._too_late(action, target):
                return None
            self.recorder.count(action)
            try:
                with self._waiting(action, target):
                    page = next(iterator)
            except StopIteration:
                # The paginator's last request was counted before next(): undo the
                # extra count that no request matched.
                with self.recorder.lock:
                    self.recorder.calls[action] -= 1
                return out
            except Exception as error:  # noqa: BLE001
                self._failed(action, target, error, not_found_ok)
                return None
            out.append(page)

    def _too_late(self, action: str, target: str) -> bool:
        """Past the run's deadline no call is made; it is recorded as not made."""
        deadline = self.recorder.deadline
        if deadline is None or not deadline.passed():
            return False
        self.recorder.error(action, target, DEADLINE_CODE, deadline.message("not made"))
        return True

    @contextmanager
    def _waiting(self, action: str, target: str) -> Iterator[None]:
        """Keep the call in ``in_flight`` while it waits: at the deadline it is
        named as abandoned."""
        key = next(_CALL_NUMBERS)
        with self.recorder.lock:
            self.recorder.in_flight[key] = (action, target)
        try:
            yield
        finally:
            with self.recorder.lock:
                self.recorder.in_flight.pop(key, None)

    def _skipped(self, spec: Call, target: str) -> bool:
        """A service whose endpoint already stayed silent is not waited on again:
        the call is recorded as failed with the first call's cause."""
        with self.recorder.lock:
            silent = self.recorder.unreachable.get(spec.service)
        if silent is None:
            return False
        code, message = silent
        self.recorder.error(
            spec.action, target, code, f"not tried: an earlier {spec.service} call got {message}"
        )
        return True

    def _failed(self, action: str, target: str, error: Exception, not_found_ok: bool = False) -> None:
        if type(error).__name__ == "ParamValidationError":
            raise error  # a request eks-lint built wrong: a bug, not a fact about the account
        code, message = _describe_error(error)
        if code in UNREACHABLE_CODES or code == "SSLError":
            client = self._clients(CALLS_BY_ACTION[action].service)
            message += endpoint_settings(client.meta.service_model.service_id, code)
        if code in UNREACHABLE_CODES:
            message = f"{message} (no answer after {MAX_ATTEMPTS} attempts)"
            service = CALLS_BY_ACTION[action].service
            with self.recorder.lock:
                self.recorder.unreachable.setdefault(service, (code, message))
        if code in CREDENTIAL_CODES or code in _CREDENTIAL_EXCEPTIONS:
            raise CredentialError(f"AWS credentials rejected by {action} ({code}): {message}") from None
        if not_found_ok and code in NOT_FOUND_CODES:
            raise _NotFound(code)
        self.recorder.error(action, target, code, message)


_CREDENTIAL_EXCEPTIONS = frozenset(
    {
        "NoCredentialsError",
        "PartialCredentialsError",
        "TokenRetrievalError",
        "SSOTokenLoadError",
        "UnauthorizedSSOTokenError",
        "CredentialRetrievalError",
    }
)


class _NotFound(Exception):
    """A batch named an ID that is gone (raised only with ``not_found_ok``)."""


def _describe_error(error: Exception) -> tuple[str, str]:
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        info = response.get("Error") or {}
        code = str(info.get("Code") or type(error).__name__)
        status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        message = _readable(str(info.get("Message") or error), status)
        return code, message
    return type(error).__name__, _readable(str(error), None)


#: A message longer than this is cut: it goes into snapshots and on one stderr line.
MAX_MESSAGE = 300


def _readable(message: str, status: int | None) -> str:
    """One line a user can read: an HTML page (a proxy's, or moto's for an API it
    does not implement) becomes its status and reason, never the page itself."""
    low = message.lower()
    if "<html" in low or "<!doctype html" in low or ("<title>" in low and "</title>" in low):
        from http.client import responses

        if not status:
            return "an HTML page, not an AWS API answer"
        return f"HTTP {status} {responses.get(status, '')}".strip() + " (an HTML page, not an AWS API answer)"
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


# --- the collector --------------------------------------------------------------


class _DaemonPool:
    """A fixed set of daemon worker threads running submitted tasks.

    Not ``ThreadPoolExecutor``: the interpreter joins its workers at exit, so a
    call abandoned at the deadline (waiting out botocore's read timeouts) would
    still hold the process. A daemon thread ends with the process.
    """

    def __init__(self, workers: int):
        self._queue: queue.SimpleQueue[tuple[Future, Callable[[], Any]] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, daemon=True, name=f"eks-lint-aws-{n}") for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, task: Callable[[], Any]) -> Future:
        future: Future = Future()
        self._queue.put((future, task))
        return future

    def shutdown(self) -> None:
        """Idle workers end now; one still waiting on a call ends after it."""
        for _ in self._threads:
            self._queue.put(None)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, task = item
            if not future.set_running_or_notify_cancel():
                continue  # cancelled at the deadline before it started
            try:
                result = task()
            except BaseException as error:  # handed to the phase, which raises it
                future.set_exception(error)
            else:
                future.set_result(result)


class _Phase:
    """Tasks run on the pool; a task may return follow-up tasks, run in the same phase.

    Follow-ups are submitted from the calling thread, never from a worker, so a
    full pool cannot deadlock on itself.
    """

    def __init__(self, pool: _DaemonPool, deadline: Deadline | None = None):
        self.pool = pool
        self.deadline = deadline

    def run(self, tasks: Iterable[Callable[[], Any]]) -> bool:
        """True when every task finished; False when the deadline passed first
        (the tasks not started are cancelled, the running ones abandoned)."""
        pending: set[Future] = {self.pool.submit(task) for task in tasks}
        first_error: BaseException | None = None
        while pending:
            remaining = self.deadline.remaining() if self.deadline is not None else None
            if remaining == 0:
                for future in pending:
                    future.cancel()
                if first_error is not None:
                    raise first_error
                return False
            done, pending = wait(pending, timeout=remaining, return_when=FIRST_COMPLETED)
            for future in done:
                error = future.exception()
                if error is not None:
                    first_error = first_error or error
                    continue
                for follow_up in future.result() or ():
                    if first_error is None:
                        pending.add(self.pool.submit(follow_up))
        if first_error is not None:
            raise first_error
        return True


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _role_name(arn: str) -> str | None:
    """``arn:aws:iam::123:role/path/name`` -> ``name`` (GetRole takes the name)."""
    head, _, resource = arn.partition(":role/")
    if not resource or not head.startswith("arn:"):
        return None
    return resource.rsplit("/", 1)[-1]


def _account_of(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[4] if len(parts) > 5 and parts[4] else None


class Collector:
    """Reads one cluster. ``parts``: what to fill (see ``parts_for``)."""

    def __init__(
        self,
        cluster_name: str,
        *,
        clients: Callable[[str], Any],
        parts: Iterable[str],
        region: str | None = None,
        workers: int = DEFAULT_WORKERS,
        kube: Callable[[dict[str, Any]], None] | None = None,
        recorder: Recorder | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        self.name = cluster_name
        self.parts = close_parts(parts)
        self.region = region
        self.workers = max(1, workers)
        self.kube = kube
        self.recorder = recorder or Recorder()
        self.reader = Reader(clients, self.recorder)
        self.now = clock or (lambda: datetime.now(timezone.utc))
        self.data: dict[str, Any] = {}
        #: the parts of the phases that finished (see ``_read``)
        self._complete: set[str] = set()
        self._lock = threading.Lock()

    # The snapshot is filled from worker threads: each part is written by one task.
    def _set(self, part: str, value: Any) -> None:
        with self._lock:
            self.data[part] = value

    def _get(self, part: str, default: Any = None) -> Any:
        with self._lock:
            return self.data.get(part, default)

    def collect(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = {
            "format": "eks-lint/snapshot@1",
            "collected_at": self.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if self.region:
            snapshot["region"] = self.region
        pool = _DaemonPool(self.workers)
        try:
            finished = self._read(_Phase(pool, self.recorder.deadline), snapshot)
        finally:
            pool.shutdown()
        if not finished:
            self._stop_at_deadline()
        with self._lock:
            # After the deadline a part an abandoned call finishes late is not kept.
            data = {k: v for k, v in self.data.items() if finished or k in self._complete}
        from eks_lint.sources.snapshot import PART_ORDER

        with self.recorder.lock:
            failed, errors = set(self.recorder.failed_parts), list(self.recorder.errors)
        for part in PART_ORDER:
            if part in data and part in self.parts and part not in failed:
                snapshot[part] = data[part]
        snapshot["errors"] = errors
        from eks_lint.sources.redact import scrub_tree

        # Whatever a call answered (tags, descriptions, add-on configuration
        # values, error messages), credentials in it stay on this machine.
        # Kubernetes objects went through scrub_objects already.
        for key, value in snapshot.items():
            if key != "kubernetes":
                snapshot[key] = scrub_tree(value)
        return snapshot

    def _read(self, phase: _Phase, snapshot: dict[str, Any]) -> bool:
        """The phases, one after the other; False when the deadline stopped them.
        Parts are final only once their phase has finished, so ``_complete``
        keeps the parts of the phases that did."""
        if not phase.run([self._describe_cluster]):
            return False
        cluster = self._get("cluster") or {}
        arn = str(cluster.get("arn") or "")
        if arn:
            snapshot["partition"] = arn.split(":")[1]
            snapshot["account_id"] = _account_of(arn)
        self._complete = set(self.data)
        kube_tasks = []
        if "kubernetes" in self.parts and self.kube is not None and cluster:
            kube_tasks.append(self._read_kubernetes(cluster, snapshot))
        for tasks in (lambda: [*self._first_tasks(), *kube_tasks], self._second_tasks, self._third_tasks):
            if not phase.run(tasks()):
                return False
            with self._lock:
                self._complete = set(self.data)
        return True

    def _read_kubernetes(self, cluster: dict[str, Any], snapshot: dict[str, Any]) -> Callable[[], None]:
        errors = self.recorder.errors

        def read_kubernetes() -> None:
            view = {"cluster": cluster, "region": self.region, "errors": []}
            self.kube(view)  # type: ignore[misc]
            with self.recorder.lock:
                if self.recorder.closed:
                    return
                errors.extend(view["errors"])
                if "kubernetes_access" in view:  # how the API server was reached (TLS, proxy)
                    snapshot["kubernetes_access"] = view["kubernetes_access"]
            if "kubernetes" in view:
                from eks_lint.sources.redact import scrub_objects

                self._set("kubernetes", scrub_objects(view["kubernetes"]))

        return read_kubernetes

    def _stop_at_deadline(self) -> None:
        """The deadline passed: name each call abandoned in flight, and each part
        not completely read, in ``errors`` (so the rules that need them are
        skipped and the run is incomplete); what answers later is ignored."""
        deadline = self.recorder.deadline
        assert deadline is not None
        recorder = self.recorder
        with recorder.lock:
            abandoned = sorted(recorder.in_flight.values())
        for action, target in abandoned:
            recorder.error(action, target, DEADLINE_CODE, deadline.message("abandoned before its answer"))
        with recorder.lock:
            unread = sorted(
                part
                for part in self.parts
                if not part.startswith("_")
                and part not in self._complete
                and part not in recorder.failed_parts
            )
            for part in unread:
                operation = next((c.action for c in CALLS if c.part == part), "k8s:read")
                message = deadline.message(f"{part} not read")
                recorder.errors.append(
                    {
                        "operation": operation,
                        "target": self.name,
                        "code": DEADLINE_CODE,
                        "message": message,
                        "part": part,
                    }
                )
                recorder.failed_parts.add(part)
            recorder.closed = True

    # -- phase 0: the cluster ---------------------------------------------------

    def _describe_cluster(self) -> None:
        response = self.reader.call("eks:DescribeCluster", self.name, name=self.name)
        if response is None:
            last = self.recorder.errors[-1] if self.recorder.errors else {}
            if last.get("code") == "ResourceNotFoundException":
                raise EksLintError(self._not_found())
            if last.get("code") in UNREACHABLE_CODES or last.get("code") == "SSLError":
                raise EksLintError(f"cannot reach the EKS API: {last.get('message')}")
            return
        self._set("cluster", response["cluster"])

    def _not_found(self) -> str:
        where = f" in {self.region}" if self.region else ""
        names: list[str] = []
        pages = self.reader.pages("eks:ListClusters", self.region or "")
        # The failed lookup and this listing are not findings: keep them out of errors.
        with self.recorder.lock:
            self.recorder.errors[:] = [
                e
                for e in self.recorder.errors
                if e["operation"] not in ("eks:DescribeCluster", "eks:ListClusters")
            ]
        for page in pages or ():
            names.extend(page.get("clusters", []))
        known = f"; clusters there: {', '.join(sorted(names))}" if names else "; there are no clusters there"
        return f"--cluster {self.name}: no such EKS cluster{where}{known if pages is not None else ''}"

    # -- phase 1: what hangs off the cluster name ----------------------------------

    def _first_tasks(self) -> list[Callable[[], Any]]:
        tasks: list[Callable[[], Any]] = []
        want = self.parts
        if "nodegroups" in want:
            tasks.append(
                self._list_then_describe(
                    "eks:ListNodegroups",
                    "nodegroups",
                    "eks:DescribeNodegroup",
                    "nodegroupName",
                    "nodegroup",
                    "nodegroups",
                )
            )
        if "addons" in want:
            tasks.append(
                self._list_then_describe(
                    "eks:ListAddons", "addons", "eks:DescribeAddon", "addonName", "addon", "addons"
                )
            )
        if "fargate_profiles" in want:
            tasks.append(
                self._list_then_describe(
                    "eks:ListFargateProfiles",
                    "fargateProfileNames",
                    "eks:DescribeFargateProfile",
                    "fargateProfileName",
                    "fargateProfile",
                    "fargate_profiles",
                )
            )
        if "access_entries" in want:
            mode = ((self._get("cluster") or {}).get("accessConfig") or {}).get("authenticationMode")
            if mode == "CONFIG_MAP":
                # ListAccessEntries is refused in this mode: known to be none.
                self._set("access_entries", [])
            else:
                tasks.append(
                    self._list_then_describe(
                        "eks:ListAccessEntries",
                        "accessEntries",
                        "eks:DescribeAccessEntry",
                        "principalArn",
                        "accessEntry",
                        "access_entries",
                    )
                )
        if "pod_identity_associations" in want:
            tasks.append(self._pod_identity_associations)
        if "insights" in want:
            tasks.append(self._insights)
        if "capabilities" in want:
            tasks.append(self._capabilities)
        if "cluster_versions" in want:
            tasks.append(self._cluster_versions)
        if "oidc_providers" in want:
            tasks.append(self._list_oidc_providers)
        if "auto_scaling_groups" in want:
            tasks.append(self._tagged_auto_scaling_groups)
        return tasks

    def _list_then_describe(
        self, list_action: str, list_key: str, describe_action: str, param: str, result_key: str, part: str
    ) -> Callable[[], list[Callable[[], Any]]]:
        """ListX (paginated), then one DescribeX per item, results kept in list order."""

        def task() -> list[Callable[[], Any]]:
            pages = self.reader.pages(list_action, self.name, clusterName=self.name)
            if pages is None:
                return []
            names = [name for page in pages for name in page.get(list_key, [])]
            results: list[Any] = [None] * len(names)
            remaining = [len(names)]
            if not names:
                self._set(part, [])
                if part == "addons":
                    return self._after_addons([])
                return []

            def describe(index: int, item: str) -> Callable[[], list[Callable[[], Any]]]:
                def run() -> list[Callable[[], Any]]:
                    response = self.reader.call(
                        describe_action, f"{self.name}/{item}", clusterName=self.name, **{param: item}
                    )
                    with self._lock:
                        if response is not None:
                            results[index] = response[result_key]
                        remaining[0] -= 1
                        finished = remaining[0] == 0
                    if finished:
                        found = [r for r in results if r is not None]
                        self._set(part, found)
                        if part == "addons":
                            return self._after_addons(found)
                    return []

                return run

            return [describe(i, name) for i, name in enumerate(names)]

        return task

    def _after_addons(self, addons: list[dict[str, Any]]) -> list[Callable[[], Any]]:
        if "addon_versions" not in self.parts:
            return []
        names = sorted({a["addonName"] for a in addons})
        if not names:
            self._set("addon_versions", [])
            return []
        results: dict[str, list[dict[str, Any]]] = {}
        remaining = [len(names)]

        def versions_of(name: str) -> Callable[[], None]:
            def run() -> None:
                # No kubernetesVersion filter: with it, only versions compatible with that
                # one Kubernetes version come back, and upgrade rules need the next one
                # (or any --target-version given offline). Unfiltered, each version's
                # compatibilities[].clusterVersion covers them all, in the same one request.
                pages = self.reader.pages("eks:DescribeAddonVersions", f"{self.name}/{name}", addonName=name)
                with self._lock:
                    results[name] = [a for page in pages or () for a in page.get("addons", [])]
                    remaining[0] -= 1
                    if remaining[0] == 0:
                        self.data["addon_versions"] = [a for n in names for a in results[n]]

            return run

        return [versions_of(name) for name in names]

    def _pod_identity_associations(self) -> list[Callable[[], Any]]:
        pages = self.reader.pages("eks:ListPodIdentityAssociations", self.name, clusterName=self.name)
        if pages is None:
            return []
        ids = [a["associationId"] for page in pages for a in page.get("associations", [])]
        return self._describe_each(
            ids,
            "eks:DescribePodIdentityAssociation",
            "associationId",
            "association",
            "pod_identity_associations",
        )

    def _insights(self) -> list[Callable[[], Any]]:
        pages = self.reader.pages("eks:ListInsights", self.name, clusterName=self.name)
        if pages is None:
            return []
        ids = [i["id"] for page in pages for i in page.get("insights", [])]
        return self._describe_each(ids, "eks:DescribeInsight", "id", "insight", "insights")

    def _capabilities(self) -> list[Callable[[], Any]]:
        """ListCapabilities, then DescribeCapability each (configuration, roleArn, health)."""
        pages = self.reader.pages("eks:ListCapabilities", self.name, clusterName=self.name)
        if pages is None:
            return []
        names = [c["capabilityName"] for page in pages for c in page.get("capabilities", [])]
        return self._describe_each(
            names, "eks:DescribeCapability", "capabilityName", "capability", "capabilities"
        )

    def _describe_each(
        self, ids: list[str], action: str, param: str, result_key: str, part: str
    ) -> list[Callable[[], Any]]:
        if not ids:
            self._set(part, [])
            return []
        results: list[Any] = [None] * len(ids)
        remaining = [len(ids)]

        def describe(index: int, item: str) -> Callable[[], None]:
            def run() -> None:
                response = self.reader.call(
                    action, f"{self.name}/{item}", clusterName=self.name, **{param: item}
                )
                with self._lock:
                    if response is not None:
                        results[index] = response[result_key]
                    remaining[0] -= 1
                    if remaining[0] == 0:
                        self.data[part] = [r for r in results if r is not None]

            return run

        return [describe(i, item) for i, item in enumerate(ids)]

    def _cluster_versions(self) -> None:
        pages = self.reader.pages("eks:DescribeClusterVersions", self.region or "")
        if pages is not None:
            self._set("cluster_versions", [v for page in pages for v in page.get("clusterVersions", [])])

    def _list_oidc_providers(self) -> None:
        response = self.reader.call("iam:ListOpenIDConnectProviders", "")
        if response is not None:
            self._set("_oidc_arns", [p["Arn"] for p in response.get("OpenIDConnectProviderList", [])])

    def _tagged_auto_scaling_groups(self) -> None:
        """Self-managed node groups: ASGs tagged ``kubernetes.io/cluster/<name>``."""
        tag = f"kubernetes.io/cluster/{self.name}"
        pages = self.reader.pages(
            "autoscaling:DescribeAutoScalingGroups", tag, Filters=[{"Name": "tag-key", "Values": [tag]}]
        )
        if pages is not None:
            self._set("_tagged_asgs", [g for page in pages for g in page.get("AutoScalingGroups", [])])

    # -- phase 2: resources the cluster's parts name --------------------------------

    def _second_tasks(self) -> list[Callable[[], Any]]:
        tasks: list[Callable[[], Any]] = []
        if "subnets" in self.parts:
            tasks.extend(self._subnet_tasks())
        if "auto_scaling_groups" in self.parts:
            tasks.extend(self._asg_tasks())
        if "iam_roles" in self.parts:
            tasks.extend(self._role_tasks())
        return tasks

    def _subnet_ids(self) -> list[str]:
        ids: list[str] = []
        cluster = self._get("cluster") or {}
        ids.extend((cluster.get("resourcesVpcConfig") or {}).get("subnetIds") or [])
        for group in self._get("nodegroups") or []:
            ids.extend(group.get("subnets") or [])
        for profile in self._get("fargate_profiles") or []:
            ids.extend(profile.get("subnets") or [])
        # Self-managed node groups (read when a rule wants auto_scaling_groups): their
        # subnets are a comma-separated VPCZoneIdentifier. Managed groups' ASGs name
        # their node group's subnets, already in.
        for asg in self._get("_tagged_asgs") or []:
            ids.extend(s.strip() for s in str(asg.get("VPCZoneIdentifier") or "").split(",") if s.strip())
        for obj in self._get("kubernetes") or []:
            if obj.get("kind") == "ENIConfig":  # VPC CNI custom networking
                subnet = (obj.get("spec") or {}).get("subnet")
                if subnet:
                    ids.append(subnet)
        return sorted(set(ids))

    def _subnet_tasks(self) -> list[Callable[[], None]]:
        return self._batched(
            self._subnet_ids(), SUBNET_BATCH, "ec2:DescribeSubnets", "SubnetIds", "Subnets", "subnets"
        )

    def _batched(
        self, ids: list[str], size: int, action: str, param: str, result_key: str, part: str
    ) -> list[Callable[[], None]]:
        """One paginated request per batch of IDs; the part is the union, sorted by ID order."""
        if not ids:
            self._set(part, [])
            return []
        batches = _chunks(ids, size)
        results: list[list[Any] | None] = [None] * len(batches)
        remaining = [len(batches)]

        def run_batch(index: int, batch: list[str]) -> Callable[[], None]:
            def run() -> None:
                try:
                    pages = self.reader.pages(
                        action, ",".join(batch), not_found_ok=len(batch) > 1, **{param: batch}
                    )
                except _NotFound:
                    # One stale ID (a deleted subnet a node group still names) fails
                    # the whole batch: ask for each ID alone, so only it is missing.
                    pages = []
                    for one in batch:
                        pages.extend(self.reader.pages(action, one, **{param: [one]}) or ())
                with self._lock:
                    results[index] = [item for page in pages or () for item in page.get(result_key, [])]
                    remaining[0] -= 1
                    if remaining[0] == 0:
                        self.data[part] = [item for chunk in results for item in chunk or ()]

            return run

        return [run_batch(i, batch) for i, batch in enumerate(batches)]

    def _asg_tasks(self) -> list[Callable[[], None]]:
        tagged = self._get("_tagged_asgs") or []
        have = {g["AutoScalingGroupName"] for g in tagged}
        names = sorted(
            {
                asg["name"]
                for group in self._get("nodegroups") or []
                for asg in (group.get("resources") or {}).get("autoScalingGroups") or []
                if asg.get("name") and asg["name"] not in have
            }
        )
        if not names:
            self._set("auto_scaling_groups", sorted(tagged, key=lambda g: g["AutoScalingGroupName"]))
            return []
        tasks = self._batched(
            names,
            ASG_BATCH,
            "autoscaling:DescribeAutoScalingGroups",
            "AutoScalingGroupNames",
            "AutoScalingGroups",
            "_named_asgs",
        )

        def merge_when_done(task: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                task()
                with self._lock:
                    named = self.data.get("_named_asgs")
                    if named is not None:
                        groups = {g["AutoScalingGroupName"]: g for g in (*tagged, *named)}
                        self.data["auto_scaling_groups"] = [groups[n] for n in sorted(groups)]

            return run

        return [merge_when_done(task) for task in tasks]

    def _role_arns(self) -> list[str]:
        arns: list[str] = []
        cluster = self._get("cluster") or {}
        arns.append(cluster.get("roleArn") or "")
        for group in self._get("nodegroups") or []:
            arns.append(group.get("nodeRole") or "")
        for addon in self._get("addons") or []:
            arns.append(addon.get("serviceAccountRoleArn") or "")
        for profile in self._get("fargate_profiles") or []:
            arns.append(profile.get("podExecutionRoleArn") or "")
        for association in self._get("pod_identity_associations") or []:
            arns.append(association.get("roleArn") or "")
            arns.append(association.get("targetRoleArn") or "")
        for capability in self._get("capabilities") or []:
            arns.append(capability.get("roleArn") or "")
        for obj in self._get("kubernetes") or []:
            if obj.get("kind") == "ServiceAccount":
                annotations = (obj.get("metadata") or {}).get("annotations") or {}
                arns.append(str(annotations.get("eks.amazonaws.com/role-arn") or ""))
        account = _account_of(str(cluster.get("arn") or ""))
        # GetRole reads roles of the caller's account only; a role in another account
        # is not readable here (and rules say so from the ARN alone).
        return sorted({a for a in arns if _role_name(a) and (account is None or _account_of(a) == account)})

    def _role_tasks(self) -> list[Callable[[], None]]:
        arns = self._role_arns()
        if not arns:
            self._set("iam_roles", [])
            return []
        return self._describe_each_global(
            arns, "iam:GetRole", lambda arn: {"RoleName": _role_name(arn)}, "Role", "iam_roles"
        )

    def _describe_each_global(
        self,
        items: list[str],
        action: str,
        params: Callable[[str], dict[str, Any]],
        result_key: str,
        part: str,
        flatten: bool = False,
    ) -> list[Callable[[], None]]:
        """One request per item; ``flatten``: each answer is a list, the part their concatenation."""
        results: list[Any] = [None] * len(items)
        remaining = [len(items)]

        def describe(index: int, item: str) -> Callable[[], None]:
            def run() -> None:
                response = self.reader.call(action, item, **params(item))
                with self._lock:
                    if response is not None and flatten:
                        results[index] = list(response.get(result_key) or [])
                    elif response is not None:
                        value = dict(response[result_key]) if result_key else dict(response)
                        value.pop("ResponseMetadata", None)
                        if not result_key:
                            value = {"Arn": item, **value}
                        results[index] = value
                    remaining[0] -= 1
                    if remaining[0] == 0:
                        found = [r for r in results if r is not None]
                        self.data[part] = [x for r in found for x in r] if flatten else found

            return run

        return [describe(i, item) for i, item in enumerate(items)]

    # -- phase 3: what those resources name ---------------------------------------------

    def _third_tasks(self) -> list[Callable[[], Any]]:
        tasks: list[Callable[[], Any]] = []
        if "launch_template_versions" in self.parts:
            tasks.extend(self._launch_template_tasks())
        if "oidc_providers" in self.parts:
            tasks.extend(self._oidc_tasks())
        if "lifecycle_hooks" in self.parts:
            tasks.extend(self._lifecycle_hook_tasks())
        if "vpcs" in self.parts:
            tasks.extend(self._vpc_tasks())
        return tasks

    def _vpc_tasks(self) -> list[Callable[[], None]]:
        """DescribeVpcs for the cluster's VPC: the CIDR blocks hybrid nodes' remote networks must avoid."""
        cluster = self._get("cluster") or {}
        vpc_id = (cluster.get("resourcesVpcConfig") or {}).get("vpcId")
        if vpc_id:
            ids = [vpc_id]
        else:
            named = set((cluster.get("resourcesVpcConfig") or {}).get("subnetIds") or [])
            ids = sorted(
                {
                    s["VpcId"]
                    for s in self._get("subnets") or []
                    if s.get("SubnetId") in named and s.get("VpcId")
                }
            )
        return self._batched(ids, SUBNET_BATCH, "ec2:DescribeVpcs", "VpcIds", "Vpcs", "vpcs")

    def _launch_templates(self) -> dict[str, set[str]]:
        """Template ID -> versions, from node groups and self-managed ASGs."""
        wanted: dict[str, set[str]] = {}
        for group in self._get("nodegroups") or []:
            template = group.get("launchTemplate") or {}
            if template.get("id"):
                wanted.setdefault(template["id"], set()).add(str(template.get("version") or "$Default"))
        for asg in self._get("auto_scaling_groups") or []:
            if any(t.get("Key") == "eks:nodegroup-name" for t in asg.get("Tags") or []):
                continue  # a managed node group's own EKS-made template: covered by the node group
            spec = asg.get("LaunchTemplate") or (
                ((asg.get("MixedInstancesPolicy") or {}).get("LaunchTemplate") or {}).get(
                    "LaunchTemplateSpecification"
                )
            )
            if spec and spec.get("LaunchTemplateId"):
                wanted.setdefault(spec["LaunchTemplateId"], set()).add(str(spec.get("Version") or "$Default"))
        return wanted

    def _launch_template_tasks(self) -> list[Callable[[], Any]]:
        wanted = self._launch_templates()
        if not wanted:
            self._set("launch_template_versions", [])
            return self._after_launch_templates([])
        ids = sorted(wanted)
        results: dict[str, list[dict[str, Any]]] = {}
        remaining = [len(ids)]

        def read(template_id: str) -> Callable[[], list[Callable[[], Any]]]:
            def run() -> list[Callable[[], Any]]:
                # One request per template for all its versions in use (the API
                # takes one template and many versions).
                pages = self.reader.pages(
                    "ec2:DescribeLaunchTemplateVersions",
                    template_id,
                    LaunchTemplateId=template_id,
                    Versions=sorted(wanted[template_id]),
                )
                with self._lock:
                    results[template_id] = [
                        _without_user_data(v)
                        for page in pages or ()
                        for v in page.get("LaunchTemplateVersions", [])
                    ]
                    remaining[0] -= 1
                    done = remaining[0] == 0
                    if done:
                        self.data["launch_template_versions"] = [v for i in ids for v in results[i]]
                if done:
                    return self._after_launch_templates(self._get("launch_template_versions") or [])
                return []

            return run

        return [read(template_id) for template_id in ids]

    def _after_launch_templates(self, versions: list[dict[str, Any]]) -> list[Callable[[], None]]:
        tasks: list[Callable[[], None]] = []
        if "instance_types" in self.parts:
            tasks.extend(self._instance_type_tasks(versions))
        if "security_groups" in self.parts:
            tasks.extend(self._security_group_tasks(versions))
        return tasks

    def _security_group_tasks(self, versions: list[dict[str, Any]]) -> list[Callable[[], None]]:
        ids: set[str] = set()
        vpc = (self._get("cluster") or {}).get("resourcesVpcConfig") or {}
        ids.update(vpc.get("securityGroupIds") or [])
        if vpc.get("clusterSecurityGroupId"):
            ids.add(vpc["clusterSecurityGroupId"])
        # Not the SSH remote-access group EKS adds to a node group: no rule reads it.
        for version in versions:
            data = version.get("LaunchTemplateData") or {}
            ids.update(data.get("SecurityGroupIds") or [])
            for interface in data.get("NetworkInterfaces") or []:
                ids.update(interface.get("Groups") or [])
        return self._batched(
            sorted(ids),
            SECURITY_GROUP_BATCH,
            "ec2:DescribeSecurityGroups",
            "GroupIds",
            "SecurityGroups",
            "security_groups",
        )

    def _lifecycle_hook_tasks(self) -> list[Callable[[], None]]:
        """One DescribeLifecycleHooks per self-managed node group ASG (the API takes one group)."""
        names = [
            asg["AutoScalingGroupName"]
            for asg in self._get("auto_scaling_groups") or []
            if not any(t.get("Key") == "eks:nodegroup-name" for t in asg.get("Tags") or [])
        ]
        if not names:
            self._set("lifecycle_hooks", [])
            return []
        return self._describe_each_global(
            names,
            "autoscaling:DescribeLifecycleHooks",
            lambda name: {"AutoScalingGroupName": name},
            "LifecycleHooks",
            "lifecycle_hooks",
            flatten=True,
        )

    def _instance_type_tasks(self, versions: list[dict[str, Any]]) -> list[Callable[[], None]]:
        types: set[str] = set()
        for group in self._get("nodegroups") or []:
            types.update(group.get("instanceTypes") or [])
        for version in versions:
            instance_type = (version.get("LaunchTemplateData") or {}).get("InstanceType")
            if instance_type:
                types.add(instance_type)
        for asg in self._get("auto_scaling_groups") or []:
            for instance in asg.get("Instances") or []:
                if instance.get("InstanceType"):
                    types.add(instance["InstanceType"])
            overrides = ((asg.get("MixedInstancesPolicy") or {}).get("LaunchTemplate") or {}).get(
                "Overrides"
            ) or []
            types.update(o["InstanceType"] for o in overrides if o.get("InstanceType"))
        return self._batched(
            sorted(types),
            INSTANCE_TYPE_BATCH,
            "ec2:DescribeInstanceTypes",
            "InstanceTypes",
            "InstanceTypes",
            "instance_types",
        )

    def _oidc_tasks(self) -> list[Callable[[], None]]:
        listed = self._get("_oidc_arns")
        if listed is None:
            return []
        wanted: set[str] = set()
        issuer = str(((self._get("cluster") or {}).get("identity") or {}).get("oidc", {}).get("issuer") or "")
        host = issuer.removeprefix("https://")
        for arn in listed:
            if host and arn.endswith(f":oidc-provider/{host}"):
                wanted.add(arn)
        # Providers the collected roles trust (a role copied from another cluster
        # trusts that cluster's provider): read them too, when they exist.
        for role in self._get("iam_roles") or []:
            for arn in _federated_principals(role.get("AssumeRolePolicyDocument")):
                if arn in listed:
                    wanted.add(arn)
        items = sorted(wanted)
        if not items:
            self._set("oidc_providers", [])
            return []
        return self._describe_each_global(
            items,
            "iam:GetOpenIDConnectProvider",
            lambda arn: {"OpenIDConnectProviderArn": arn},
            "",
            "oidc_providers",
        )


def _without_user_data(version: dict[str, Any]) -> dict[str, Any]:
    """User data scripts hold bootstrap secrets often enough: never stored."""
    data = version.get("LaunchTemplateData")
    if isinstance(data, dict) and "UserData" in data:
        version = dict(version)
        version["LaunchTemplateData"] = {k: v for k, v in data.items() if k != "UserData"}
    return version


def _federated_principals(document: Any) -> list[str]:
    if isinstance(document, str):
        import json
        from urllib.parse import unquote

        try:
            document = json.loads(unquote(document))
        except ValueError:
            return []
    if not isinstance(document, dict):
        return []
    statements = document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    out = []
    for statement in statements:
        principal = (statement or {}).get("Principal") or {}
        federated = principal.get("Federated") if isinstance(principal, dict) else None
        if isinstance(federated, str):
            out.append(federated)
        elif isinstance(federated, list):
            out.extend(str(f) for f in federated)
    return out


# --- sessions, clients, the commands ----------------------------------------------


def boto_config(workers: int = DEFAULT_WORKERS) -> Any:
    """Timeouts and retries for an audit (the README's "Live AWS" gives the numbers):
    the earlier 11 attempts (max_attempts 10 counts retries) of 30 s each cost 12 minutes
    on an endpoint that never answers."""
    from botocore.config import Config

    return Config(
        retries={"mode": "adaptive", "total_max_attempts": MAX_ATTEMPTS},
        max_pool_connections=max(10, workers),
        user_agent_extra="eks-lint",
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
    )


#: The region variables in the AWS CLI v2's order: AWS_REGION overrides
#: AWS_DEFAULT_REGION, both override the profile's ``region``
#: (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html).
#: boto3 reads only AWS_DEFAULT_REGION, so eks-lint reads both itself.
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


def endpoint_settings(service_id: str, code: str, environ: Mapping[str, str] | None = None) -> str:
    """What a failure to reach a service owes to the environment, naming the variables
    botocore really read: ``AWS_ENDPOINT_URL_<SERVICE>`` before ``AWS_ENDPOINT_URL``
    (unless ``AWS_IGNORE_CONFIGURED_ENDPOINT_URLS``), and ``AWS_CA_BUNDLE`` for a TLS
    failure (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html)."""
    env = os.environ if environ is None else environ
    said = []
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").strip().lower() != "true":
        specific = "AWS_ENDPOINT_URL_" + service_id.upper().replace(" ", "_")
        for name in (specific, "AWS_ENDPOINT_URL"):
            if env.get(name):
                said.append(f"endpoint from {name}")
                break
    if code == "SSLError":
        bundle = env.get("AWS_CA_BUNDLE")
        said.append(
            f"certificates checked against AWS_CA_BUNDLE {bundle}"
            if bundle
            else "set AWS_CA_BUNDLE to the CA file of a TLS-intercepting proxy"
        )
    return f" ({'; '.join(said)})" if said else ""


def region_from(region: str | None, environ: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """The region to use and where it came from (``--region``, the variable
    really read, or ``the profile`` when boto3 is left to find it), so messages
    name the setting the user has to change."""
    if region:
        return region, "--region"
    environ = os.environ if environ is None else environ
    for name in REGION_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return value, name
    return None, "the profile"


def make_session(profile: str | None, region: str | None) -> Any:
    import boto3
    from botocore.exceptions import (
        ProfileNotFound,
        SSOTokenLoadError,
        TokenRetrievalError,
        UnauthorizedSSOTokenError,
    )

    region, _ = region_from(region)
    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except ProfileNotFound:
        raise EksLintError(
            f"--profile {profile}: no such AWS profile in ~/.aws/config or ~/.aws/credentials"
        ) from None
    if not session.region_name:
        raise EksLintError(
            "no AWS region: give --region, set AWS_REGION (or AWS_DEFAULT_REGION), or a region in the profile"
        )
    try:
        credentials = session.get_credentials()
        if credentials is not None:
            # SSO (and assume-role) credentials are fetched on first use: fetch them
            # now, so a missing login is one line here rather than a failed first call.
            credentials.get_frozen_credentials()
    except (SSOTokenLoadError, UnauthorizedSSOTokenError, TokenRetrievalError):
        name = profile or session.profile_name
        raise EksLintError(
            f"AWS profile {name} uses IAM Identity Center (SSO) and has no valid login (no cached "
            f"token, or it expired): run 'aws sso login --profile {name}'"
        ) from None
    except Exception as error:  # botocore raises several types for broken SSO/process credentials
        raise EksLintError(f"cannot load AWS credentials: {error}") from None
    if credentials is None:
        raise EksLintError(
            "no AWS credentials found (environment, --profile, SSO, instance or container role): "
            "run 'aws sso login' or 'aws configure', or use --snapshot FILE offline"
        )
    return session


class ClientFactory:
    """One client per service, created once and shared by the worker threads.

    ``client_kwargs`` (a region, assumed-role credentials) go to every
    ``session.client`` call: a fleet run makes the clients of many accounts
    and regions from one session, which loads each service model once; those
    factories then share the session's ``lock`` (a boto3 session is not safe
    to create clients from in several threads at once).
    """

    def __init__(
        self,
        session: Any,
        workers: int = DEFAULT_WORKERS,
        endpoint_url: str | None = None,
        client_kwargs: Mapping[str, Any] | None = None,
        lock: Any = None,
    ):
        self.session = session
        self.config = boto_config(workers)
        self.endpoint_url = endpoint_url
        self.client_kwargs = dict(client_kwargs or {})
        self._clients: dict[str, Any] = {}
        self._lock = lock or threading.Lock()

    def __call__(self, service: str) -> Any:
        client = self._clients.get(service)  # made once, never replaced: no lock to read
        if client is not None:
            return client
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                kwargs: dict[str, Any] = {"config": self.config, **self.client_kwargs}
                if self.endpoint_url:
                    kwargs["endpoint_url"] = self.endpoint_url
                client = self.session.client(service, **kwargs)
                # Its paginators' model is loaded on first use, and botocore's loader
                # caches without a lock: the first page of many threads at once would
                # each walk botocore's data folders (tens of ms of CPU each). Here,
                # under the lock, it is loaded once per session and service.
                client.can_paginate(next(iter(client.meta.method_to_api_mapping)))
                self._clients[service] = client
            return client


def list_clusters(clients: Callable[[str], Any], recorder: Recorder, region: str | None) -> list[str]:
    reader = Reader(clients, recorder)
    pages = reader.pages("eks:ListClusters", region or "")
    if pages is None:
        error = recorder.errors[-1]
        raise EksLintError(f"--all-clusters: eks:ListClusters failed ({error['code']}): {error['message']}")
    return sorted(name for page in pages for name in page.get("clusters", []))


class ProgressSink(Protocol):
    """Told which cluster is being read and how many calls it took so far (the
    command line draws a progress line from it)."""

    def start(self, label: str) -> None: ...

    def update(self, calls: int) -> None: ...

    def done(self) -> None: ...


class KubeAccess(NamedTuple):
    """How to reach each cluster's API server (the live Kubernetes reader's options).

    By default a token is minted from the AWS session, as ``aws eks get-token`` does."""

    kubeconfig: str | None = None
    context: str | None = None
    timeout: float | None = None


#: Clusters ``--all-clusters`` reads at once (``collect --jobs`` changes it).
CLUSTER_JOBS = 4


def collect_clusters(
    rules: list[Any],
    names: Iterable[str] = (),
    all_clusters: bool = False,
    region: str | None = None,
    profile: str | None = None,
    kube: KubeAccess | None = None,
    progress: ProgressSink | None = None,
    deadline: float | None = None,
    jobs: int | None = None,
) -> list[dict[str, Any]]:
    """One snapshot per cluster, in the order of ``names`` (or of the region's
    clusters with ``all_clusters``), read with the boto3 credential chain;
    several clusters are read ``jobs`` at a time, sharing the clients.
    ``deadline``: seconds for the whole collection, every cluster included."""
    limit = Deadline(deadline)
    session = make_session(profile, region)
    workers = DEFAULT_WORKERS
    jobs = max(1, jobs or CLUSTER_JOBS)
    clients = ClientFactory(session, workers * jobs)
    names = list(names)
    _, origin = region_from(region)
    region = session.region_name
    if all_clusters:
        names = list_clusters(clients, Recorder(deadline=limit), region)
        if not names:
            said = "" if origin == "--region" else f" (region from {origin})"
            raise EksLintError(f"--all-clusters: no EKS clusters in {region}{said}")
    jobs = min(jobs, len(names) or 1)
    parts = parts_for(rules)
    calls = _CallSum(progress.update) if progress is not None else None

    def read(name: str) -> dict[str, Any]:
        reader = None
        if "kubernetes" in parts:
            reader = _kube_reader(
                kube or KubeAccess(), rules, session, single=len(names) == 1, deadline=limit
            )
        collector = Collector(
            name,
            clients=clients,
            parts=parts,
            region=region,
            workers=workers,
            kube=reader,
            recorder=Recorder(progress=calls.reporter() if calls is not None else None, deadline=limit),
        )
        return collector.collect()

    if progress is not None:
        progress.start(names[0] if len(names) == 1 else f"{len(names)} clusters")
    try:
        if jobs == 1:
            return [read(name) for name in names]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="eks-lint-cluster") as pool:
            return list(pool.map(read, names))
    finally:
        if progress is not None:
            progress.done()


class _CallSum:
    """The calls of clusters read at once, summed for one progress line."""

    def __init__(self, update: Callable[[int], None]):
        self.update = update
        self.totals: dict[int, int] = {}
        self.lock = threading.Lock()

    def reporter(self) -> Callable[[int], None]:
        with self.lock:
            key = len(self.totals)
            self.totals[key] = 0

        def report(total: int) -> None:
            with self.lock:
                self.totals[key] = total
                calls = sum(self.totals.values())
            self.update(calls)

        return report


def _kube_reader(
    kube: KubeAccess, rules: list[Any], session: Any, single: bool, deadline: Deadline | None = None
) -> Callable[[dict[str, Any]], None]:
    """The hook to the live Kubernetes reader (``eks_lint.sources.kube``); its
    own whole-read deadline is cut to what is left of the run's."""

    def read(snapshot: dict[str, Any]) -> None:
        from eks_lint.sources.kube import DEFAULT_READ_DEADLINE, add_live_objects

        left = deadline.remaining() if deadline is not None else None
        whole = DEFAULT_READ_DEADLINE if left is None else min(DEFAULT_READ_DEADLINE, left)

        try:
            add_live_objects(
                snapshot,
                rules,
                session=session,
                kubeconfig=kube.kubeconfig,
                context=kube.context,
                timeout=kube.timeout,
                single_cluster=single,
                deadline=whole,
            )
        except EksLintError as error:
            # The API server is out of reach for this cluster: the AWS side still counts.
            name = str((snapshot.get("cluster") or {}).get("name") or "")
            snapshot["errors"].append(
                {
                    "operation": "k8s:connect",
                    "target": name,
                    "code": "KubernetesUnavailable",
                    "message": str(error),
                    "part": "kubernetes",
                }
            )

    return read
