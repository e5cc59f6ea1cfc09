"""A small fake Kubernetes API server on 127.0.0.1 with its own test CA.

It serves recorded lists in pages (``limit`` / ``continue``), single objects,
and ``/version``; checks the bearer token (or a client certificate); and can
answer a path with 401, 403, 404 or slowly. Every request is recorded so
tests can assert what was (and was not) asked for.

Faults a real network or a broken server produces are served on request: a
body drip-fed a byte at a time, a body far larger than any list, continue
tokens that cycle, raw JSON of any shape, 429 with ``Retry-After``.
``run_bounded`` is the harness's wall-clock bound: a reader that hangs fails
the test in seconds instead of stalling CI.
"""

from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import select
import socket
import ssl
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN = "k8s-aws-v1.test-token"
#: The user a 403 names (EKS maps an IAM principal to such a name through its access entry).
FORBIDDEN_USER = "arn:aws:sts::123456789012:assumed-role/ci-readonly/session"
#: The API server's name that does not resolve on this machine, only through ConnectProxy.
PROXIED_NAME = "prod.eks.test"


def is_eks_token(token: str) -> bool:
    """What the API server's authenticator checks before calling STS: a
    presigned GetCallerIdentity URL, 60 s, whose signature covers x-k8s-aws-id
    (the header's value, the cluster name, is signed, not in the URL)."""
    if not token.startswith("k8s-aws-v1.") or token.endswith("="):
        return False
    body = token.removeprefix("k8s-aws-v1.")
    url = urlsplit(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode())
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    return (
        url.scheme == "https"
        and str(url.hostname).startswith("sts.")
        and query.get("Action") == "GetCallerIdentity"
        and query.get("X-Amz-Expires") == "60"
        and "x-k8s-aws-id" in query.get("X-Amz-SignedHeaders", "").split(";")
        and bool(query.get("X-Amz-Signature"))
    )


@dataclass
class Issued:
    cert_pem: str
    key_pem: str


@dataclass
class TestPki:
    ca: Issued
    server: Issued
    client: Issued
    other_ca: Issued  # a CA that signed nothing the server presents


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> Issued:
    return Issued(
        cert.public_bytes(serialization.Encoding.PEM).decode(),
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
    )


def _ca(common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * 30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _leaf(common_name: str, ca: tuple[x509.Certificate, ec.EllipticCurvePrivateKey], server: bool) -> Issued:
    ca_cert, ca_key = ca
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * 30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    # a name only ConnectProxy resolves (RFC 2606 .test): reachable through it alone
                    x509.DNSName(PROXIED_NAME),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        ).add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return _pem(builder.sign(ca_key, hashes.SHA256()), key)


def make_pki() -> TestPki:
    ca = _ca("eks-lint test CA")
    other = _ca("some other CA")
    return TestPki(
        ca=_pem(*ca),
        server=_leaf("kube-apiserver", ca, server=True),
        client=_leaf("eks-lint-tester", ca, server=False),
        other_ca=_pem(*other),
    )


@dataclass
class FakeApiServer:
    """Configure, then ``start()``; ``url`` is ``https://127.0.0.1:<port>``."""

    pki: TestPki
    token: str | None = TOKEN
    #: instead of one fixed token: a test of the bearer token (an EKS token minted at run time)
    token_check: Callable[[str], bool] | None = None
    require_client_cert: bool = False
    #: list path (``/apis/apps/v1/deployments``) -> items, served in pages
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: object path -> object
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: path -> HTTP status to answer instead (401, 403, 404, 410, 500)
    statuses: dict[str, int] = field(default_factory=dict)
    #: path -> the Status message of that answer, instead of the usual one
    messages: dict[str, str] = field(default_factory=dict)
    #: list path -> statuses to answer, one per request that carries a continue token
    continue_statuses: dict[str, list[int]] = field(default_factory=dict)
    #: path -> seconds to wait before answering
    slow: dict[str, float] = field(default_factory=dict)
    #: path -> seconds between bytes: headers at once, then the body a byte at a time
    drip: dict[str, float] = field(default_factory=dict)
    #: path -> (bytes, announced): a body of that many bytes, with a Content-Length or without
    oversize: dict[str, tuple[int, bool]] = field(default_factory=dict)
    #: list path -> continue tokens handed out in turn, one per page, for ever
    continue_cycle: dict[str, list[str]] = field(default_factory=dict)
    #: path -> HTTP status answered with an HTML error page (what a proxy or load balancer sends)
    html: dict[str, int] = field(default_factory=dict)
    #: path -> the JSON answered as is (a list whose items is a string, say)
    raw: dict[str, Any] = field(default_factory=dict)
    #: path -> (status, Retry-After or None) answered first, one per request, then the normal answer
    throttle: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    git_version: str = "v1.31.4-eks-2d5f260"
    #: answer ``as=PartialObjectMetadataList`` Accept headers (API servers since 1.15 do)
    partial_metadata: bool = True
    requests: list[tuple[str, dict[str, str], str | None]] = field(default_factory=list)
    #: the Accept header of each request, in the order of ``requests``
    accepts: list[str] = field(default_factory=list)
    #: the Impersonate-* headers of each request, in the order of ``requests``
    impersonations: list[list[tuple[str, str]]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _release: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    def discovery(self) -> dict[str, Any]:
        """``GET /apis``: an APIGroupList of the group versions this server has anything
        configured under (a path answered 404 does not count: that API is not served)."""
        configured = [
            *self.lists, *self.objects, *self.raw, *self.slow, *self.drip, *self.oversize,
            *self.continue_cycle, *self.throttle, *self.continue_statuses,
            *(path for path, code in self.statuses.items() if code != 404),
        ]  # fmt: skip
        versions: dict[str, set[str]] = {}
        for path in configured:
            parts = path.split("/")
            if len(parts) > 4 and parts[1] == "apis":
                versions.setdefault(parts[2], set()).add(parts[3])
        groups = [
            {
                "name": group,
                "versions": [{"groupVersion": f"{group}/{v}", "version": v} for v in sorted(found)],
                "preferredVersion": {"groupVersion": f"{group}/{max(found)}", "version": max(found)},
            }
            for group, found in sorted(versions.items())
        ]
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.requests]

    def start(self) -> FakeApiServer:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.TemporaryDirectory() as folder:
            cert, key = Path(folder, "server.crt"), Path(folder, "server.key")
            cert.write_text(self.server.cert_pem + self.pki.ca.cert_pem)
            key.write_text(self.server.key_pem)
            context.load_cert_chain(str(cert), str(key))
        context.load_verify_locations(cadata=self.pki.ca.cert_pem)
        context.verify_mode = ssl.CERT_OPTIONAL
        fake = self

        class Handler(_Handler):
            api = fake

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def server(self) -> Issued:
        return self.pki.server

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


class _Handler(BaseHTTPRequestHandler):
    api: FakeApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    handshake_failed = False

    def setup(self) -> None:
        super().setup()
        try:
            self.connection.do_handshake()
        except (ssl.SSLError, OSError):  # the client refused our certificate
            self.handshake_failed = True

    def handle(self) -> None:
        if self.handshake_failed:
            return
        try:
            super().handle()
        except (ssl.SSLError, OSError):
            pass

    def finish(self) -> None:
        try:
            super().finish()
        except (ssl.SSLError, OSError):
            pass

    def do_GET(self) -> None:  # noqa: N802
        api = self.api
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        auth = self.headers.get("Authorization")
        api.requests.append((url.path, query, auth))
        api.accepts.append(self.headers.get("Accept") or "")
        api.impersonations.append(
            [(k, v) for k, v in self.headers.items() if k.lower().startswith("impersonate-")]
        )
        if api.slow.get(url.path):
            api._release.wait(api.slow[url.path])
        if not self._authenticated(auth):
            return self._status(401, "Unauthorized", "Unauthorized")
        if api.throttle.get(url.path):
            status, retry_after = api.throttle[url.path].pop(0)
            return self._status(status, "TooManyRequests", "too many requests", retry_after)
        if url.path in api.drip:
            return self._drip(api.drip[url.path])
        if url.path in api.oversize:
            return self._oversize(*api.oversize[url.path])
        if url.path in api.html:
            page = (
                b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            )
            return self._send(api.html[url.path], page, "text/html")
        if url.path in api.raw:
            return self._json(200, api.raw[url.path])
        if url.path in api.continue_cycle:
            cycle = api.continue_cycle[url.path]
            token = cycle[(sum(1 for path, _, _ in api.requests if path == url.path) - 1) % len(cycle)]
            item = {"metadata": {"name": f"page-{len(api.requests)}", "namespace": "default"}}
            page = {"kind": "List", "metadata": {"continue": token}, "items": [item]}
            return self._json(200, page)
        code = api.statuses.get(url.path)
        if code is None and query.get("continue") and api.continue_statuses.get(url.path):
            code = api.continue_statuses[url.path].pop(0)
        if code == 403 and url.path not in api.messages:
            return self._forbidden(url.path)
        if code is not None and code != 200:
            reason = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 410: "Expired"}.get(code, "X")
            return self._status(code, reason, api.messages.get(url.path, f'{reason.lower()}: "{url.path}"'))
        if url.path == "/apis":
            return self._json(200, api.discovery())
        if url.path == "/version":
            return self._json(200, {"major": "1", "minor": "31", "gitVersion": api.git_version})
        if url.path in api.objects:
            return self._json(200, api.objects[url.path])
        if url.path in api.lists:
            return self._page(url.path, query)
        found = self._listed_object(url.path)
        if found is not None:
            return self._json(200, found)
        return self._status(404, "NotFound", "the server could not find the requested resource")

    def _listed_object(self, path: str) -> dict[str, Any] | None:
        """``GET .../namespaces/NS/RESOURCE/NAME`` of an object served in a list, with
        apiVersion and kind as a real GET has them."""
        head, marker, rest = path.partition("/namespaces/")
        parts = rest.split("/")
        if not marker or len(parts) != 3:
            return None
        namespace, resource, name = parts
        for item in self.api.lists.get(f"{head}/{resource}", []):
            metadata = item.get("metadata") or {}
            if metadata.get("namespace") == namespace and metadata.get("name") == name:
                version = head.removeprefix("/api/").removeprefix("/apis/")
                kind = {"pods": "Pod", "replicasets": "ReplicaSet", "jobs": "Job"}.get(resource, "Object")
                return {"apiVersion": version, "kind": kind, **item}
        return None

    def _authenticated(self, auth: str | None) -> bool:
        if self.api.require_client_cert:
            return bool(self.connection.getpeercert())
        if self.api.token_check is not None:
            return bool(auth and auth.startswith("Bearer ") and self.api.token_check(auth[7:]))
        return auth == f"Bearer {self.api.token}"

    def _page(self, path: str, query: dict[str, str]) -> None:
        items = self.api.lists[path]
        limit = int(query.get("limit") or len(items) or 1)
        start = int(query["continue"].removeprefix("offset-")) if query.get("continue") else 0
        page = items[start : start + limit]
        following = start + limit
        metadata = {"resourceVersion": "12345"}
        if following < len(items):
            metadata["continue"] = f"offset-{following}"
        if self.api.partial_metadata and "as=PartialObjectMetadataList" in (self.headers.get("Accept") or ""):
            # What kube-apiserver answers a metadata-only list: each item its metadata alone.
            kind = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1"}
            partial = [{**kind, "metadata": item["metadata"]} for item in page]
            body = {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": metadata}
            return self._json(200, {**body, "items": partial})
        self._json(200, {"kind": "List", "apiVersion": "v1", "metadata": metadata, "items": page})

    def _forbidden(self, path: str) -> None:
        """A 403 as kube-apiserver words it (k8s.io/apiserver forbidden responses):
        the user, the verb and the resource in the message, group and resource in details."""
        parts = path.strip("/").split("/")
        if parts[0] not in ("api", "apis") or len(parts) < 3:  # /version, /apis: a non-resource URL
            message = f'forbidden: User "{FORBIDDEN_USER}" cannot get path "{path}"'
            return self._status(403, "Forbidden", message, details={})
        group = "" if parts[0] == "api" else parts[1]
        rest = parts[2:] if parts[0] == "api" else parts[3:]
        namespaced = rest[0] == "namespaces" and len(rest) >= 3
        scope = f'in the namespace "{rest[1]}"' if namespaced else "at the cluster scope"
        rest = rest[2:] if namespaced else rest  # [resource] or [resource, name]
        resource, verb = rest[0], "get" if len(rest) == 2 else "list"
        qualified = f"{resource}.{group}" if group else resource
        message = (
            f'{qualified} is forbidden: User "{FORBIDDEN_USER}" cannot {verb} resource "{resource}" '
            f'in API group "{group}" {scope}'
        )
        self._status(403, "Forbidden", message, details={"group": group, "kind": resource})

    def _status(
        self,
        code: int,
        reason: str,
        message: str,
        retry_after: str | None = None,
        details: dict[str, str] | None = None,
    ) -> None:
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": message,
            "reason": reason,
            "code": code,
        }
        if details is not None:
            body["details"] = details
        self._json(code, body, {"Retry-After": retry_after} if retry_after is not None else {})

    def _json(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send(code, json.dumps(body).encode(), "application/json", headers)

    def _send(self, code: int, data: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        """One whole answer: status, headers (with its length), body."""
        self._head(code, content_type, {"Content-Length": str(len(data)), **(headers or {})})
        self.wfile.write(data)

    def _head(self, code: int, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _drip(self, interval: float) -> None:
        data = json.dumps({"kind": "List", "metadata": {}, "items": []}).encode() * 1000
        self._head(200, "application/json", {"Content-Length": str(len(data))})
        self.wfile.flush()
        for byte in data:
            if self.api._release.wait(interval):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def _oversize(self, size: int, announced: bool) -> None:
        if announced:
            self._head(200, "application/json", {"Content-Length": str(size)})
        else:
            self._head(200, "application/json", {"Connection": "close"})
            self.close_connection = True
        chunk = b" " * (1 << 20)
        sent = 0
        while sent < size and not self.api._release.is_set():
            self.wfile.write(chunk[: size - sent])
            sent += len(chunk)


class _TcpServer:
    """A listener on 127.0.0.1 that hands each connection to ``_accepted`` until
    stopped: the shared part of the proxies and the silent endpoint below."""

    scheme = "http"

    def _listen(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"{self.scheme}://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self._accepted(client)

    def _accepted(self, client: socket.socket) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()


class ConnectProxy(_TcpServer):
    """A minimal HTTP CONNECT proxy on 127.0.0.1 (what a kubeconfig ``proxy-url`` names).

    Records each CONNECT target and its Proxy-Authorization header. With
    ``tls`` it is an https:// proxy: the client speaks TLS to it first (its
    certificate is ``tls``'s server certificate, for 127.0.0.1), and the API
    server's TLS then runs inside that. ``refuse`` answers every CONNECT with
    that status line instead of opening the tunnel.
    """

    def __init__(self, tls: TestPki | None = None, refuse: str | None = None) -> None:
        #: CONNECT target host -> the address the proxy connects to (the proxy's own DNS)
        self.hosts: dict[str, str] = {PROXIED_NAME: "127.0.0.1"}
        self.tunnels: list[tuple[str, str | None]] = []
        self.refuse = refuse
        self._context: ssl.SSLContext | None = None
        if tls is not None:
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            with tempfile.TemporaryDirectory() as folder:
                cert, key = Path(folder, "proxy.crt"), Path(folder, "proxy.key")
                cert.write_text(tls.server.cert_pem + tls.ca.cert_pem)
                key.write_text(tls.server.key_pem)
                self._context.load_cert_chain(str(cert), str(key))
        self.scheme = "https" if tls is not None else "http"
        self._listen()

    def _accepted(self, client: socket.socket) -> None:
        threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        if self._context is not None:
            client.settimeout(5)
            try:
                client = self._context.wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):  # the client refused the proxy's certificate
                client.close()
                return
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode().split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            self.tunnels.append((target, headers.get("Proxy-Authorization")))
            if self.refuse:
                client.sendall(f"HTTP/1.1 {self.refuse}\r\nContent-Length: 0\r\n\r\n".encode())
                return
            host, port = target.rsplit(":", 1)
            with socket.create_connection((self.hosts.get(host, host), int(port))) as upstream:
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _relay(client, upstream, self._stop)


def _relay(client: socket.socket, upstream: socket.socket, stop: threading.Event) -> None:
    """Copy bytes both ways until one side closes. A TLS client socket may hold
    decrypted bytes select cannot see: they are drained before waiting."""
    sockets = [client, upstream]
    while not stop.is_set():
        ready = [client] if isinstance(client, ssl.SSLSocket) and client.pending() else []
        if not ready:
            ready, _, _ = select.select(sockets, [], [], 0.05)
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (upstream if sock is client else client).sendall(data)


class Socks5Proxy(_TcpServer):
    """A minimal SOCKS5 proxy on 127.0.0.1 (RFC 1928, CONNECT only; RFC 1929
    user/password when ``credentials`` is set). It resolves names itself
    (``hosts`` first), so a name this machine cannot resolve is reachable
    through it alone. ``connects`` records (address type, host, port) of each
    request: address type 3 is a name the client left to the proxy."""

    scheme = "socks5"

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.hosts: dict[str, str] = {PROXIED_NAME: "127.0.0.1"}
        self.credentials = credentials
        self.connects: list[tuple[int, str, int]] = []
        self.logins: list[tuple[str, str]] = []
        self._listen()

    def _accepted(self, client: socket.socket) -> None:
        threading.Thread(target=self._session, args=(client,), daemon=True).start()

    @staticmethod
    def _read(sock: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def _session(self, client: socket.socket) -> None:
        read = self._read
        with client:
            client.settimeout(5)
            try:
                version, count = read(client, 2)
                methods = read(client, count)
                wanted = 2 if self.credentials else 0
                if version != 5 or wanted not in methods:
                    client.sendall(b"\x05\xff")
                    return
                client.sendall(bytes([5, wanted]))
                if wanted == 2:
                    _, length = read(client, 2)
                    user = read(client, length).decode()
                    (length,) = read(client, 1)
                    password = read(client, length).decode()
                    self.logins.append((user, password))
                    if (user, password) != self.credentials:
                        client.sendall(b"\x01\x01")
                        return
                    client.sendall(b"\x01\x00")
                _, command, _, kind = read(client, 4)
                if kind == 1:
                    host = socket.inet_ntoa(read(client, 4))
                elif kind == 3:
                    (length,) = read(client, 1)
                    host = read(client, length).decode()
                else:
                    host = socket.inet_ntop(socket.AF_INET6, read(client, 16))
                port = int.from_bytes(read(client, 2), "big")
                self.connects.append((kind, host, port))
                try:
                    upstream = socket.create_connection((self.hosts.get(host, host), port), timeout=5)
                except OSError:
                    client.sendall(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
                    return
                client.sendall(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + (0).to_bytes(2, "big"))
                client.settimeout(None)
                with upstream:
                    upstream.settimeout(None)
                    _relay(client, upstream, self._stop)
            except (OSError, ValueError):
                return


def run_bounded(seconds: float, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``, failing the test if it has not returned within ``seconds``.

    It runs on a daemon thread, so a reader that hangs is abandoned, not waited for.
    """
    import pytest

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"{getattr(function, '__name__', function)} did not return within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class SilentServer(_TcpServer):
    """A TCP server on 127.0.0.1 that accepts connections and never answers
    (an endpoint behind a black-holing proxy). ``connections`` counts them."""

    def __init__(self) -> None:
        self.connections = 0
        self._held: list[socket.socket] = []
        self._listen()

    def _accepted(self, client: socket.socket) -> None:
        self.connections += 1
        self._held.append(client)  # kept open, never read, never answered

    def stop(self) -> None:
        super().stop()
        for client in self._held:
            client.close()
