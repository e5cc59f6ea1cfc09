"""Faults of a live Kubernetes read, each against the fake API server on 127.0.0.1.

Every read runs under ``run_bounded``: a reader that hangs fails the test in
seconds rather than stalling CI. The deadlines given to the reader are small
so each test is quick; the bounds are a few times larger, never tight.
"""

from __future__ import annotations

import time

import pytest
from fake_apiserver import TOKEN, FakeApiServer, run_bounded

from eks_lint.sources import kube
from eks_lint.sources.kube import Endpoint, read_objects

DEPLOYMENTS = "/apis/apps/v1/deployments"
NODES = "/api/v1/nodes"


def endpoint(api: FakeApiServer) -> Endpoint:
    return Endpoint(server=api.url, ca_pem=api.pki.ca.cert_pem, token=TOKEN, name="test")


def codes(read) -> list[tuple[str, str, str]]:
    return [(e["operation"], e["code"], e.get("part", "")) for e in read.errors]


def test_a_drip_fed_body_is_cut_off_at_the_request_timeout(api):
    # Each byte comes well within any socket timeout; the request as a whole never ends.
    api.drip[DEPLOYMENTS] = 0.05
    api.lists[NODES] = [{"metadata": {"name": "ip-10-0-1-5"}}]
    started = time.monotonic()
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment", "Node"], timeout=1.0)
    assert time.monotonic() - started < 5
    assert codes(read) == [("k8s:list deployments", "Timeout", "kubernetes")]
    assert read.errors[0]["kind"] == "Deployment"
    assert "no complete answer in 1 s" in read.errors[0]["message"]
    assert [o["metadata"]["name"] for o in read.objects] == ["ip-10-0-1-5"]  # the other list is read


def test_the_whole_read_has_a_deadline(api):
    # Every request answers within --timeout, but the read as a whole would not end in time.
    api.lists[DEPLOYMENTS] = [{"metadata": {"name": f"app-{i}", "namespace": "shop"}} for i in range(40)]
    api.slow[DEPLOYMENTS] = 0.3
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"], page_size=1, deadline=1.0, timeout=5)
    assert codes(read) == [("k8s:list deployments", "DeadlineExceeded", "kubernetes")]
    assert "1 s deadline" in read.errors[0]["message"]
    assert read.objects == []  # a list cut short is not kept as if complete
    assert len([p for p in api.paths() if p == DEPLOYMENTS]) < 10


def test_a_repeated_continue_token_stops_the_list(api):
    api.continue_cycle[DEPLOYMENTS] = ["same"]
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert codes(read) == [("k8s:list deployments", "ContinueLoop", "kubernetes")]
    assert read.objects == []
    assert [p for p in api.paths() if p == DEPLOYMENTS] == [DEPLOYMENTS] * 2


def test_a_cycling_continue_token_stops_the_list(api):
    api.continue_cycle[DEPLOYMENTS] = ["a", "b", "c"]
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert codes(read) == [("k8s:list deployments", "ContinueLoop", "kubernetes")]
    assert "after 4 pages" in read.errors[0]["message"]
    queries = [q.get("continue") for path, q, _ in api.requests if path == DEPLOYMENTS]
    assert queries == [None, "a", "b", "c"]


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "until-close"])
def test_a_body_over_the_size_cap_is_not_read_whole(api, announced):
    api.oversize[DEPLOYMENTS] = (1536 * 1024 * 1024, announced)  # 1.5 GiB
    api.lists[NODES] = [{"metadata": {"name": "ip-10-0-1-5"}}]
    read = run_bounded(
        20, read_objects, endpoint(api), ["Deployment", "Node"], max_bytes=2 * 1024 * 1024, timeout=5
    )
    assert codes(read) == [("k8s:list deployments", "ResponseTooLarge", "kubernetes")]
    message = read.errors[0]["message"]
    assert "over the 2 MiB a response may take" in message
    assert ("1,610,612,736 bytes" in message) is announced
    assert [o["metadata"]["name"] for o in read.objects] == ["ip-10-0-1-5"]


@pytest.mark.parametrize(
    "body, says",
    [
        ({"kind": "List", "metadata": {}, "items": "oops"}, "the list's items is a string, not an array"),
        ({"kind": "List", "metadata": {}, "items": [{"metadata": {}}, 7]}, "items[1] is a number"),
        ({"kind": "List", "metadata": {"continue": 5}, "items": []}, "metadata.continue is a number"),
        (["not", "an", "object"], "did not answer a JSON object"),
    ],
)
def test_a_list_answer_of_the_wrong_shape_is_an_error_not_a_crash(api, body, says):
    api.raw[DEPLOYMENTS] = body
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert codes(read) == [("k8s:list deployments", "BadResponse", "kubernetes")]
    assert says in read.errors[0]["message"]
    assert read.objects == []


def test_a_null_items_is_an_empty_list(api):
    api.raw[DEPLOYMENTS] = {"kind": "List", "metadata": {}, "items": None}
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert read.errors == [] and read.objects == []


def test_429_with_retry_after_is_retried(api):
    api.lists[DEPLOYMENTS] = [{"metadata": {"name": "api", "namespace": "shop"}}]
    api.throttle[DEPLOYMENTS] = [(429, "1"), (503, "0")]
    started = time.monotonic()
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert time.monotonic() - started >= 1.0  # the server's Retry-After: 1 was honoured
    assert read.errors == []
    assert [o["metadata"]["name"] for o in read.objects] == ["api"]
    assert [p for p in api.paths() if p == DEPLOYMENTS] == [DEPLOYMENTS] * 3


def test_429_without_retry_after_is_not_retried(api):
    # client-go retries only when the server says how long to wait.
    api.throttle[DEPLOYMENTS] = [(429, None)]
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert codes(read) == [("k8s:list deployments", "TooManyRequests", "kubernetes")]
    assert "throttling" in read.errors[0]["message"]
    assert [p for p in api.paths() if p == DEPLOYMENTS] == [DEPLOYMENTS]


def test_retries_after_429_are_bounded(api, monkeypatch):
    monkeypatch.setattr(kube, "MAX_RETRIES", 2)
    api.throttle[DEPLOYMENTS] = [(429, "0")] * 10
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    assert codes(read) == [("k8s:list deployments", "TooManyRequests", "kubernetes")]
    assert "still after 2 retries honouring Retry-After" in read.errors[0]["message"]
    assert [p for p in api.paths() if p == DEPLOYMENTS] == [DEPLOYMENTS] * 3


def test_a_retry_after_past_the_deadline_is_not_waited_for(api):
    api.throttle[DEPLOYMENTS] = [(429, "3600")]
    started = time.monotonic()
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"], deadline=3.0)
    assert time.monotonic() - started < 3.0
    assert codes(read) == [("k8s:list deployments", "TooManyRequests", "kubernetes")]


def test_a_server_message_is_one_printable_line(api):
    # The message goes into the snapshot and onto stderr: no forged lines, no terminal escapes.
    api.statuses[DEPLOYMENTS] = 403
    api.messages[DEPLOYMENTS] = "denied\neks-lint: all clear\x1b]0;owned\x07 \x1b[31mred"
    read = run_bounded(10, read_objects, endpoint(api), ["Deployment"])
    message = read.errors[0]["message"]
    assert "(403: denied eks-lint: all clear ]0;owned [31mred)" in message
    assert message.isprintable()


@pytest.mark.parametrize("scheme", ["https", "socks5"])
def test_a_drip_fed_body_through_a_proxy_is_cut_off_too(api, scheme):
    # Through an https:// proxy the API server's TLS runs inside the proxy's: the
    # watchdog must still find a socket to shut.
    from fake_apiserver import ConnectProxy, Socks5Proxy

    proxy = ConnectProxy(tls=api.pki) if scheme == "https" else Socks5Proxy()
    try:
        api.drip[DEPLOYMENTS] = 0.05
        through = Endpoint(
            server=api.url, ca_pem=api.pki.ca.cert_pem, token=TOKEN, name="test", proxy=proxy.url
        )
        started = time.monotonic()
        read = run_bounded(10, read_objects, through, ["Deployment"], timeout=1.0)
        assert time.monotonic() - started < 5
        assert codes(read) == [("k8s:list deployments", "Timeout", "kubernetes")]
    finally:
        proxy.stop()
