"""Benchmark the live AWS collector against a strictly serial run of the same calls (not a test).

A moto server on 127.0.0.1 holds one EKS cluster with 40 managed node groups,
60 subnets, launch templates, IAM roles, the cluster's OIDC provider and two
self-managed Auto Scaling groups. In front of it, a small proxy on 127.0.0.1
adds 50 ms to every request (standing in for a real region's round trip) and
answers the EKS calls moto does not serve: 10 add-ons with their versions,
cluster versions, access entries, Pod Identity associations and insights.

The same collector then reads the cluster twice in one run through the proxy:
once with one worker (every call strictly one after another), once with the
default bounded pool. It prints the number of API calls and the wall time of
each, and checks the targets: at least 4x faster than serial, and no more
calls than the serial run.

    .venv/bin/python bench/bench_collector.py [--latency-ms 50] [--workers 16]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "sources"))

REGION = "eu-west-1"
ADDONS = [
    "vpc-cni",
    "coredns",
    "kube-proxy",
    "eks-pod-identity-agent",
    "aws-ebs-csi-driver",
    "aws-efs-csi-driver",
    "snapshot-controller",
    "amazon-cloudwatch-observability",
    "adot",
    "aws-guardduty-agent",
]


def canned_eks(method: str, path: str, query: dict[str, list[str]]) -> dict | None:
    """Answers for the EKS calls moto lacks, in the API's JSON shapes; None: not ours."""
    healthy = json.loads((ROOT / "fixtures" / "snapshots" / "healthy.json").read_text(encoding="utf-8"))
    match = re.fullmatch(r"/clusters/([^/]+)/addons", path)
    if match and method == "GET":
        return {"addons": ADDONS}
    match = re.fullmatch(r"/clusters/([^/]+)/addons/([^/]+)", path)
    if match and method == "GET":
        addon = dict(healthy["addons"][0], addonName=match.group(2), clusterName=match.group(1))
        return {"addon": addon}
    if path == "/addons/supported-versions" and method == "GET":
        name = query.get("addonName", ["vpc-cni"])[0]
        info = dict(healthy["addon_versions"][0], addonName=name)
        return {"addons": [info]}
    if path == "/cluster-versions" and method == "GET":
        return {"clusterVersions": healthy["cluster_versions"]}
    if re.fullmatch(r"/clusters/[^/]+/access-entries", path):
        return {"accessEntries": []}
    if re.fullmatch(r"/clusters/[^/]+/pod-identity-associations", path):
        return {"associations": []}
    if re.fullmatch(r"/clusters/[^/]+/insights", path) and method == "POST":
        return {"insights": []}
    if re.fullmatch(r"/clusters/[^/]+/capabilities", path) and method == "GET":
        return {"capabilities": []}
    return None


def start_proxy(moto_host: str, moto_port: int, latency: float) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _handle(self) -> None:
            time.sleep(latency)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            is_eks = "/eks/aws4_request" in (self.headers.get("Authorization") or "")
            answer = canned_eks(self.command, split.path, parse_qs(split.query)) if is_eks else None
            if answer is not None:
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            upstream = http.client.HTTPConnection(moto_host, moto_port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            upstream.close()

        do_GET = do_POST = do_PUT = do_DELETE = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build(clients) -> None:
    from aws_world import build_world

    build_world(clients, nodegroups=40, subnets=60)


def _comparable(snapshot: dict) -> str:
    from eks_lint.sources.snapshot import dump_snapshot

    return dump_snapshot({k: v for k, v in snapshot.items() if k != "collected_at"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=None)
    options = parser.parse_args()

    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION=REGION,
        AWS_EC2_METADATA_DISABLED="true",
    )
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    from eks_lint.engine.model import INVENTORY_PARTS
    from eks_lint.sources import aws

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto server's access log
    workers = options.workers or aws.DEFAULT_WORKERS
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    proxy, proxy_url = start_proxy(host, port, options.latency_ms / 1000)
    try:
        session = boto3.Session(region_name=REGION)
        print("building the account in moto (40 node groups, 60 subnets) ...", file=sys.stderr)
        build(aws.ClientFactory(session, endpoint_url=f"http://{host}:{port}"))
        parts = set(INVENTORY_PARTS) - {"kubernetes"}
        results = {}
        for label, pool in (("serial", 1), ("parallel", workers)):
            clients = aws.ClientFactory(session, workers=pool, endpoint_url=proxy_url)
            collector = aws.Collector("prod", clients=clients, parts=parts, region=REGION, workers=pool)
            start = time.perf_counter()
            snapshot = collector.collect()
            elapsed = time.perf_counter() - start
            calls = sum(collector.recorder.calls.values())
            results[label] = (calls, elapsed, snapshot)
            if snapshot["errors"]:
                print(f"{label}: errors: {snapshot['errors'][:3]}", file=sys.stderr)
        serial_calls, serial_time, serial_snapshot = results["serial"]
        calls, elapsed, snapshot = results["parallel"]
        same = _comparable(snapshot) == _comparable(serial_snapshot)
    finally:
        proxy.shutdown()
        moto.stop()
    speedup = serial_time / elapsed
    print(
        f"cluster: {len(snapshot['nodegroups'])} node groups, {len(snapshot['subnets'])} subnets, "
        f"{len(snapshot['addons'])} add-ons; {options.latency_ms:.0f} ms added to every call"
    )
    print(f"serial   (1 worker):   {serial_calls:4d} API calls  {serial_time:6.2f} s")
    print(f"parallel ({workers} workers): {calls:4d} API calls  {elapsed:6.2f} s")
    print(
        f"speedup {speedup:.1f}x (target >= 4x); calls {calls} vs {serial_calls} (target: no more); "
        f"same snapshot: {'yes' if same else 'NO'}"
    )
    ok = speedup >= 4 and calls <= serial_calls and same
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
