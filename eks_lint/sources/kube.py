"""Live Kubernetes objects, read from a cluster's API server.

Only the standard library talks HTTP: one ``http.client`` connection per list,
TLS verified against the cluster's own certificate authority. Which lists are
read comes from the selected rules' ``kinds``; lists are paged (``limit`` and
``continue``) and read in parallel. Faults (an endpoint out of reach, 401,
403, an API group that is not served, a slow answer) become entries of the
snapshot's ``errors`` list with the likely cause and the fix, so the AWS-side
rules still run.

Every request has a total deadline (``--timeout``), not just a socket
timeout: a server that drip-feeds its answer is cut off when the time is up.
The whole read has a deadline too, a response has a size cap, a ``continue``
token seen twice stops the list, and a 429 (or 5xx) with ``Retry-After`` is
retried a bounded number of times, as client-go does.

Two ways in: an EKS cluster's endpoint and CA from DescribeCluster plus a
token minted from AWS credentials (``eks_token``), or a kubeconfig file and
context (``--kubeconfig`` / ``--context``) for a proxy, a bastion or another
credential plugin.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, read_regular_file
from eks_lint.engine.yaml_load import YamlProblem, load_one
from eks_lint.sources.proxy import (
    ProxyError,
    check_proxy,
    open_tunnel,
    proxy_from_environment,
    without_credentials,
)

DEFAULT_TIMEOUT = 20.0
#: Seconds for the whole read of one cluster, every list included. The EKS
#: token it uses is accepted for 15 minutes (aws-iam-authenticator), so a read
#: that goes on longer would end in 401s anyway.
DEFAULT_READ_DEADLINE = 600.0


#: A kubeconfig, or a CA/token/certificate file it names, is never near this.
MAX_KUBECONFIG_BYTES = 8 * 1024 * 1024
PAGE_SIZE = 500
MAX_WORKERS = 8
MAX_PAGES = 10_000
#: One response's body at most. A page of 500 objects is a few MB even with
#: large objects (etcd caps one object at 1.5 MB, and managedFields is the
#: bulk); past this the answer is not read, rather than held in memory whole.
MAX_RESPONSE_BYTES = 128 * 1024 * 1024
#: 429 and 5xx answers carrying ``Retry-After: <seconds>`` are retried, as
#: client-go does (k8s.io/client-go/rest/request.go, checkWait), at most this
#: many times, waiting at most MAX_RETRY_WAIT each and never past a deadline.
MAX_RETRIES = 5
MAX_RETRY_WAIT = 10.0
#: The Accept header of a metadata-only list (client-go's metadata client asks
#: for the same); a server that does not know it falls back to application/json.
PARTIAL_METADATA_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
#: Owner-less objects read one GET each after a metadata-only list; past this
#: many, the list is read in full instead (a few pages, not thousands of GETs).
MAX_SINGLE_GETS = 50


@dataclass(frozen=True)
class ApiKind:
    """Where a kind is listed, and which of its objects are kept.

    ``only``: read just these (namespace, name) objects, never the whole list
    (ConfigMaps: other ConfigMaps hold application data eks-lint has no
    business reading). ``ownerless``: keep only objects no controller owns;
    their owners (Deployments, CronJobs) are read and checked instead.
    """

    kind: str
    api_version: str
    plural: str
    namespaced: bool = True
    only: tuple[tuple[str, str], ...] = ()
    ownerless: bool = False
    #: Older API versions tried, in order, when this one is not served
    #: (a Karpenter that still serves only v1beta1).
    older: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        return "/api/v1" if self.api_version == "v1" else f"/apis/{self.api_version}"

    def at(self, api_version: str) -> ApiKind:
        return replace(self, api_version=api_version, older=())

    @property
    def path(self) -> str:
        return f"{self.base}/{self.plural}"

    def object_path(self, namespace: str, name: str) -> str:
        return f"{self.base}/namespaces/{quote(namespace)}/{self.plural}/{quote(name)}"


#: Every kind the live reader knows. Secrets are deliberately absent: eks-lint
#: never reads Secret data from a cluster.
API_KINDS: dict[str, ApiKind] = {
    k.kind: k
    for k in (
        ApiKind("Node", "v1", "nodes", namespaced=False),
        ApiKind("Namespace", "v1", "namespaces", namespaced=False),
        ApiKind("ServiceAccount", "v1", "serviceaccounts"),
        ApiKind("Service", "v1", "services"),
        ApiKind("Pod", "v1", "pods", ownerless=True),
        ApiKind("ReplicationController", "v1", "replicationcontrollers"),
        ApiKind("PersistentVolumeClaim", "v1", "persistentvolumeclaims"),
        ApiKind("LimitRange", "v1", "limitranges"),
        ApiKind(
            "ConfigMap",
            "v1",
            "configmaps",
            only=(("kube-system", "aws-auth"), ("kube-system", "amazon-vpc-cni")),
        ),
        ApiKind("DaemonSet", "apps/v1", "daemonsets"),
        ApiKind("Deployment", "apps/v1", "deployments"),
        ApiKind("StatefulSet", "apps/v1", "statefulsets"),
        ApiKind("ReplicaSet", "apps/v1", "replicasets", ownerless=True),
        ApiKind("Job", "batch/v1", "jobs", ownerless=True),
        ApiKind("CronJob", "batch/v1", "cronjobs"),
        ApiKind("PodDisruptionBudget", "policy/v1", "poddisruptionbudgets"),
        ApiKind("HorizontalPodAutoscaler", "autoscaling/v2", "horizontalpodautoscalers"),
        ApiKind("Ingress", "networking.k8s.io/v1", "ingresses"),
        ApiKind("IngressClass", "networking.k8s.io/v1", "ingressclasses", namespaced=False),
        ApiKind("StorageClass", "storage.k8s.io/v1", "storageclasses", namespaced=False),
        ApiKind("ENIConfig", "crd.k8s.amazonaws.com/v1alpha1", "eniconfigs", namespaced=False),
        ApiKind("NetworkPolicy", "networking.k8s.io/v1", "networkpolicies"),
        ApiKind(
            "ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1",
            "validatingwebhookconfigurations",
            namespaced=False,
        ),
        ApiKind(
            "MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1",
            "mutatingwebhookconfigurations",
            namespaced=False,
        ),
        # VPC resource controller: security groups for pods.
        ApiKind("SecurityGroupPolicy", "vpcresources.k8s.aws/v1beta1", "securitygrouppolicies"),
        ApiKind(
            "NodePool", "karpenter.sh/v1", "nodepools", namespaced=False, older=("karpenter.sh/v1beta1",)
        ),
        ApiKind(
            "NodeClaim", "karpenter.sh/v1", "nodeclaims", namespaced=False, older=("karpenter.sh/v1beta1",)
        ),
        ApiKind(
            "EC2NodeClass",
            "karpenter.k8s.aws/v1",
            "ec2nodeclasses",
            namespaced=False,
            older=("karpenter.k8s.aws/v1beta1",),
        ),
        # EKS Auto Mode's own node class (NodePools of Auto Mode point at it).
        ApiKind("NodeClass", "eks.amazonaws.com/v1", "nodeclasses", namespaced=False),
        # External Secrets Operator: the store's provider and auth, never secret values.
        ApiKind(
            "SecretStore", "external-secrets.io/v1", "secretstores", older=("external-secrets.io/v1beta1",)
        ),
        ApiKind(
            "ClusterSecretStore",
            "external-secrets.io/v1",
            "clustersecretstores",
            namespaced=False,
            older=("external-secrets.io/v1beta1",),
        ),
        # Karpenter before v0.32: still worth finding on a live cluster.
        ApiKind("Provisioner", "karpenter.sh/v1alpha5", "provisioners", namespaced=False),
        ApiKind("Machine", "karpenter.sh/v1alpha5", "machines", namespaced=False),
        ApiKind("AWSNodeTemplate", "karpenter.k8s.aws/v1alpha1", "awsnodetemplates", namespaced=False),
    )
}

#: Custom resources whose absence is normal: the list's 404 says what it means.
_CRD_MEANING = {
    "ENIConfig": "VPC CNI custom networking is not set up",
    "SecurityGroupPolicy": "security groups for pods are not set up",
    "NodePool": "Karpenter is not installed",
    "NodeClaim": "Karpenter is not installed",
    "EC2NodeClass": "Karpenter is not installed",
    "NodeClass": "EKS Auto Mode is not enabled",
    "Provisioner": "no Karpenter older than v0.32 is installed",
    "Machine": "no Karpenter older than v0.32 is installed",
    "AWSNodeTemplate": "no Karpenter older than v0.32 is installed",
    "SecretStore": "External Secrets Operator is not installed",
    "ClusterSecretStore": "External Secrets Operator is not installed",
}


def kinds_to_read(kinds: Iterable[str]) -> list[ApiKind]:
    """The lists to read for these kinds, in a stable order; unknown kinds (and Secret) are skipped."""
    wanted = set(kinds)
    return [api for kind, api in API_KINDS.items() if kind in wanted]


@dataclass
class Endpoint:
    """How to reach one API server: its URL, CA and credentials.

    ``hint`` is added to the message when the server cannot be reached (for an
    EKS cluster: whether its public endpoint is off or limited to some CIDRs).
    """

    server: str
    ca_pem: str | None = None
    token: str | None = None
    client_cert_pem: str | None = None
    client_key_pem: str | None = None
    insecure: bool = False
    tls_server_name: str | None = None
    proxy: str | None = None
    proxy_origin: str = ""  # where the proxy was set: "proxy-url" or the variable (HTTPS_PROXY)
    name: str = ""
    hint: str = ""
    #: who the credentials say the caller is, for messages: never the token itself
    identity: str = ""
    #: names the identity better when asked (the IAM principal behind an EKS token,
    #: from STS): called once, only when a 401 or 403 has to say who was refused
    resolve_identity: Callable[[], str | None] | None = None
    #: where insecure-skip-tls-verify came from (the kubeconfig cluster), for the report
    insecure_origin: str = ""
    #: Impersonate-* headers from the kubeconfig user's ``as``, ``as-uid``,
    #: ``as-groups`` and ``as-user-extra``, in order (a group per header, as kubectl sends them)
    impersonate: list[tuple[str, str]] = field(default_factory=list)

    _identity_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def who(self) -> str:
        """The identity for a message; lists fail in parallel threads, so the
        resolving (an STS call) happens once, under a lock."""
        with self._identity_lock:
            if self.resolve_identity is not None:
                resolve, self.resolve_identity = self.resolve_identity, None
                self.identity = resolve() or self.identity
        return self.identity or "these credentials"

    def access(self) -> dict[str, Any]:
        """How the API server was reached, for the snapshot's ``kubernetes_access``
        (and the report): no token, no proxy password."""
        access: dict[str, Any] = {
            "server": self.server,
            "identity": self.identity,
            "tls": "insecure-skip-tls-verify" if self.insecure else "verified",
        }
        if self.insecure:
            access["tls_origin"] = self.insecure_origin
        if self.impersonate:
            access["impersonating"] = impersonated(self.impersonate)
        if self.proxy:
            access["proxy"] = f"{without_credentials(self.proxy)} (from {self.proxy_origin})"
        return access

    def ssl_context(self) -> ssl.SSLContext:
        if self.insecure:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        elif self.ca_pem:
            try:
                context = ssl.create_default_context(cadata=self.ca_pem)
            except ssl.SSLError as error:
                raise EksLintError(
                    f"{self.label}: the certificate authority is not valid PEM: {error}"
                ) from None
        else:
            context = ssl.create_default_context()
        # Python 3.13 turned on RFC 5280 strictness by default; Go clients
        # (kubectl) do not enforce it, and some cluster CAs would fail it.
        context.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)
        if self.client_cert_pem and self.client_key_pem:
            _load_client_cert(context, self.client_cert_pem, self.client_key_pem, self.label)
        return context

    def proxy_ssl_context(self) -> ssl.SSLContext:
        """For an https:// proxy: the system's trust store and the cluster's CA
        (not the client certificate: that is for the API server)."""
        if self.insecure:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        context = ssl.create_default_context()
        if self.ca_pem:
            context.load_verify_locations(cadata=self.ca_pem)
        return context

    @property
    def label(self) -> str:
        return self.name or self.server


@dataclass
class KubeRead:
    """What a read produced: objects (each with apiVersion and kind) and faults.

    ``connected`` is false when the server could not be used at all; then no
    object is known and the caller leaves the ``kubernetes`` part out.
    """

    objects: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    connected: bool = False
    server_version: str | None = None


class _Fault(Exception):
    def __init__(self, code: str, message: str, status: int | None = None, details: Any = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        #: a Status answer's ``details`` ({"group": "apps", "kind": "deployments"} on a 403)
        self.details = details if isinstance(details, dict) else {}


def read_objects(
    endpoint: Endpoint,
    kinds: Iterable[str],
    timeout: float = DEFAULT_TIMEOUT,
    page_size: int = PAGE_SIZE,
    workers: int = MAX_WORKERS,
    deadline: float = DEFAULT_READ_DEADLINE,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> KubeRead:
    """Read the lists the kinds need from ``endpoint``.

    ``timeout`` bounds each request from connect to the last byte;
    ``deadline`` bounds the whole read (what is left unread is an error).
    One ``/version`` request first: when the server is out of reach, the TLS
    check fails or the credentials are refused, that is one error rather than
    one per list, and the lists are not tried.
    """
    result = KubeRead()
    apis = kinds_to_read(kinds)
    context = endpoint.ssl_context()
    limits = _Limits(timeout=timeout, total=deadline, until=time.monotonic() + deadline, max_bytes=max_bytes)
    client = _Client(endpoint, context, limits)
    try:
        try:
            version = client.get_json("/version")
        except _Fault as fault:
            if fault.status not in (
                403,
                404,
            ):  # 403/404: the server took the credentials; /version is locked down
                result.errors.append(_error("k8s:connect", endpoint.server, fault, endpoint))
                return result
            version = {}
        served = _discover(client, apis)
    finally:
        client.close()
    result.connected = True
    result.server_version = str(version.get("gitVersion") or "") or None
    if not apis:
        return result
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(apis)))) as pool:
        outcomes = list(
            pool.map(lambda api: _read_kind(endpoint, context, limits, page_size, api, served), apis)
        )
    for objects, errors in outcomes:
        result.objects.extend(objects)
        result.errors.extend(errors)
    return result


@dataclass(frozen=True)
class _Limits:
    """How long one request may take, when the whole read must end, how big one answer may be."""

    timeout: float
    total: float
    until: float  # time.monotonic() at which the whole read stops
    max_bytes: int


def _discover(client: _Client, apis: list[ApiKind]) -> set[str] | None:
    """The group versions the server serves (``GET /apis``, an APIGroupList), asked
    only when a custom resource is wanted: one request answers for every CRD, where
    listing each would cost a 404 per CRD version not installed. None when not
    needed or not answered: then the lists are tried as before, 404 meaning absent."""
    if not any(api.kind in _CRD_MEANING for api in apis):
        return None
    try:
        groups = client.get_json("/apis")
    except _Fault:
        return None
    if not isinstance(groups, dict) or not isinstance(groups.get("groups"), list):
        return None
    served: set[str] = set()
    for group in groups["groups"]:
        for version in (group.get("versions") if isinstance(group, dict) else None) or []:
            if isinstance(version, dict) and version.get("groupVersion"):
                served.add(str(version["groupVersion"]))
    return served


def _read_kind(
    endpoint: Endpoint,
    context: ssl.SSLContext,
    limits: _Limits,
    page_size: int,
    api: ApiKind,
    served: set[str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    objects: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    versions = [api.api_version, *api.older]
    if served is not None and api.kind in _CRD_MEANING:
        versions = [version for version in versions if version in served]
        if not versions:  # discovery says the CRD is not installed: no request to learn it again
            fault = _Fault("NotFound", "not in the server's API discovery (/apis)", status=404)
            return objects, [_error(f"k8s:list {api.plural}", api.path, fault, endpoint, api=api)]
    client = _Client(endpoint, context, limits)
    try:
        if api.only:
            for namespace, name in api.only:
                path = api.object_path(namespace, name)
                try:
                    obj = client.get_json(path)
                except _Fault as fault:
                    if fault.status == 404:  # absent is a fact (no aws-auth with access entries)
                        continue
                    errors.append(_error(f"k8s:get {api.plural}", path, fault, endpoint, api=api))
                    continue
                objects.append(_tidy(obj, api))
        else:
            for version in versions:
                at = api.at(version)
                try:
                    items = _list(client, at, page_size)
                except _Fault as fault:
                    if fault.status == 404 and version != versions[-1]:
                        continue  # try the older version
                    errors.append(_error(f"k8s:list {api.plural}", api.path, fault, endpoint, api=api))
                    break
                objects.extend(_tidy(item, at) for item in items)
                break
    finally:
        client.close()
    return objects, errors


def _pages(
    client: _Client, api: ApiKind, page_size: int, metadata_only: bool = False
) -> tuple[list[dict[str, Any]], bool]:
    """Every kept item of a paged list, and whether they are metadata only (the
    server answered the ``metadata_only`` ask; one older than 1.15 answers in
    full). Owned objects are dropped page by page, so a list of 100,000
    ReplicaSets never sits in memory whole."""
    accept = PARTIAL_METADATA_LIST if metadata_only else "application/json"
    partial = metadata_only
    items: list[dict[str, Any]] = []
    token = ""
    seen: set[str] = set()
    restarted = False
    for _ in range(MAX_PAGES):
        query = {"limit": str(page_size)}
        if token:
            query["continue"] = token
        try:
            page = client.get_json(f"{api.path}?{urlencode(query)}", accept)
        except _Fault as fault:
            # 410 Gone: the continue token outlived etcd's compaction window;
            # start the list again once, from a fresh snapshot.
            if fault.status == 410 and token and not restarted:
                restarted, token, items, seen, partial = True, "", [], set(), metadata_only
                continue
            raise
        partial = partial and page.get("kind") == "PartialObjectMetadataList"
        items.extend(item for item in _page_items(page, api) if _kept(item, api))
        token = _continue_token(page, api)
        if not token:
            return items, partial
        if token in seen:
            # A server (or a proxy) handing back a token already followed would
            # have the reader page for ever; what was read is not the list.
            raise _Fault(
                "ContinueLoop",
                f"{api.path}: the API server returned a continue token it had already given "
                f"(after {len(seen) + 1} pages); the list was not read",
            )
        seen.add(token)
    raise _Fault("TooManyPages", f"{api.path} returned more than {MAX_PAGES} pages; the list was cut short")


def _list(client: _Client, api: ApiKind, page_size: int) -> list[dict[str, Any]]:
    """The kept objects of a kind, in full.

    For kinds of which only owner-less objects are kept (Pods, ReplicaSets,
    Jobs) the list asks for metadata only (``PartialObjectMetadataList``, as
    client-go's metadata client does): a pod's metadata is a small part of it,
    and nearly all pods have an owner. The owner-less ones are then read one
    GET each. The API has no field selector on ``ownerReferences`` (pods
    support only a few fields: name, namespace, nodeName, phase, ...) and no
    label tells an owned object, so this is the narrowest ask there is. More
    than ``MAX_SINGLE_GETS`` owner-less objects: the list is read in full
    instead, so the request count stays bounded by pages, never by objects.
    """
    if not api.ownerless:
        return _pages(client, api, page_size)[0]
    kept, partial = _pages(client, api, page_size, metadata_only=True)
    if not partial:  # a server older than 1.15 answered in full
        return kept
    if len(kept) > MAX_SINGLE_GETS:
        return _pages(client, api, page_size)[0]
    objects = []
    for item in kept:
        metadata = item.get("metadata") or {}
        path = api.object_path(str(metadata.get("namespace") or ""), str(metadata.get("name") or ""))
        try:
            obj = client.get_json(path)
        except _Fault as fault:
            if fault.status == 404:  # deleted since the list: it is not there
                continue
            raise
        if _kept(obj, api):  # not adopted by a controller since the list
            objects.append(obj)
    return objects


def _page_items(page: dict[str, Any], api: ApiKind) -> list[dict[str, Any]]:
    items = page.get("items")
    if items is None:  # an empty list may come as null
        return []
    if not isinstance(items, list):
        raise _Fault("BadResponse", f"{api.path}: the list's items is a {_json_type(items)}, not an array")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _Fault("BadResponse", f"{api.path}: items[{index}] is a {_json_type(item)}, not an object")
    return items


def _continue_token(page: dict[str, Any], api: ApiKind) -> str:
    metadata = page.get("metadata")
    token = metadata.get("continue") if isinstance(metadata, dict) else None
    if token is not None and not isinstance(token, str):
        raise _Fault("BadResponse", f"{api.path}: metadata.continue is a {_json_type(token)}, not a string")
    return token or ""


def _kept(item: dict[str, Any], api: ApiKind) -> bool:
    metadata = item.get("metadata")
    return not (api.ownerless and isinstance(metadata, dict) and metadata.get("ownerReferences"))


def _json_type(value: Any) -> str:
    names = {str: "string", bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _tidy(obj: dict[str, Any], api: ApiKind) -> dict[str, Any]:
    """List items lack apiVersion and kind; managedFields is bulk no rule reads."""
    obj["apiVersion"] = api.api_version
    obj["kind"] = api.kind
    metadata = obj.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("managedFields", None)
    return obj


class _Client:
    """One keep-alive HTTPS connection to the API server (not shared across threads)."""

    def __init__(self, endpoint: Endpoint, context: ssl.SSLContext, limits: _Limits):
        self.endpoint = endpoint
        self.context = context
        self.limits = limits
        self.timeout = limits.timeout
        url = urlsplit(endpoint.server)
        if url.scheme != "https" or not url.hostname:
            raise EksLintError(f"{endpoint.label}: the API server {endpoint.server!r} is not an https:// URL")
        self.host = url.hostname
        self.port = url.port or 443
        self.prefix = url.path.rstrip("/")
        self.connection: http.client.HTTPSConnection | None = None

    def _connect(self) -> http.client.HTTPSConnection:
        if self.connection is None:
            connection = _Connection(self.host, self.port, timeout=self.timeout, context=self.context)
            connection.server_name = self.endpoint.tls_server_name
            if self.endpoint.proxy:
                connection.proxy = self.endpoint.proxy
                if urlsplit(self.endpoint.proxy).scheme == "https":
                    connection.proxy_context = self.endpoint.proxy_ssl_context()
            self.connection = connection
        return self.connection

    def get_json(self, path: str, accept: str = "application/json") -> dict[str, Any]:
        """GET ``path``; 429/5xx with Retry-After are retried (bounded), other answers raise ``_Fault``."""
        retries = 0
        while True:
            status, retry_after, body = self._get(path, accept)
            if status == 200:
                break
            if retry_after is not None and retries < MAX_RETRIES:
                wait = min(retry_after, MAX_RETRY_WAIT)
                if time.monotonic() + wait < self.limits.until:
                    retries += 1
                    time.sleep(wait)
                    continue
            message = _status_message(body)
            details = _status_details(body)
            if retries:
                message += (
                    f" (still after {retries} retr{'y' if retries == 1 else 'ies'} honouring Retry-After)"
                )
            raise _Fault(_status_code(status, body), message, status, details)
        try:
            data = json.loads(body)
        except ValueError:
            raise _Fault("BadResponse", f"{path} did not answer JSON") from None
        if not isinstance(data, dict):
            raise _Fault("BadResponse", f"{path} did not answer a JSON object")
        return data

    def _get(self, path: str, accept: str = "application/json") -> tuple[int, float | None, bytes]:
        """One request, from connect to the last byte within the request's deadline:
        a watchdog shuts the socket when time is up, however the server dribbles."""
        now = time.monotonic()
        if now >= self.limits.until:
            raise _Fault("DeadlineExceeded", self._deadline_message())
        budget = min(self.timeout, self.limits.until - now)
        whole_read = budget < self.timeout
        headers = {"Accept": accept, "User-Agent": "eks-lint"}
        if self.endpoint.token:
            headers["Authorization"] = f"Bearer {self.endpoint.token}"
        connection = self._connect()
        watchdog = _Watchdog(connection, budget)
        try:
            connection.putrequest("GET", self.prefix + path)
            for name, value in (*headers.items(), *self.endpoint.impersonate):
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            body = self._body(response)
            if watchdog.fired:  # the socket was shut as the body ended: it may be cut short
                raise TimeoutError
        except ssl.SSLCertVerificationError as error:
            self.close()
            raise _Fault("TLSVerifyFailed", str(error.verify_message or error)) from None
        except _Fault:
            self.close()
            raise
        except (OSError, http.client.HTTPException) as error:
            answered_connect = connection.connected_once
            self.close()
            if watchdog.fired and whole_read:
                raise _Fault("DeadlineExceeded", self._deadline_message()) from None
            if watchdog.fired or isinstance(error, TimeoutError):
                if answered_connect:
                    raise _Fault("Timeout", f"no complete answer in {self.timeout:g} s") from None
                raise _Fault("Unreachable", f"connect timed out after {self.timeout:g} s") from None
            if isinstance(error, ProxyError):
                raise _Fault("ProxyFailed", str(error)) from None
            if self.endpoint.proxy and not answered_connect:
                raise _Fault("ProxyFailed", f"{type(error).__name__}: {error}") from None
            if isinstance(error, socket.gaierror):
                raise _Fault("NameNotResolved", f"{self.host}: {error.strerror or error}") from None
            raise _Fault("Unreachable", f"{type(error).__name__}: {error}") from None
        finally:
            watchdog.cancel()
        return response.status, _retry_after(response), body

    def _body(self, response: http.client.HTTPResponse) -> bytes:
        """The body, refused past ``max_bytes`` (announced or counted), one socket read at a time."""
        limit = self.limits.max_bytes
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > limit:
            raise _Fault("ResponseTooLarge", _too_large(int(length), limit))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = response.read1(1 << 16)
            if not chunk:
                if response.length:  # read1 takes an early end quietly; it is not the answer
                    raise http.client.IncompleteRead(b"", response.length)
                response.read()  # marks the response done, so the connection is reused
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise _Fault("ResponseTooLarge", _too_large(None, limit))
            chunks.append(chunk)

    def _deadline_message(self) -> str:
        total = self.limits.total
        return f"the whole read of the cluster passed its {total:g} s deadline; the rest was not read"

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _too_large(length: int | None, limit: int) -> str:
    size = f"of {length:,} bytes " if length is not None else ""
    return f"the answer {size}is over the {limit // (1024 * 1024)} MiB a response may take; it was not read"


def _retry_after(response: http.client.HTTPResponse) -> float | None:
    """Seconds to wait before a retry, when the server asked for one (client-go's
    checkWait: 429 or 5xx, an integer Retry-After)."""
    if response.status != 429 and response.status < 500:
        return None
    value = (response.getheader("Retry-After") or "").strip()
    return float(value) if value.isdigit() else None


class _Watchdog:
    """Shuts a connection's socket when a request's time is up.

    A socket timeout bounds each read, not the request: a server sending one
    byte a second would hold the reader for ever. Shutting the socket down from
    this thread makes the blocked read return at once.
    """

    def __init__(self, connection: http.client.HTTPConnection, seconds: float):
        self.fired = False
        self._connection = connection
        self._done = threading.Event()
        threading.Thread(target=self._run, args=(seconds,), daemon=True, name="eks-lint-k8s-deadline").start()

    def _run(self, seconds: float) -> None:
        if self._done.wait(seconds):
            return
        self.fired = True
        while not self._done.is_set():
            sock = getattr(self._connection, "tcp", None) or self._connection.sock
            if sock is not None:
                try:
                    # The plain socket's shutdown, not SSLSocket's (which also
                    # tears down the TLS object under the reading thread).
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            self._done.wait(0.05)  # still connecting: the socket appears in a moment

    def cancel(self) -> None:
        self._done.set()


class _Connection(http.client.HTTPSConnection):
    """HTTPS to the API server, directly or through a proxy (``open_tunnel``), with
    an optional TLS server name that differs from the host (kubeconfig
    tls-server-name), and a flag telling a connect timeout from a slow answer.

    ``tcp`` is the socket the watchdog shuts: through an https:// proxy the
    API server's TLS runs inside the proxy's (urllib3's SSLTransport, as
    urllib3 does for its own https proxies), which is no socket to shut."""

    server_name: str | None = None
    proxy: str | None = None
    proxy_context: ssl.SSLContext | None = None
    tcp: socket.socket | None = None
    connected_once = False

    def connect(self) -> None:
        host = self.server_name or self.host
        if self.proxy is None:
            http.client.HTTPConnection.connect(self)  # TCP
            self.sock = self._context.wrap_socket(self.sock, server_hostname=host)  # type: ignore[attr-defined]
            self.tcp = self.sock  # wrapping took the plain socket's descriptor over
        else:
            tunnel = open_tunnel(self.proxy, self.host, self.port, self.timeout, self.proxy_context)
            if isinstance(tunnel, ssl.SSLSocket):
                self.tcp = tunnel
                from urllib3.util.ssltransport import SSLTransport

                try:
                    self.sock = SSLTransport(tunnel, self._context, server_hostname=host)  # type: ignore[attr-defined,assignment]
                except BaseException:
                    tunnel.close()
                    raise
            else:
                self.sock = self.tcp = self._context.wrap_socket(tunnel, server_hostname=host)  # type: ignore[attr-defined]
        self.connected_once = True

    def close(self) -> None:
        super().close()
        if self.tcp is not None:
            self.tcp.close()
            self.tcp = None


_STATUS_CODES = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    429: "TooManyRequests",
    504: "Timeout",
}


def _status_code(status: int, body: bytes) -> str:
    if status in _STATUS_CODES:
        return _STATUS_CODES[status]
    try:
        reason = json.loads(body).get("reason")
    except (ValueError, AttributeError):
        reason = None
    return str(reason) if reason else f"HTTP{status}"


def _status_message(body: bytes) -> str:
    """The server's message, on one line of printable text (it ends up in a snapshot and on stderr)."""
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        message = None
    if message is None and _is_html(body):  # a proxy's or load balancer's error page
        return "an HTML page, not a Kubernetes API answer"
    text = str(message or body[:200].decode("utf-8", "replace"))
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= 300 else text[:297] + "..."


def _status_details(body: bytes) -> dict[str, Any]:
    try:
        details = json.loads(body).get("details")
    except (ValueError, AttributeError):
        return {}
    return details if isinstance(details, dict) else {}


def _is_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<title>" in head and b"</title>" in head)


def _error(
    operation: str,
    target: str,
    fault: _Fault,
    endpoint: Endpoint,
    api: ApiKind | None = None,
) -> dict[str, Any]:
    """A snapshot ``errors`` entry. ``part: kubernetes`` marks a failed read:
    what the rules need is missing or incomplete (so the run cannot pass as
    complete). ``kind`` marks a kind whose objects are unknown (a list that
    failed), so the engine skips the rules that read it rather than let them
    judge on half the cluster. A 404 (the API is not served) means there are
    none: a note, not a failed read."""
    verb = operation.split(":", 1)[-1].split(" ", 1)[0] if api is not None else "get"
    error: dict[str, Any] = {
        "operation": operation,
        "target": target,
        "code": fault.code,
        "message": explain(fault, endpoint, api, verb),
    }
    if fault.status != 404 or api is None:
        error["part"] = "kubernetes"
    if api is not None and fault.status != 404:
        error["kind"] = api.kind
    return error


#: The API server's own words in a 403 (k8s.io/apiserver authorization/responsewriters):
#: ``User "x" cannot list resource "deployments" in API group "apps" at the cluster scope``.
_FORBIDDEN = re.compile(r'cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?')


def _forbidden_action(fault: _Fault, api: ApiKind | None, verb: str) -> str:
    """``list deployments in API group apps``: the verb and resource of a 403, from the
    Status answer when it says them, else from the request that was refused."""
    said = _FORBIDDEN.search(fault.message)
    if said:
        verb, resource, group = said.group(1), said.group(2), said.group(3) or ""
    else:
        resource = str(fault.details.get("kind") or (api.plural if api else "/version"))
        group = str(fault.details.get("group") or (api.api_version.rpartition("/")[0] if api else ""))
    where = f"in API group {group}" if group else "in the core API group"
    return f"{verb} {resource} {where}"


def explain(fault: _Fault, endpoint: Endpoint, api: ApiKind | None = None, verb: str = "list") -> str:
    """One line: what happened, the likely cause, the fix."""
    server = endpoint.server
    what = f"{api.plural} ({api.api_version})" if api else server
    hint = f" {endpoint.hint}" if endpoint.hint else ""
    if fault.code == "Unreachable":
        return (
            f"cannot connect to {server} ({fault.message}): the endpoint is private-only or a firewall, "
            f"security group or public access CIDR list blocks this machine;{hint} run from inside the "
            "cluster's VPC, or reach it through a proxy or bastion with --kubeconfig"
        )
    if fault.code == "ProxyFailed":
        proxy = without_credentials(endpoint.proxy or "")
        return (
            f"cannot reach {server} through the proxy {proxy} (from {endpoint.proxy_origin}): "
            f"{fault.message}; check that proxy, or exempt the server with NO_PROXY"
        )
    if fault.code == "NameNotResolved":
        return (
            f"cannot resolve {fault.message} for {server}: a private endpoint's name resolves only "
            "inside the cluster's VPC; run from there, or set HTTPS_PROXY to the proxy this network "
            "uses to reach it"
        )
    if fault.code == "Timeout":
        return (
            f"{what}: {fault.message}: the API server or the network is slow; "
            "raise --timeout or run closer to the cluster"
        )
    if fault.code == "DeadlineExceeded":
        return (
            f"{what}: {fault.message}: the API server or the network is too slow for this cluster's "
            "size; run closer to the cluster, or --select fewer rules so fewer lists are read"
        )
    if fault.code == "TooManyRequests":
        return (
            f"{what}: the API server is throttling (429: {fault.message}); "
            "run again later, or when fewer clients are listing"
        )
    if fault.code in ("ContinueLoop", "ResponseTooLarge", "BadResponse", "TooManyPages"):
        return (
            f"{what}: {fault.message}: the API server (or a proxy in front of it) answered "
            "what no Kubernetes API server sends; nothing from this list was kept"
        )
    if fault.code == "TLSVerifyFailed":
        return (
            f"TLS verification of {server} failed ({fault.message}): the certificate does not match the "
            "cluster's certificate authority (a TLS-intercepting proxy, or the wrong CA in the kubeconfig); "
            "fix the CA or reach the cluster without the intercepting proxy"
        )
    if fault.code == "Unauthorized":
        return (
            f"{server} refused the credentials of {endpoint.who()} (401: {fault.message}): that "
            "principal has no access entry (or aws-auth mapping) in this cluster, or the token expired; "
            "add an access entry for it, or pass --kubeconfig with working credentials"
        )
    if fault.code == "Forbidden":
        action = _forbidden_action(fault, api, verb)
        return (
            f"{endpoint.who()} may not {action} (403: {fault.message}): grant {action.split(' ')[0]} "
            f"on {action.split(' ')[1]} to it (an access policy such as AmazonEKSAdminViewPolicy, or a "
            "ClusterRole bound to its group); rules reading them run without them"
        )
    if fault.code == "NotFound" and api is not None:
        meaning = _CRD_MEANING.get(api.kind)
        if meaning:
            return f"{api.api_version} is not served (no {api.kind} CRD): {meaning}; nothing to read"
        return f"{api.path} is not served by this API server (404): it is older than {api.api_version}"
    return f"{what}: {fault.code}: {fault.message}"


def _load_client_cert(context: ssl.SSLContext, cert_pem: str, key_pem: str, label: str) -> None:
    # ssl only loads a client certificate from files: write them to a private
    # temporary folder for the moment it takes.
    with tempfile.TemporaryDirectory(prefix="eks-lint-") as folder:
        cert_file = Path(folder, "client.crt")
        key_file = Path(folder, "client.key")
        for path, text in ((cert_file, cert_pem), (key_file, key_pem)):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
        try:
            context.load_cert_chain(str(cert_file), str(key_file))
        except ssl.SSLError as error:
            raise EksLintError(f"{label}: the client certificate or key is not valid: {error}") from None


# --- the collector's hook ---------------------------------------------------------


def kinds_for(rules: Iterable[Any]) -> list[str]:
    """The kinds the selected rules read (``Rule`` records or loaded rules)."""
    kinds: set[str] = set()
    for rule in rules:
        meta = getattr(rule, "meta", rule)
        kinds.update(meta.kinds)
    return sorted(kinds)


def add_live_objects(
    snapshot: dict[str, Any],
    rules: Iterable[Any],
    *,
    session: Any = None,
    kubeconfig: str | None = None,
    context: str | None = None,
    timeout: float | None = None,
    single_cluster: bool = True,
    deadline: float = DEFAULT_READ_DEADLINE,
) -> KubeRead | None:
    """Read the cluster's Kubernetes objects into ``snapshot["kubernetes"]``, faults into its ``errors``.

    The collector calls this once per cluster, after DescribeCluster. Without
    a kubeconfig the token is minted from ``session``'s AWS credentials; with
    ``--kubeconfig`` and no ``--context``, the context whose server is the
    cluster's endpoint is used (the current context when only one cluster is
    read). ``kubernetes`` stays absent when the API server could not be used,
    so the rules that need objects are skipped with the reason.
    """
    if context and not single_cluster:
        raise EksLintError("--context names one kubeconfig context: give a single --cluster with it")
    kinds = kinds_for(rules)
    if not kinds:
        return None
    timeout = timeout or DEFAULT_TIMEOUT
    cluster = snapshot.get("cluster") or {}
    errors = snapshot.setdefault("errors", [])
    try:
        if kubeconfig or context:
            endpoint = endpoint_from_kubeconfig(
                kubeconfig, context, timeout, server=cluster.get("endpoint"), fallback=single_cluster
            )
        else:
            if not cluster.get("name"):
                return None
            from eks_lint.sources.eks_token import get_token

            endpoint = endpoint_for_cluster(cluster, "")
            endpoint.token = get_token(cluster["name"], session, snapshot.get("region"))
            endpoint.identity, endpoint.resolve_identity = _aws_identity(session, snapshot.get("region"))
        if endpoint.proxy is None:  # no kubeconfig proxy-url: HTTPS_PROXY / NO_PROXY, as kubectl
            found = proxy_from_environment(endpoint.server)
            if found is not None:
                check_proxy(*found)
                endpoint.proxy, endpoint.proxy_origin = found
    except _NoEndpoint as problem:
        errors.append(
            {
                "operation": "k8s:connect",
                "target": problem.target,
                "code": problem.code,
                "message": str(problem),
                "part": "kubernetes",
            }
        )
        return None
    snapshot["kubernetes_access"] = endpoint.access()
    read = read_objects(endpoint, kinds, timeout=timeout, deadline=deadline)
    if read.connected:
        snapshot["kubernetes"] = read.objects
    errors.extend(read.errors)
    return read


def _aws_identity(session: Any, region: str | None) -> tuple[str, Callable[[], str | None]]:
    """How messages name the IAM principal behind an EKS token: where its AWS
    credentials came from now, and its ARN (one STS GetCallerIdentity, read-only)
    only if a 401 or 403 has to say who was refused."""
    import botocore.session

    botocore_session = getattr(session, "_session", session) or botocore.session.get_session()
    try:
        credentials = botocore_session.get_credentials()
    except Exception:  # broken SSO or process credentials: get_token already said so
        credentials = None
    method = getattr(credentials, "method", None) or "the default chain"
    profile = botocore_session.get_config_variable("profile")
    origin = f"AWS credentials from {method}" + (f", profile {profile}" if profile else "")

    def resolve() -> str | None:
        try:
            arn = botocore_session.create_client("sts", region_name=region).get_caller_identity()["Arn"]
        except Exception:  # the refusal is the news; who it was is a courtesy
            return None
        return f"the IAM principal {arn} ({origin})"

    return f"the IAM principal of the {origin}", resolve


class _NoEndpoint(EksLintError):
    """The cluster has no API server to talk to (yet), or no kubeconfig context for it."""

    def __init__(self, message: str, target: str, code: str):
        super().__init__(message)
        self.target = target
        self.code = code


# --- EKS: endpoint and CA from DescribeCluster ---------------------------------


def endpoint_for_cluster(cluster: dict[str, Any], token: str) -> Endpoint:
    """The API server of a DescribeCluster ``cluster`` shape, with a bearer token."""
    name = str(cluster.get("name") or "")
    server = cluster.get("endpoint")
    ca_data = (cluster.get("certificateAuthority") or {}).get("data")
    if not server or not ca_data:
        status = cluster.get("status") or "unknown"
        raise _NoEndpoint(
            f"cluster {name}: DescribeCluster gives no endpoint or CA (status {status}); "
            "wait until it is ACTIVE",
            name,
            "NoEndpoint",
        )
    endpoint = Endpoint(server=server, ca_pem=None, token=token, name=name, hint=_access_hint(cluster))
    try:
        endpoint.ca_pem = base64.b64decode(ca_data).decode("ascii")
        endpoint.ssl_context()
    except (ValueError, EksLintError):
        raise _NoEndpoint(
            f"cluster {name}: certificateAuthority.data from DescribeCluster is not a base64 PEM "
            "certificate, so the API server cannot be verified; nothing was read from it",
            name,
            "BadCertificateAuthority",
        ) from None
    return endpoint


def _access_hint(cluster: dict[str, Any]) -> str:
    vpc = cluster.get("resourcesVpcConfig") or {}
    if vpc.get("endpointPublicAccess") is False:
        return "this cluster's public endpoint is off (endpointPublicAccess: false);"
    cidrs = vpc.get("publicAccessCidrs") or []
    if cidrs and "0.0.0.0/0" not in cidrs:
        return f"its public endpoint only admits {', '.join(cidrs)};"
    return ""


# --- kubeconfig -----------------------------------------------------------------


@dataclass
class Kubeconfig:
    """Kubeconfig files merged as kubectl merges them, and how messages name them.

    kubectl's rules (k8s.io/client-go/tools/clientcmd, "Merging kubeconfig files"
    in https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/):
    ``--kubeconfig`` means that one file only; else each file of ``$KUBECONFIG``
    in order (missing ones skipped, repeats read once), else ``~/.kube/config``.
    The first file to set ``current-context`` wins; contexts, clusters and
    users are merged by name, the first file to define a name wins.
    """

    label: str  # "--kubeconfig k.yaml", "KUBECONFIG a.yaml:b.yaml", "kubeconfig ~/.kube/config"
    files: list[Path] = field(default_factory=list)  # the files really read
    current_context: str | None = None
    #: section ("contexts", "clusters", "users") -> name -> (body, file that defined it)
    entries: dict[str, dict[Any, tuple[dict[str, Any], Path]]] = field(default_factory=dict)
    explicit: bool = False  # --kubeconfig was given

    def where(self, file: Path | None = None) -> str:
        """The prefix of a message about ``file`` (or the whole merged config)."""
        if file is None or self.explicit:
            return self.label
        origin = " (from KUBECONFIG)" if self.label.startswith("KUBECONFIG") else ""
        return f"kubeconfig {file}{origin}"

    def named(self, section: str, name: Any, what: str) -> tuple[dict[str, Any], Path]:
        found = self.entries.get(section, {}).get(name)
        if found is None:
            raise EksLintError(f"{self.where()}: no {what} named {name!r}")
        return found


def kubeconfig_files(path: str | None, environ: dict[str, str] | None = None) -> tuple[list[Path], str, bool]:
    """The files to read in order, the label messages use, and whether the
    user named the file (``--kubeconfig``)."""
    if path:
        return [Path(path)], f"--kubeconfig {path}", True
    env = (os.environ if environ is None else environ).get("KUBECONFIG", "")
    listed: list[Path] = []
    for item in env.split(os.pathsep):
        if item and Path(item) not in listed:
            listed.append(Path(item))
    if listed:
        return listed, f"KUBECONFIG {env}", False
    default = Path.home() / ".kube" / "config"
    return [default], f"kubeconfig {default}", False


def default_kubeconfig() -> str:
    """The first file of $KUBECONFIG, else ~/.kube/config (where a single file is wanted)."""
    return str(kubeconfig_files(None)[0][0])


def load_kubeconfig(path: str | None = None) -> Kubeconfig:
    """Read and merge the kubeconfig files kubectl would read (see ``Kubeconfig``)."""
    files, label, explicit = kubeconfig_files(path)
    merged = Kubeconfig(label=label, explicit=explicit, entries={"contexts": {}, "clusters": {}, "users": {}})
    problems: list[str] = []
    for file in files:
        try:
            if not os.path.lexists(file):
                raise FileProblem("No such file or directory")
            text = read_regular_file(str(file), MAX_KUBECONFIG_BYTES).decode("utf-8")
        except UnicodeDecodeError:
            raise EksLintError(f"{merged.where(file)}: not UTF-8 text") from None
        except FileProblem as error:
            if explicit or len(files) == 1:
                raise EksLintError(f"{merged.where(file)}: {error}") from None
            problems.append(f"{file}: {error}")
            continue  # kubectl skips a $KUBECONFIG file that is not there
        config = _parse_kubeconfig(text, merged.where(file))
        merged.files.append(file)
        if merged.current_context is None and config.get("current-context"):
            merged.current_context = str(config["current-context"])
        for section, what in (("contexts", "context"), ("clusters", "cluster"), ("users", "user")):
            for entry in config.get(section) or []:
                if not isinstance(entry, dict) or "name" not in entry:
                    continue
                body = entry.get(what)
                body = body if isinstance(body, dict) else {}
                merged.entries[section].setdefault(entry["name"], (body, file))
    if not merged.files:
        raise EksLintError(f"{label}: no file could be read ({'; '.join(problems)})")
    return merged


def _parse_kubeconfig(text: str, where: str) -> dict[str, Any]:
    """One kubeconfig file's YAML, through the one YAML loader (bounded; its
    messages never quote the file's text, which may hold a token)."""
    try:
        config = load_one(text).data
    except YamlProblem as problem:
        raise EksLintError(f"{where}:{problem.line}:{problem.column}: {problem}") from None
    if not isinstance(config, dict):
        raise EksLintError(f"{where}: not a kubeconfig")
    return config


def endpoint_from_kubeconfig(
    path: str | None,
    context: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    server: str | None = None,
    fallback: bool = True,
) -> Endpoint:
    """The server and credentials of a kubeconfig context (default: its current-context).

    Supports what EKS users meet: CA data or file, a token or token file,
    client certificates (data or files), an ``exec`` credential plugin
    (``aws eks get-token``, aws-iam-authenticator, anything printing an
    ExecCredential), ``insecure-skip-tls-verify``, ``tls-server-name`` and an
    http ``proxy-url``. ``path`` None reads ``$KUBECONFIG`` (merged) or ~/.kube/config.
    """
    config = load_kubeconfig(path)
    name = context or _context_for_server(config, server) or (fallback and config.current_context)
    if not name and server and not fallback:
        raise _NoEndpoint(
            f"{config.where()}: no context points at {server}; read one cluster at a time with --context",
            server,
            "NoContext",
        )
    if not name:
        raise EksLintError(f"{config.where()}: no current-context; pass --context NAME")
    ctx, _ = config.named("contexts", name, "context")
    cluster, cluster_file = config.named("clusters", ctx.get("cluster"), "cluster")
    user, user_file = ({}, cluster_file)
    if ctx.get("user"):
        user, user_file = config.named("users", ctx.get("user"), "user")
    # Relative paths are relative to the file that defined the entry, as kubectl resolves them.
    at_cluster, at_user = config.where(cluster_file), config.where(user_file)
    server = cluster.get("server")
    if not server:
        raise EksLintError(f"{at_cluster}: cluster {ctx.get('cluster')!r} has no server")
    proxy = cluster.get("proxy-url")
    if proxy:
        check_proxy(str(proxy), f"{at_cluster}: cluster {ctx.get('cluster')!r} proxy-url")
    insecure = cluster.get("insecure-skip-tls-verify") is True  # as kubectl: a YAML true, not "yes"
    endpoint = Endpoint(
        server=str(server),
        ca_pem=_data_or_file(cluster, "certificate-authority", cluster_file.parent, at_cluster),
        insecure=insecure,
        insecure_origin=f"{at_cluster}: cluster {ctx.get('cluster')!r}" if insecure else "",
        tls_server_name=cluster.get("tls-server-name"),
        proxy=str(proxy) if proxy else None,
        proxy_origin="proxy-url" if proxy else "",
        name=f"context {name}",
    )
    base = user_file.parent
    endpoint.token = user.get("token")
    source = "its token" if endpoint.token else "no credentials"
    if not endpoint.token and user.get("tokenFile"):
        token_file = _resolve(user["tokenFile"], base)
        endpoint.token = _read(token_file, at_user).strip()
        source = f"its tokenFile {token_file}"
    endpoint.client_cert_pem = _data_or_file(user, "client-certificate", base, at_user)
    endpoint.client_key_pem = _data_or_file(user, "client-key", base, at_user)
    if endpoint.client_cert_pem and not endpoint.token:
        source = "its client certificate"
    if user.get("exec") and not endpoint.token:
        source = f"the exec plugin {_plugin_command(user['exec'])}"
        status = _run_exec_plugin(user["exec"], cluster, at_user, timeout)
        endpoint.token = status.get("token")
        endpoint.client_cert_pem = status.get("clientCertificateData") or endpoint.client_cert_pem
        endpoint.client_key_pem = status.get("clientKeyData") or endpoint.client_key_pem
    named_user = f"{at_user}: user {ctx.get('user')!r}"
    if user.get("auth-provider") and not endpoint.token:
        endpoint.token = _auth_provider_token(user["auth-provider"], named_user)
        source = "its oidc auth-provider's id-token"
    endpoint.impersonate = _impersonation(user, named_user)
    endpoint.identity = f"user {ctx.get('user')!r} of {at_user} ({source})"
    if endpoint.impersonate:
        endpoint.identity += f" impersonating {impersonated(endpoint.impersonate)}"
    return endpoint


def _auth_provider_token(provider: Any, where: str) -> str:
    """The ``id-token`` of an ``oidc`` auth-provider, as kubectl's oidc plugin
    sends it while it is valid. Refreshing an expired one means calling the
    identity provider and writing the new token into the kubeconfig, which a
    read-only tool does not do: the user is told how instead. Other providers
    (gcp, azure: removed from kubectl) are refused in one line."""
    name = provider.get("name") if isinstance(provider, dict) else None
    config = provider.get("config") if isinstance(provider, dict) else None
    if name != "oidc":
        raise EksLintError(
            f"{where} uses the {name!r} auth-provider plugin, which eks-lint does not run (kubectl no "
            "longer does either, except oidc); use an exec credential plugin or a token"
        )
    token = config.get("id-token") if isinstance(config, dict) else None
    if not isinstance(token, str) or not token:
        raise EksLintError(
            f"{where}: its oidc auth-provider has no id-token yet; run 'kubectl get nodes' once to log "
            "in, or use an exec credential plugin (kubelogin)"
        )
    expires = _jwt_expiry(token)
    if expires is None:
        raise EksLintError(f"{where}: its oidc id-token is not a JWT with an expiry (exp)")
    if expires <= time.time():
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(expires))
        raise EksLintError(
            f"{where}: its oidc id-token expired at {stamp}; eks-lint does not refresh it (that writes "
            "the kubeconfig): run 'kubectl get nodes' once to refresh it, or use an exec credential "
            "plugin (kubelogin)"
        )
    return token


def _jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, read without verifying it (the API server
    verifies the token; this only avoids sending one known to be expired)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    expiry = payload.get("exp") if isinstance(payload, dict) else None
    return float(expiry) if isinstance(expiry, (int, float)) and not isinstance(expiry, bool) else None


def _impersonation(user: dict[str, Any], where: str) -> list[tuple[str, str]]:
    """The Impersonate-* headers kubectl sends for a kubeconfig user's ``as``,
    ``as-uid``, ``as-groups`` and ``as-user-extra``. Groups, a UID or extras
    without a user are refused, as the API server refuses them."""
    from urllib.parse import quote

    name, uid, groups, extra = (user.get(key) for key in ("as", "as-uid", "as-groups", "as-user-extra"))
    if name is None and uid is None and not groups and not extra:
        return []
    if not isinstance(name, str) or not name:
        raise EksLintError(
            f"{where}: as-uid, as-groups or as-user-extra needs 'as' (the user to impersonate)"
        )
    headers = [("Impersonate-User", name)]
    if uid is not None:
        if not isinstance(uid, str):
            raise EksLintError(f"{where}: as-uid must be a string")
        headers.append(("Impersonate-Uid", uid))
    if groups is not None and (not isinstance(groups, list) or not all(isinstance(g, str) for g in groups)):
        raise EksLintError(f"{where}: as-groups must be a list of group names")
    headers += [("Impersonate-Group", group) for group in groups or []]
    if extra is not None and not isinstance(extra, dict):
        raise EksLintError(f"{where}: as-user-extra must map keys to lists of values")
    for key, values in (extra or {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise EksLintError(f"{where}: as-user-extra {key!r} must be a list of strings")
        # the key goes in a header name: escaped as client-go escapes it
        headers += [(f"Impersonate-Extra-{quote(str(key), safe='')}", value) for value in values]
    for header, value in headers:
        if any(char in value for char in "\r\n\0"):
            raise EksLintError(f"{where}: {header} holds a line break")
    return headers


def impersonated(headers: list[tuple[str, str]]) -> str:
    """``'jane' (groups developers, ops)``: who a read impersonates, for messages."""
    user = next((value for name, value in headers if name == "Impersonate-User"), "")
    groups = [value for name, value in headers if name == "Impersonate-Group"]
    return f"{user!r}" + (f" (groups {', '.join(groups)})" if groups else "")


def _plugin_command(spec: Any) -> str:
    """``'aws eks get-token --cluster-name prod'``: the command line a user would
    recognise, scrubbed of anything shaped like a secret (an argument may carry one)."""
    import shlex

    from eks_lint.sources.redact import scrub_text

    if not isinstance(spec, dict):
        return "''"
    argv = [str(spec.get("command") or ""), *[str(a) for a in spec.get("args") or []]]
    text = scrub_text(shlex.join(argv))
    return repr(text if len(text) <= 160 else text[:157] + "...")


def _yaml_where(error: Exception) -> str:
    """Where a YAML error is and what it is, never the text of the line: a
    kubeconfig's broken line is often the one holding the token."""
    mark = getattr(error, "problem_mark", None)
    problem = str(getattr(error, "problem", "") or "")
    # PyYAML quotes the characters it found ('\t', an alias name): keep single characters only.
    problem = re.sub(r"'[^']{2,}'", "'...'", problem)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{where}: {problem}" if problem else where


def _context_for_server(config: Kubeconfig, server: str | None) -> str | None:
    if not server:
        return None
    servers = {
        name: str(body.get("server") or "").rstrip("/").lower()
        for name, (body, _) in config.entries["clusters"].items()
    }
    for name, (body, _) in config.entries["contexts"].items():
        if servers.get(body.get("cluster")) == server.rstrip("/").lower():
            return str(name)
    return None


def _resolve(value: str, base: Path) -> Path:
    path = Path(os.path.expanduser(value))
    return path if path.is_absolute() else base / path


def _read(path: Path, where: str) -> str:
    try:
        return read_regular_file(str(path), MAX_KUBECONFIG_BYTES).decode("utf-8")
    except (EksLintError, UnicodeDecodeError) as error:
        raise EksLintError(f"{where}: {path}: {error}") from None


def _data_or_file(section: dict[str, Any], key: str, base: Path, where: str) -> str | None:
    data = section.get(f"{key}-data")
    if data:
        try:
            return base64.b64decode(data).decode("ascii")
        except ValueError:
            raise EksLintError(f"{where}: {key}-data is not base64 PEM") from None
    if section.get(key):
        return _read(_resolve(str(section[key]), base), where)
    return None


def _run_exec_plugin(
    spec: dict[str, Any], cluster: dict[str, Any], where: str, timeout: float
) -> dict[str, Any]:
    """Run a client-go exec credential plugin and return its ExecCredential status.

    https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
    """
    command = spec.get("command")
    if not command:
        raise EksLintError(f"{where}: exec plugin without a command")
    api_version = spec.get("apiVersion") or "client.authentication.k8s.io/v1"
    if spec.get("interactiveMode") == "Always":
        # client-go runs such a plugin only with a terminal on stdin; eks-lint
        # never gives it one (a CI job would wait for ever on a prompt).
        raise EksLintError(
            f"{where}: credential plugin {command!r} asks for a terminal (interactiveMode: Always) "
            "and eks-lint never prompts: log in with it first in your shell, or use a plugin "
            "that can run without a terminal"
        )
    env = dict(os.environ)
    for item in spec.get("env") or []:
        if isinstance(item, dict) and "name" in item:
            env[str(item["name"])] = str(item.get("value", ""))
    exec_info: dict[str, Any] = {
        "apiVersion": api_version,
        "kind": "ExecCredential",
        "spec": {"interactive": False},
    }
    if spec.get("provideClusterInfo"):
        exec_info["spec"]["cluster"] = {
            "server": cluster.get("server"),
            "certificate-authority-data": cluster.get("certificate-authority-data"),
        }
    env["KUBERNETES_EXEC_INFO"] = json.dumps(exec_info)
    argv = [str(command), *[str(a) for a in spec.get("args") or []]]
    try:
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,  # interactive: false, as told in KUBERNETES_EXEC_INFO
            capture_output=True,
            text=True,
            timeout=max(timeout, 30.0),
            check=False,
        )
    except FileNotFoundError:
        hint = f" ({spec['installHint'].strip()})" if spec.get("installHint") else ""
        raise EksLintError(f"{where}: credential plugin {command!r} not found{hint}") from None
    except subprocess.TimeoutExpired:
        raise EksLintError(f"{where}: credential plugin {command!r} did not finish") from None
    if done.returncode != 0:
        from eks_lint.sources.redact import scrub_text

        last = scrub_text((done.stderr.strip().splitlines() or ["no message"])[-1])
        raise EksLintError(f"{where}: credential plugin {command!r} failed (exit {done.returncode}): {last}")
    try:
        status = json.loads(done.stdout).get("status") or {}
    except (ValueError, AttributeError):
        raise EksLintError(
            f"{where}: credential plugin {command!r} did not print an ExecCredential"
        ) from None
    if not isinstance(status, dict) or not (status.get("token") or status.get("clientCertificateData")):
        raise EksLintError(f"{where}: credential plugin {command!r} gave no token or certificate")
    return status
