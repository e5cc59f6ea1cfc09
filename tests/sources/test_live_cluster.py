"""End to end: ``eks-lint check --cluster`` / ``collect --cluster`` against moto
(the AWS side) plus the fake Kubernetes API server (the cluster side).

moto's EKS backend is pointed at the fake server by setting the cluster's
endpoint and CA in moto's own state, so DescribeCluster returns them as AWS
would; the token eks-lint mints from moto's credentials is checked by the
fake server the way the EKS authenticator checks it before calling STS.
"""

from __future__ import annotations

import base64
import json
import sys

import boto3
import pytest
from fake_apiserver import FORBIDDEN_USER, PROXIED_NAME, TOKEN, FakeApiServer, is_eks_token
from helpers import by_resource, cli, lint
from moto import mock_aws

REGION = "eu-west-1"
ACCOUNT = "123456789012"
CLUSTER_ARN = f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod"
SELECT = "single-replica-workload,control-plane-logging-disabled"


@pytest.fixture
def api(pki):
    server = FakeApiServer(pki, token=None, token_check=is_eks_token)
    server.lists["/apis/apps/v1/deployments"] = [
        {
            "metadata": {"name": "api", "namespace": "shop", "managedFields": [{"manager": "helm"}]},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": {"app": "api"}},
                "template": {
                    "metadata": {"labels": {"app": "api"}},
                    "spec": {"containers": [{"name": "api", "image": "shop/api:1.4.2"}]},
                },
            },
        }
    ]
    # Clients reach api through a Service: its one replica is an outage on every drain.
    server.lists["/api/v1/services"] = [
        {
            "metadata": {"name": "api", "namespace": "shop"},
            "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "targetPort": 8080}]},
        }
    ]
    server.lists["/apis/autoscaling/v2/horizontalpodautoscalers"] = []
    server.lists["/apis/apps/v1/statefulsets"] = []
    server.start()
    yield server
    server.stop()


@pytest.fixture
def aws(monkeypatch, api):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("KUBECONFIG", raising=False)
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")[
                "Subnet"
            ]["SubnetId"]
            for i, zone in enumerate("ab")
        ]
        eks = boto3.client("eks", region_name=REGION)
        eks.create_cluster(
            name="prod",
            version="1.33",
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/eks-cluster",
            resourcesVpcConfig={"subnetIds": subnets},
        )
        from moto.eks.models import eks_backends

        cluster = eks_backends[ACCOUNT][REGION].clusters["prod"]
        cluster.endpoint = api.url
        cluster.certificate_authority = {"data": base64.b64encode(api.pki.ca.cert_pem.encode()).decode()}
        yield cluster


def test_check_cluster_reports_aws_and_kubernetes_findings_in_one_report(aws, api):
    outcome = lint("--cluster", "prod", "--region", REGION, "--today", "2026-11-24", "--select", SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    assert sorted(by_resource(outcome.findings)) == [
        ("control-plane-logging-disabled", CLUSTER_ARN),
        ("single-replica-workload", "Deployment/shop/api"),
    ]
    live = next(f for f in outcome.findings if f["name"] == "single-replica-workload")
    assert live["location"] is None  # a live object has no file
    assert live["resource"]["apiVersion"] == "apps/v1"
    assert "/apis/apps/v1/deployments" in api.paths()
    assert all(path != "/api/v1/secrets" for path in api.paths())


def test_collect_cluster_writes_kubernetes_objects_and_their_faults(aws, api, tmp_path):
    api.statuses["/apis/apps/v1/statefulsets"] = 403
    api.slow["/apis/autoscaling/v2/horizontalpodautoscalers"] = 10
    output = tmp_path / "prod.json"
    outcome = cli(
        "collect",
        "--cluster",
        "prod",
        "--region",
        REGION,
        "--select",
        SELECT,
        "-q",
        "--output",
        str(output),
        "--timeout",
        "0.5",
    )
    # The snapshot is written; collect says why the lists failed and how to fix
    # it (without -v, despite -q), and what it could not read: exit 3.
    assert outcome.code == 3, outcome.stderr
    lines = outcome.stderr.splitlines()
    assert (
        "eks-lint: cluster prod: 2 Kubernetes lists not read: statefulsets (Forbidden), "
        "horizontalpodautoscalers (Timeout); the IAM principal arn:aws:sts::123456789012:user/moto "
        "(AWS credentials from env) may not list statefulsets in API group apps "
        "(403: statefulsets.apps is forbidden: "
        f'User "{FORBIDDEN_USER}" cannot list resource "statefulsets" in API group "apps" at the '
        "cluster scope): grant list on statefulsets to it (an access policy such as "
        "AmazonEKSAdminViewPolicy, or a ClusterRole bound to its group); rules reading them run without them"
    ) in lines
    assert [line.split(" on ")[0] for line in lines if "could not read" in line] == [
        "eks-lint: could not read: cluster prod: k8s:list statefulsets",
        "eks-lint: could not read: cluster prod: k8s:list horizontalpodautoscalers",
    ]
    snapshot = json.loads(output.read_text())
    assert [(o["apiVersion"], o["kind"], o["metadata"]["name"]) for o in snapshot["kubernetes"]] == [
        ("v1", "Service", "api"),
        ("apps/v1", "Deployment", "api"),
    ]
    assert "managedFields" not in snapshot["kubernetes"][1]["metadata"]
    faults = [(e["operation"], e["code"]) for e in snapshot["errors"] if e["operation"].startswith("k8s:")]
    assert faults == [
        ("k8s:list statefulsets", "Forbidden"),
        ("k8s:list horizontalpodautoscalers", "Timeout"),
    ]
    # Offline, the rule that reads StatefulSets and HPAs is skipped rather
    # than judging the Deployment without them.
    offline = lint("--snapshot", str(output), "--today", "2026-11-24", "--select", SELECT)
    assert by_resource(offline.findings) == [("control-plane-logging-disabled", CLUSTER_ARN)]
    skipped = {s["rule"]: s["reason"] for s in offline.report["summary"]["rules_skipped"]}
    assert skipped["single-replica-workload"] == (
        "needs StatefulSet: k8s:list statefulsets failed (Forbidden)"
    )


def test_an_unreachable_api_server_still_runs_the_aws_rules(aws, api):
    aws.endpoint = "https://127.0.0.1:1"
    outcome = lint(
        "--cluster", "prod", "--region", REGION, "--today", "2026-10-30", "--select", SELECT, "--timeout", "2"
    )
    assert by_resource(outcome.findings) == [("control-plane-logging-disabled", CLUSTER_ARN)]
    skipped = {s["rule"]: s["reason"] for s in outcome.report["summary"]["rules_skipped"]}
    assert skipped["single-replica-workload"].endswith("k8s:connect failed (Unreachable)")
    # The cause and its fix come first, without -v; then what could not be read,
    # and the run is incomplete (exit 3) since --allow-partial was not given.
    line, *rest = outcome.stderr.splitlines()
    assert line.startswith(
        "eks-lint: cluster prod: Kubernetes objects not read: cannot connect to https://127.0.0.1:1 ("
    )
    assert line.endswith("reach it through a proxy or bastion with --kubeconfig")
    assert rest[0] == "eks-lint: could not read: k8s:connect failed (Unreachable)"
    assert rest[-1].startswith("eks-lint: incomplete:")
    assert outcome.code == 3


@pytest.mark.parametrize(
    "extra, flags",
    [
        (["--kubeconfig", "k.yaml"], "--kubeconfig only applies"),
        (["--context", "prod", "--timeout", "3"], "--context and --timeout only apply"),
    ],
)
def test_live_options_without_a_live_cluster_are_a_usage_error(tmp_path, extra, flags):
    manifest = tmp_path / "app.yaml"
    manifest.write_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
    for target in ([str(manifest)], ["--snapshot", str(tmp_path / "prod.json")]):
        outcome = lint(*target, *extra)
        assert outcome.code == 2
        assert outcome.stderr == (f"eks-lint: {flags} to a live read: add --cluster NAME or --all-clusters\n")


# --- the AWS CLI's region variables ---------------------------------------------------


def test_aws_region_is_read_before_aws_default_region_as_the_aws_cli_does(aws, api, monkeypatch):
    # boto3 alone would take AWS_DEFAULT_REGION (a region without the cluster).
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    outcome = lint("--cluster", "prod", "--today", "2026-11-24", "--select", SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    assert ("control-plane-logging-disabled", CLUSTER_ARN) in by_resource(outcome.findings)


def test_aws_default_region_alone_still_gives_the_region(aws, api, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    outcome = lint("--cluster", "prod", "--today", "2026-11-24", "--select", SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    assert ("control-plane-logging-disabled", CLUSTER_ARN) in by_resource(outcome.findings)


def test_messages_name_the_region_variable_really_read(aws, api, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    outcome = cli("collect", "--all-clusters", "-q", "--select", SELECT)
    assert outcome.code == 2
    assert outcome.stderr == (
        "eks-lint: --all-clusters: no EKS clusters in us-west-2 (region from AWS_REGION)\n"
    )
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    outcome = cli("collect", "--all-clusters", "-q", "--select", SELECT)
    assert outcome.stderr == (
        "eks-lint: --all-clusters: no EKS clusters in us-west-2 (region from AWS_DEFAULT_REGION)\n"
    )


def test_no_region_anywhere_names_both_variables(aws, api, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    outcome = lint("--cluster", "prod", "--select", SELECT)
    assert outcome.code == 2
    assert outcome.stderr == (
        "eks-lint: no AWS region: give --region, set AWS_REGION (or AWS_DEFAULT_REGION), "
        "or a region in the profile\n"
    )


# --- usage conflicts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, targets, message",
    [
        ("check", ["--all-clusters"], "it cannot go with --all-clusters"),
        ("collect", ["--all-clusters"], "it cannot go with --all-clusters"),
        ("check", ["--cluster", "prod", "--cluster", "dev"], "give a single --cluster with it"),
    ],
)
def test_one_context_for_several_clusters_is_a_usage_error(aws, api, command, targets, message):
    args = [command, *targets, "--context", "prod", "--select", SELECT, "-q"]
    if command == "collect":
        args += ["--output", "/nonexistent/never-written.json"]
    outcome = cli(*args)
    assert outcome.code == 2
    assert outcome.stderr == f"eks-lint: --context names one kubeconfig context: {message}\n"
    assert api.paths() == []  # refused before any cluster was read


# --- KUBECONFIG with several files, merged as kubectl merges them -------------------------


def _two_kubeconfigs(tmp_path, api):
    """a.yaml: current-context dev (unreachable); b/config: prod (the fake API
    server, its CA by a path relative to b/), a second dev and its own current-context."""
    first = tmp_path / "a.yaml"
    first.write_text(
        json.dumps(
            {
                "current-context": "dev",
                "contexts": [{"name": "dev", "context": {"cluster": "dev", "user": "dev"}}],
                "clusters": [{"name": "dev", "cluster": {"server": "https://127.0.0.1:1"}}],
                "users": [{"name": "dev", "user": {"token": "dev-token"}}],
            }
        )
    )
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "ca.crt").write_text(api.pki.ca.cert_pem)
    second = folder / "config"
    second.write_text(
        json.dumps(
            {
                "current-context": "prod",
                "contexts": [
                    {"name": "prod", "context": {"cluster": "prod", "user": "ops"}},
                    {"name": "dev", "context": {"cluster": "prod", "user": "ops"}},
                ],
                "clusters": [
                    {"name": "prod", "cluster": {"server": api.url, "certificate-authority": "ca.crt"}}
                ],
                "users": [{"name": "ops", "user": {"token": TOKEN}}],
            }
        )
    )
    return first, second


def test_context_from_the_second_kubeconfig_file_is_found(aws, api, tmp_path, monkeypatch):
    api.token, api.token_check = TOKEN, None  # the kubeconfig's static token, not a minted EKS token
    first, second = _two_kubeconfigs(tmp_path, api)
    monkeypatch.setenv("KUBECONFIG", f"{first}:{tmp_path / 'missing.yaml'}:{second}")
    outcome = lint("--cluster", "prod", "--context", "prod", "--today", "2026-11-24", "--select", SELECT)
    assert outcome.code in (0, 1), outcome.stderr
    assert ("single-replica-workload", "Deployment/shop/api") in by_resource(outcome.findings)
    assert api.requests and all(auth == f"Bearer {TOKEN}" for _, _, auth in api.requests)


def test_an_unknown_context_names_the_kubeconfig_files_not_a_given_flag(aws, api, tmp_path, monkeypatch):
    first, second = _two_kubeconfigs(tmp_path, api)
    monkeypatch.setenv("KUBECONFIG", f"{first}:{second}")
    outcome = lint("--cluster", "prod", "--context", "staging", "--today", "2026-11-24", "--select", SELECT)
    assert outcome.code == 3
    assert (
        f"eks-lint: cluster prod: Kubernetes objects not read: KUBECONFIG {first}:{second}: "
        "no context named 'staging'"
    ) in outcome.stderr.splitlines()
    assert "--kubeconfig" not in outcome.stderr
    assert api.requests == []


# --- HTTPS_PROXY / NO_PROXY, as kubectl honours them ----------------------------------------


@pytest.fixture
def proxy():
    from fake_apiserver import ConnectProxy

    server = ConnectProxy()
    yield server
    server.stop()


def _behind_proxy(aws, api, monkeypatch):
    """The cluster's endpoint is a name this machine cannot resolve: only the proxy reaches it."""
    port = api.url.rsplit(":", 1)[1]
    aws.endpoint = f"https://{PROXIED_NAME}:{port}"
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return port


def _kubeconfig(path, api, server, cluster_extra=None, user=None):
    """A one-context kubeconfig (context prod) for the fake API server, its CA inline;
    the fake server then takes the kubeconfig's static token."""
    api.token, api.token_check = TOKEN, None
    ca = base64.b64encode(api.pki.ca.cert_pem.encode()).decode()
    cluster = {"server": server, "certificate-authority-data": ca, **(cluster_extra or {})}
    path.write_text(
        json.dumps(
            {
                "current-context": "prod",
                "contexts": [{"name": "prod", "context": {"cluster": "prod", "user": "ops"}}],
                "clusters": [{"name": "prod", "cluster": cluster}],
                "users": [{"name": "ops", "user": user if user is not None else {"token": TOKEN}}],
            }
        )
    )
    return path


def _live(*extra):
    return lint("--cluster", "prod", "--region", REGION, "--today", "2026-11-24", "--select", SELECT, *extra)


def test_https_proxy_carries_the_kubernetes_reads(aws, api, proxy, monkeypatch):
    port = _behind_proxy(aws, api, monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "10.0.0.0/8,.internal.example,other.test")
    outcome = _live("--timeout", "5")
    assert outcome.code in (0, 1), outcome.stderr
    assert ("single-replica-workload", "Deployment/shop/api") in by_resource(outcome.findings)
    assert {target for target, _ in proxy.tunnels} == {f"{PROXIED_NAME}:{port}"}


def test_no_proxy_suffix_sends_the_request_direct_and_dns_is_named(aws, api, proxy, monkeypatch):
    _behind_proxy(aws, api, monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "localhost,.eks.test")
    outcome = _live("--timeout", "5")
    assert outcome.code == 3
    assert proxy.tunnels == []
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert line.startswith(
        f"eks-lint: cluster prod: Kubernetes objects not read: cannot resolve {PROXIED_NAME}: "
    )
    assert "a private endpoint's name resolves only inside the cluster's VPC" in line


def test_http_proxy_does_not_apply_to_an_https_api_server(aws, api, proxy, monkeypatch):
    _behind_proxy(aws, api, monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)  # Go (kubectl) uses it for http:// URLs only
    outcome = _live("--timeout", "5")
    assert outcome.code == 3
    assert proxy.tunnels == []
    assert "cannot resolve prod.eks.test" in outcome.stderr


def test_a_refusing_proxy_is_named_without_its_password(aws, api, monkeypatch):
    port = _behind_proxy(aws, api, monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://ops:hunter2@127.0.0.1:1")
    outcome = _live("--timeout", "5")
    assert outcome.code == 3
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert line == (
        f"eks-lint: cluster prod: Kubernetes objects not read: cannot reach https://{PROXIED_NAME}:{port} "
        "through the proxy http://127.0.0.1:1 (from HTTPS_PROXY): ConnectionRefusedError: [Errno 111] "
        "Connection refused; check that proxy, or exempt the server with NO_PROXY"
    )
    assert "hunter2" not in outcome.stderr + outcome.stdout


def test_a_socks5_proxy_in_https_proxy_carries_the_reads(aws, api, monkeypatch):
    from fake_apiserver import Socks5Proxy

    port = _behind_proxy(aws, api, monkeypatch)
    proxy = Socks5Proxy()
    try:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        outcome = _live("--timeout", "5")
        assert outcome.code in (0, 1), outcome.stderr
        assert ("single-replica-workload", "Deployment/shop/api") in by_resource(outcome.findings)
        assert set(proxy.connects) == {(3, PROXIED_NAME, int(port))}  # the proxy resolved the name
    finally:
        proxy.stop()


def test_an_https_proxy_in_a_kubeconfig_carries_the_reads(aws, api, tmp_path, monkeypatch):
    from fake_apiserver import ConnectProxy

    port = _behind_proxy(aws, api, monkeypatch)
    proxy = ConnectProxy(tls=api.pki)
    try:
        server = f"https://{PROXIED_NAME}:{port}"
        kubeconfig = _kubeconfig(tmp_path / "k.yaml", api, server, {"proxy-url": proxy.url})
        outcome = _live("--kubeconfig", str(kubeconfig), "--timeout", "5")
        assert outcome.code in (0, 1), outcome.stderr
        assert ("single-replica-workload", "Deployment/shop/api") in by_resource(outcome.findings)
        assert {target for target, _ in proxy.tunnels} == {f"{PROXIED_NAME}:{port}"}
    finally:
        proxy.stop()


def test_a_proxy_of_an_unknown_scheme_is_refused_with_a_clear_message(aws, api, monkeypatch):
    _behind_proxy(aws, api, monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "socks4://127.0.0.1:1080")
    outcome = _live("--timeout", "5")
    assert outcome.code == 3
    assert (
        "eks-lint: cluster prod: Kubernetes objects not read: HTTPS_PROXY: proxy socks4://127.0.0.1:1080: "
        "the scheme must be http://, https://, socks5:// or socks5h:// (as kubectl takes them)"
    ) in outcome.stderr.splitlines()
    assert api.requests == []


# --- requests: one discovery, none per namespace ------------------------------------------


def _namespaces(api, count):
    api.lists["/api/v1/namespaces"] = [{"metadata": {"name": f"team-{i}"}} for i in range(count)]
    api.lists["/apis/apps/v1/deployments"] = [
        {
            "metadata": {"name": "web", "namespace": f"team-{i}", "managedFields": [{"manager": "helm"}]},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "web:1.0.0"}]},
                },
            },
        }
        for i in range(count)
    ]
    api.lists["/api/v1/services"] = [
        {
            "metadata": {"name": "web", "namespace": f"team-{i}"},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]},
        }
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [10, 1000])
def test_request_count_does_not_grow_with_namespaces(aws, api, count):
    _namespaces(api, count)
    outcome = lint(
        "--cluster", "prod", "--region", REGION, "--today", "2026-11-24",
        "--select", "single-replica-workload,karpenter-deprecated-api",
    )  # fmt: skip
    assert outcome.code in (0, 1), outcome.stderr
    flagged = [f for f in outcome.findings if f["name"] == "single-replica-workload"]
    assert len(flagged) == count
    first_pages = sorted(path for path, query, _ in api.requests if not query.get("continue"))
    # One /apis answers for the six Karpenter kinds (none installed): no probe for any of them.
    assert first_pages == [
        "/api/v1/services",
        "/apis",
        "/apis/apps/v1/deployments",
        "/apis/apps/v1/statefulsets",
        "/apis/autoscaling/v2/horizontalpodautoscalers",
        "/version",
    ]
    pages = len(api.requests) - len(first_pages)
    # Only the continue pages of deployments and services (500 a page) grow with the cluster.
    assert pages == 2 * ((count - 1) // 500)


@pytest.mark.parametrize("count", [10, 1000])
def test_pods_are_listed_as_metadata_and_only_bare_ones_fetched(aws, api, count):
    owner = {"kind": "ReplicaSet", "name": "web-5d8f", "controller": True, "uid": "1"}
    api.lists["/api/v1/pods"] = [
        {
            "metadata": {"name": f"web-5d8f-{i}", "namespace": f"team-{i}", "ownerReferences": [owner]},
            "spec": {"containers": [{"name": "web", "image": "web:1.0.0"}]},
        }
        for i in range(count)
    ] + [
        {
            "metadata": {"name": "debug", "namespace": f"team-{i}"},
            "spec": {"containers": [{"name": "sh", "image": "busybox:1.36"}]},
        }
        for i in (3, 7)
    ]
    outcome = lint("--cluster", "prod", "--region", REGION, "--today", "2026-11-24", "--select", "naked-pod")
    assert outcome.code in (0, 1), outcome.stderr
    assert sorted(by_resource(outcome.findings)) == [
        ("naked-pod", "Pod/team-3/debug"),
        ("naked-pod", "Pod/team-7/debug"),
    ]
    pod_requests = [
        (path, accept) for path, accept in zip(api.paths(), api.accepts, strict=True) if "pods" in path
    ]
    pages = (count + 2 - 1) // 500 + 1
    metadata = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
    assert pod_requests == [("/api/v1/pods", metadata)] * pages + [
        ("/api/v1/namespaces/team-3/pods/debug", "application/json"),
        ("/api/v1/namespaces/team-7/pods/debug", "application/json"),
    ]


def test_collect_records_a_proxys_html_page_as_its_status(aws, api, tmp_path):
    api.html["/apis/apps/v1/statefulsets"] = 502
    output = tmp_path / "prod.json"
    outcome = cli(
        "collect", "--cluster", "prod", "--region", REGION, "--select", SELECT, "-q",
        "--output", str(output), "--allow-partial",
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    errors = json.loads(output.read_text())["errors"]
    assert [(e["code"], e["message"]) for e in errors if e["operation"] == "k8s:list statefulsets"] == [
        ("HTTP502", "statefulsets (apps/v1): HTTP502: an HTML page, not a Kubernetes API answer")
    ]
    assert "<title>" not in output.read_text() + outcome.stderr


# --- errors as users read them: who was refused, what was denied, and TLS ------------------


def test_a_401_names_the_iam_principal_behind_the_minted_token(aws, api):
    api.token_check = lambda token: False  # the cluster has no access entry for this principal
    outcome = _live("--timeout", "5")
    assert outcome.code == 3
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert line == (
        f"eks-lint: cluster prod: Kubernetes objects not read: {api.url} refused the credentials of the "
        "IAM principal arn:aws:sts::123456789012:user/moto (AWS credentials from env) (401: Unauthorized): "
        "that principal has no access entry (or aws-auth mapping) in this cluster, or the token expired; "
        "add an access entry for it, or pass --kubeconfig with working credentials"
    )
    assert api.paths() == ["/version"]


def test_a_401_names_the_kubeconfig_user_and_its_exec_plugin_never_the_token(aws, api, tmp_path):
    plugin = tmp_path / "get-token.py"
    plugin.write_text(
        "import json\n"
        'print(json.dumps({"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",'
        ' "status": {"token": "k8s-aws-v1.revoked-secret-token"}}))\n'
    )
    exec_spec = {
        "apiVersion": "client.authentication.k8s.io/v1",
        "command": sys.executable,
        "args": [str(plugin), "--cluster-name", "prod"],
        "interactiveMode": "Never",
    }
    kubeconfig = _kubeconfig(tmp_path / "k.yaml", api, api.url, user={"exec": exec_spec})
    outcome = _live("--kubeconfig", str(kubeconfig), "--timeout", "5")
    assert outcome.code == 3
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert (
        f"refused the credentials of user 'ops' of --kubeconfig {kubeconfig} (the exec plugin "
        f"'{sys.executable} {plugin} --cluster-name prod') (401: Unauthorized)"
    ) in line
    assert "revoked-secret-token" not in outcome.stderr + outcome.stdout


def test_a_wrong_ca_is_one_tls_line_and_insecure_as_a_string_is_not_honoured(aws, api, tmp_path):
    # kubectl honours insecure-skip-tls-verify only as a YAML boolean true.
    kubeconfig = _kubeconfig(tmp_path / "k.yaml", api, api.url, {"insecure-skip-tls-verify": "true"})
    config = json.loads(kubeconfig.read_text())
    other_ca = base64.b64encode(api.pki.other_ca.cert_pem.encode()).decode()
    config["clusters"][0]["cluster"]["certificate-authority-data"] = other_ca
    kubeconfig.write_text(json.dumps(config))
    outcome = _live("--kubeconfig", str(kubeconfig), "--timeout", "5")
    assert outcome.code == 3
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert line.startswith(
        f"eks-lint: cluster prod: Kubernetes objects not read: TLS verification of {api.url} failed "
        "(self-signed certificate in certificate chain): the certificate does not match the cluster's "
        "certificate authority"
    )
    assert "WITHOUT verifying" not in outcome.stderr
    assert api.requests == []


def test_insecure_skip_tls_verify_is_honoured_and_reported_everywhere(aws, api, tmp_path):
    kubeconfig = _kubeconfig(tmp_path / "k.yaml", api, api.url, {"insecure-skip-tls-verify": True})
    config = json.loads(kubeconfig.read_text())
    del config["clusters"][0]["cluster"]["certificate-authority-data"]
    kubeconfig.write_text(json.dumps(config))
    warning = (
        f"eks-lint: cluster prod: warning: the API server {api.url} was read WITHOUT verifying its "
        f"certificate (insecure-skip-tls-verify: true in --kubeconfig {kubeconfig}: cluster 'prod'); "
        "whoever is on the path could have answered; set certificate-authority-data instead"
    )
    outcome = _live("--kubeconfig", str(kubeconfig), "--timeout", "5")
    assert outcome.code in (0, 1), outcome.stderr
    assert ("single-replica-workload", "Deployment/shop/api") in by_resource(outcome.findings)
    assert warning in outcome.stderr.splitlines()
    [cluster] = outcome.report["summary"]["clusters"]
    assert cluster["kubernetes_access"] == {
        "server": api.url,
        "identity": f"user 'ops' of --kubeconfig {kubeconfig} (its token)",
        "tls": "insecure-skip-tls-verify",
        "tls_origin": f"--kubeconfig {kubeconfig}: cluster 'prod'",
    }
    # collect writes it into the snapshot; check --snapshot reports it again.
    output = tmp_path / "prod.json"
    collected = cli(
        "collect", "--cluster", "prod", "--region", REGION, "--select", SELECT, "-q",
        "--kubeconfig", str(kubeconfig), "--output", str(output),
    )  # fmt: skip
    assert collected.code == 0, collected.stderr
    assert warning in collected.stderr.splitlines()
    assert json.loads(output.read_text())["kubernetes_access"] == cluster["kubernetes_access"]
    text = cli("check", "--snapshot", str(output), "--select", SELECT, "--today", "2026-11-24")
    assert "Kubernetes objects read without TLS verification (insecure-skip-tls-verify)" in text.stdout


def test_a_verified_read_records_how_the_api_server_was_reached(aws, api, tmp_path):
    output = tmp_path / "prod.json"
    outcome = cli(
        "collect", "--cluster", "prod", "--region", REGION, "--select", SELECT, "-q", "-o", str(output)
    )
    assert outcome.code == 0, outcome.stderr
    assert json.loads(output.read_text())["kubernetes_access"] == {
        "server": api.url,
        "identity": "the IAM principal of the AWS credentials from env",
        "tls": "verified",
    }
    assert "WITHOUT verifying" not in outcome.stderr


def test_an_api_server_that_does_not_answer_in_time_is_one_timeout_line(aws, api):
    api.slow["/version"] = 10
    outcome = _live("--timeout", "0.5")
    assert outcome.code == 3
    line = next(line for line in outcome.stderr.splitlines() if "Kubernetes objects not read" in line)
    assert line.startswith(
        f"eks-lint: cluster prod: Kubernetes objects not read: {api.url}: no complete answer in 0.5 s"
    )


# --- collect then check --snapshot says what check --cluster says ----------------------------


@pytest.mark.parametrize("count", [10, 1000])
def test_collect_then_check_snapshot_equals_check_cluster_finding_for_finding(aws, api, tmp_path, count):
    _namespaces(api, count)
    api.lists["/api/v1/nodes"] = [
        {
            "metadata": {
                "name": "ip-10-0-0-12.eu-west-1.compute.internal",
                "labels": {"kubernetes.io/os": "linux"},
            },
            "status": {"nodeInfo": {"kubeletVersion": "v1.30.9-eks-5d632ec", "kubeProxyVersion": "v1.30.9"}},
        }
    ]
    api.lists["/api/v1/pods"] = [
        {  # a bare pod: nothing recreates it after a drain
            "metadata": {"name": "debug", "namespace": "shop"},
            "spec": {"containers": [{"name": "sh", "image": "busybox:latest"}]},
        }
    ]
    # moto answers 404 for a few EKS calls (ListInsights, ...): both runs accept that alike.
    everything = ("--today", "2026-11-24", "--timeout", "5", "--allow-partial")
    live = lint("--cluster", "prod", "--region", REGION, *everything)
    assert live.code in (0, 1), live.stderr
    snapshot = tmp_path / "prod.json"
    collected = cli(
        "collect",
        "--cluster",
        "prod",
        "--region",
        REGION,
        "-q",
        "-o",
        str(snapshot),
        "--timeout",
        "5",
        "--allow-partial",
    )
    assert collected.code == 0, collected.stderr
    offline = lint("--snapshot", str(snapshot), "--today", "2026-11-24", "--allow-partial")
    assert offline.code == live.code, offline.stderr

    def comparable(outcome):
        return sorted(
            json.dumps(
                {key: finding[key] for key in ("code", "name", "severity", "message", "resource", "path")}
            )
            for finding in outcome.findings
        )

    assert live.findings and comparable(offline) == comparable(live)
    flagged = [f for f in live.findings if f["name"] == "single-replica-workload"]
    assert len(flagged) == count
    names = {finding["name"] for finding in live.findings}
    # Findings from both sides: the AWS cluster and the live objects.
    assert {"control-plane-logging-disabled", "single-replica-workload"} <= names
    assert any("Pod/shop/debug" in str(by_resource([f])) for f in live.findings)
    assert offline.report["summary"]["rules_skipped"] == live.report["summary"]["rules_skipped"]


def test_an_impersonating_read_is_recorded_and_its_snapshot_checks(aws, api, tmp_path):
    kubeconfig = _kubeconfig(
        tmp_path / "k.yaml", api, api.url, user={"token": TOKEN, "as": "auditor", "as-groups": ["readers"]}
    )
    output = tmp_path / "prod.json"
    collected = cli(
        "collect", "--cluster", "prod", "--region", REGION, "--select", SELECT, "-q",
        "--kubeconfig", str(kubeconfig), "--output", str(output),
    )  # fmt: skip
    assert collected.code == 0, collected.stderr
    assert api.impersonations and all(
        headers == [("Impersonate-User", "auditor"), ("Impersonate-Group", "readers")]
        for headers in api.impersonations
    )
    access = json.loads(output.read_text())["kubernetes_access"]
    assert access["impersonating"] == "'auditor' (groups readers)"
    assert access["identity"].endswith("(its token) impersonating 'auditor' (groups readers)")
    checked = cli("check", "--snapshot", str(output), "--select", SELECT, "--today", "2026-11-24")
    assert checked.code in (0, 1), checked.stderr
