"""Which proxy the live Kubernetes reader goes through, chosen as kubectl chooses it.

kubectl (client-go) uses the kubeconfig cluster's ``proxy-url`` when set, else
Go's ``http.ProxyFromEnvironment`` (golang.org/x/net/http/httpproxy): for an
``https://`` API server that is ``HTTPS_PROXY`` (or ``https_proxy``) unless
``NO_PROXY`` (or ``no_proxy``) exempts the host. ``HTTP_PROXY`` is for
``http://`` URLs only, so it never applies to an API server. localhost and
loopback addresses are never proxied. NO_PROXY entries, comma separated:
``*`` (everything), an IP or a CIDR (matched against an IP written in the URL;
a name is not resolved to test it), ``host`` (the host and its subdomains),
``.host`` or ``*.host`` (subdomains only), each with an optional ``:port``.

The proxy's scheme says how to go through it, as Go's net/http Transport
(kubectl) reads it: ``http://`` (CONNECT in clear), ``https://`` (CONNECT
inside TLS to the proxy, then the API server's TLS inside that) and
``socks5://`` or ``socks5h://`` (SOCKS5 through PySocks; the proxy resolves the
API server's name, as Go's SOCKS5 dialer always has it do). Any other scheme is
refused with a clear message rather than bypassed.

An ``https://`` proxy's certificate is verified against the system's trust
store and the cluster's CA (a corporate proxy with a private CA: put it in the
kubeconfig's certificate-authority, or in ``SSL_CERT_FILE``); with
``insecure-skip-tls-verify`` it is not verified either, as kubectl's shared
TLS settings have it.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import socket
import ssl
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit, urlunsplit

from eks_lint.engine.errors import EksLintError

SUPPORTED_SCHEMES = ("http", "https", "socks5", "socks5h")
DEFAULT_PORTS = {"http": 80, "https": 443, "socks5": 1080, "socks5h": 1080}
#: A proxy's answer to CONNECT is a status line and a few headers.
MAX_CONNECT_ANSWER = 64 * 1024


class ProxyError(OSError):
    """The proxy could not be used: refused, failed its TLS check, or refused the tunnel."""


def proxy_from_environment(server: str, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(proxy URL, the variable it came from) for an https ``server``, or None."""
    env = os.environ if environ is None else environ
    name = next((n for n in ("HTTPS_PROXY", "https_proxy") if env.get(n)), None)
    if name is None:
        return None
    url = urlsplit(server)
    host = (url.hostname or "").lower()
    port = str(url.port or 443)
    no_proxy = env.get("NO_PROXY") or env.get("no_proxy") or ""
    if not use_proxy(host, port, no_proxy):
        return None
    proxy = env[name].strip()
    if "://" not in proxy:  # Go takes "proxy:3128" as http://proxy:3128
        proxy = "http://" + proxy
    return proxy, name


def use_proxy(host: str, port: str, no_proxy: str) -> bool:
    """Go's httpproxy ``useProxy``: false when ``host:port`` is exempt."""
    if not host or host == "localhost":
        return False
    ip = _ip(host)
    if ip is not None and ip.is_loopback:
        return False
    for entry in no_proxy.split(","):
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return False
        if "/" in entry:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                continue
            if ip is not None and ip in network:
                return False
            continue
        entry_host, entry_port = _split_host_port(entry)
        if not entry_host or (entry_port and entry_port != port):
            continue
        entry_ip = _ip(entry_host)
        if entry_ip is not None:
            if ip is not None and ip == entry_ip:
                return False
            continue
        if entry_host.startswith("*."):
            entry_host = entry_host[1:]
        if entry_host.startswith("."):
            if host.endswith(entry_host):
                return False
        elif host == entry_host or host.endswith("." + entry_host):
            return False
    return True


def check_proxy(proxy: str, origin: str) -> None:
    """Refuse a proxy eks-lint cannot use, naming where it was set."""
    url = urlsplit(proxy)
    if url.scheme not in SUPPORTED_SCHEMES or not url.hostname:
        raise EksLintError(
            f"{origin}: proxy {without_credentials(proxy)}: the scheme must be http://, https://, "
            "socks5:// or socks5h:// (as kubectl takes them)"
        )


def open_tunnel(
    proxy: str,
    host: str,
    port: int,
    timeout: float,
    proxy_context: ssl.SSLContext | None = None,
) -> socket.socket:
    """A socket that reaches ``host:port`` through ``proxy``; the caller runs the
    API server's TLS over it. For an https:// proxy it is the TLS socket to the
    proxy (``proxy_context`` verifies it): the caller layers TLS inside TLS.
    Every failure is a ``ProxyError`` whose message never holds the password."""
    url = urlsplit(proxy)
    scheme = url.scheme
    proxy_host = url.hostname or ""
    proxy_port = url.port or DEFAULT_PORTS[scheme]
    user = unquote(url.username) if url.username is not None else None
    password = unquote(url.password or "") if url.username is not None else None
    if scheme in ("socks5", "socks5h"):
        return _socks5(proxy_host, proxy_port, host, port, timeout, user, password)
    try:
        sock: socket.socket = socket.create_connection((proxy_host, proxy_port), timeout=timeout)
    except OSError as error:
        raise ProxyError(f"{type(error).__name__}: {error}") from None
    try:
        if scheme == "https":
            context = proxy_context or ssl.create_default_context()
            try:
                sock = context.wrap_socket(sock, server_hostname=proxy_host)
            except ssl.SSLCertVerificationError as error:
                raise ProxyError(f"TLS verification of the proxy failed ({error.verify_message})") from None
            except (ssl.SSLError, OSError) as error:
                raise ProxyError(f"TLS to the proxy failed: {type(error).__name__}: {error}") from None
        _connect(sock, host, port, user, password)
    except BaseException:
        sock.close()
        raise
    return sock


def _connect(sock: socket.socket, host: str, port: int, user: str | None, password: str | None) -> None:
    """HTTP CONNECT: ask the proxy for a tunnel to ``host:port``; only a 2xx answer opens it."""
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if user is not None:
        secret = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        lines.append(f"Proxy-Authorization: Basic {secret}")
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                raise ProxyError("the proxy closed the connection before answering CONNECT")
            answer += chunk
            if len(answer) > MAX_CONNECT_ANSWER:
                raise ProxyError("the proxy's answer to CONNECT is not HTTP")
    except ProxyError:
        raise
    except OSError as error:
        raise ProxyError(f"{type(error).__name__}: {error}") from None
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise ProxyError("the proxy's answer to CONNECT is not HTTP")
    if not 200 <= int(parts[1]) < 300:
        printable = "".join(ch for ch in status_line if ch.isprintable())[:120]
        raise ProxyError(f"the proxy refused the tunnel: {printable}")
    # A proxy sends nothing after its answer until the client speaks TLS.
    if answer.split(b"\r\n\r\n", 1)[1]:
        raise ProxyError("the proxy sent data after its answer to CONNECT")


def _socks5(
    proxy_host: str,
    proxy_port: int,
    host: str,
    port: int,
    timeout: float,
    user: str | None,
    password: str | None,
) -> socket.socket:
    import socks  # PySocks: only a live read through a SOCKS proxy needs it

    try:
        return socks.create_connection(
            (host, port),
            timeout=timeout,
            proxy_type=socks.SOCKS5,
            proxy_addr=proxy_host,
            proxy_port=proxy_port,
            proxy_rdns=True,  # the proxy resolves the name, as Go's SOCKS5 dialer does
            proxy_username=user,
            proxy_password=password,
        )
    except socks.ProxyError as error:
        detail = error.msg
        if error.socket_err is not None:
            detail += f": {type(error.socket_err).__name__}: {error.socket_err}"
        raise ProxyError(detail) from None
    except OSError as error:
        raise ProxyError(f"{type(error).__name__}: {error}") from None


def without_credentials(proxy: str) -> str:
    """The proxy URL without its user and password (it goes into messages and snapshots)."""
    url = urlsplit(proxy)
    if url.username is None and url.password is None:
        return proxy
    host = url.hostname or ""
    netloc = f"{host}:{url.port}" if url.port else host
    return urlunsplit((url.scheme, netloc, url.path, url.query, url.fragment))


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _split_host_port(entry: str) -> tuple[str, str]:
    if entry.startswith("["):  # [IPv6] or [IPv6]:port
        host, _, rest = entry[1:].partition("]")
        return host, rest.removeprefix(":")
    if entry.count(":") == 1:
        host, _, port = entry.partition(":")
        return host, port
    return entry, ""  # a name, an IPv4, or a bare IPv6
