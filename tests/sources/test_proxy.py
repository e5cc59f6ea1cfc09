"""Proxy choice from the environment, as Go's httpproxy (kubectl) makes it."""

from __future__ import annotations

import pytest

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.proxy import check_proxy, proxy_from_environment, use_proxy, without_credentials


@pytest.mark.parametrize(
    "host, port, no_proxy, expected",
    [
        ("abc.eks.amazonaws.com", "443", "", True),
        ("abc.eks.amazonaws.com", "443", "*", False),
        ("abc.eks.amazonaws.com", "443", "eks.amazonaws.com", False),  # a name covers its subdomains
        ("eks.amazonaws.com", "443", "eks.amazonaws.com", False),
        ("eks.amazonaws.com", "443", ".eks.amazonaws.com", True),  # a leading dot: subdomains only
        ("abc.eks.amazonaws.com", "443", "*.eks.amazonaws.com", False),
        ("notamazonaws.com", "443", "amazonaws.com", True),  # a suffix must start at a dot
        ("abc.eks.amazonaws.com", "443", "eks.amazonaws.com:6443", True),  # another port
        ("abc.eks.amazonaws.com", "443", " EKS.amazonaws.com:443 ", False),
        ("10.1.2.3", "443", "10.0.0.0/8", False),
        ("10.1.2.3", "443", "192.168.0.0/16,10.1.2.4", True),
        ("10.1.2.3", "443", "10.1.2.3", False),
        ("fd00::1", "443", "fd00::/8", False),
        ("internal.example", "443", "10.0.0.0/8", True),  # a name is not resolved to match a CIDR
        ("localhost", "443", "", False),
        ("127.0.0.1", "443", "", False),
    ],
)
def test_no_proxy_entries_as_go_reads_them(host, port, no_proxy, expected):
    assert use_proxy(host, port, no_proxy) is expected


def test_https_proxy_before_its_lower_case_and_no_scheme_means_http():
    env = {"HTTPS_PROXY": "proxy.corp:3128", "https_proxy": "http://other:1", "no_proxy": ".local"}
    assert proxy_from_environment("https://abc.eks.amazonaws.com", env) == (
        "http://proxy.corp:3128",
        "HTTPS_PROXY",
    )
    assert proxy_from_environment("https://api.local:6443", env) is None
    assert proxy_from_environment("https://abc.eks.amazonaws.com", {"HTTP_PROXY": "http://p:1"}) is None


def test_unsupported_proxies_are_refused_and_credentials_never_shown():
    with pytest.raises(EksLintError) as caught:
        check_proxy("ftp://ops:secret@proxy.corp:21", "HTTPS_PROXY")
    assert str(caught.value) == (
        "HTTPS_PROXY: proxy ftp://proxy.corp:21: the scheme must be http://, https://, socks5:// "
        "or socks5h:// (as kubectl takes them)"
    )
    for scheme in ("http", "https", "socks5", "socks5h"):
        check_proxy(f"{scheme}://proxy.corp:3128", "HTTPS_PROXY")
    assert without_credentials("http://ops:secret@proxy.corp:3128/") == "http://proxy.corp:3128/"
