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

Only ``http://`` proxies are supported: an ``https://`` or ``socks5://`` proxy
is refused with a clear message rather than bypassed.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from eks_lint.engine.errors import EksLintError

SUPPORTED_SCHEMES = ("http",)


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
            f"{origin}: proxy {without_credentials(proxy)}: only http:// proxies are supported "
            "(not https:// or socks5://); use an http:// proxy, or reach the API server without one"
        )


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
