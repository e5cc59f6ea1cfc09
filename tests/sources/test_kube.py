"""The live Kubernetes reader against a fake HTTPS API server on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import socket
import sys
import textwrap
from pathlib import Path

import pytest
from fake_apiserver import FORBIDDEN_USER, TOKEN, FakeApiServer

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.registry import discover
from eks_lint.sources.kube import (
    API_KINDS,
    Endpoint,
    add_live_objects,
    endpoint_for_cluster,
    endpoint_from_kubeconfig,
    kinds_to_read,
    read_objects,
)

DEPLOYMENTS = "/apis/apps/v1/deployments"


def endpoint(api: FakeApiServer, **changes) -> Endpoint:
    values = {"server": api.url, "ca_pem": api.pki.ca.cert_pem, "token": TOKEN, "name": "test"}
    values.update(changes)
    return Endpoint(**values)


def deployment(name: str, namespace: str = "shop", **extra) -> dict:
    # List items come without apiVersion and kind, as from a real API server.
    return {
        "metadata": {
            "name": name,
            "namespace": namespace,
            "managedFields": [{"manager": "kubectl"}],
            **extra,
        },
        "spec": {"replicas": 2},
    }


def test_lists_are_paged_and_items_get_api_version_and_kind(api):
    api.lists[DEPLOYMENTS] = [deployment(f"app-{i:04}") for i in range(1201)]
    read = read_objects(endpoint(api), ["Deployment"], page_size=500)
    assert read.errors == []
    assert read.connected and read.server_version == "v1.31.4-eks-2d5f260"
    assert [obj["metadata"]["name"] for obj in read.objects] == [f"app-{i:04}" for i in range(1201)]
    assert {(obj["apiVersion"], obj["kind"]) for obj in read.objects} == {("apps/v1", "Deployment")}
    assert all("managedFields" not in obj["metadata"] for obj in read.objects)
    pages = [query for path, query, _ in api.requests if path == DEPLOYMENTS]
    assert pages == [
        {"limit": "500"},
        {"limit": "500", "continue": "offset-500"},
        {"limit": "500", "continue": "offset-1000"},
    ]
    assert all(auth == f"Bearer {TOKEN}" for _, _, auth in api.requests)


def test_only_the_kinds_asked_for_are_read_and_never_secrets(api):
    api.lists["/api/v1/nodes"] = [{"metadata": {"name": "ip-10-0-1-5"}}]
    read = read_objects(endpoint(api), ["Node", "Secret", "NoSuchKind"])
    assert [(o["kind"], o["metadata"]["name"]) for o in read.objects] == [("Node", "ip-10-0-1-5")]
    assert api.paths() == ["/version", "/api/v1/nodes"]


def test_replicasets_pods_and_jobs_with_an_owner_are_left_out(api):
    owner = {"ownerReferences": [{"kind": "Deployment", "name": "web", "controller": True}]}
    api.lists["/apis/apps/v1/replicasets"] = [deployment("web-5d8f", **owner), deployment("bare-rs")]
    api.lists["/api/v1/pods"] = [deployment("web-5d8f-abcde", **owner), deployment("debug")]
    api.lists["/apis/batch/v1/jobs"] = [deployment("nightly-2891", **owner), deployment("migrate")]
    read = read_objects(endpoint(api), ["ReplicaSet", "Pod", "Job"])
    assert read.errors == []
    assert sorted((o["kind"], o["metadata"]["name"]) for o in read.objects) == [
        ("Job", "migrate"),
        ("Pod", "debug"),
        ("ReplicaSet", "bare-rs"),
    ]


def test_owner_less_kinds_are_listed_as_metadata_then_only_the_bare_ones_read_whole(api):
    owner = {"ownerReferences": [{"kind": "ReplicaSet", "name": "web-5d8f", "controller": True}]}
    pods = [deployment(f"web-5d8f-{i}", namespace=f"team-{i}", **owner) for i in range(7)]
    pods.append({**deployment("debug", namespace="team-3"), "spec": {"containers": [{"name": "sh"}]}})
    api.lists["/api/v1/pods"] = pods
    read = read_objects(endpoint(api), ["Pod"], page_size=3)
    assert read.errors == []
    [pod] = read.objects
    # The bare pod in full (its spec), as a GET answers it; no managedFields.
    assert (pod["apiVersion"], pod["kind"], pod["metadata"], pod["spec"]) == (
        "v1", "Pod", {"name": "debug", "namespace": "team-3"}, {"containers": [{"name": "sh"}]},
    )  # fmt: skip
    pairs = zip(api.paths(), api.accepts, strict=True)
    lists = [accept for path, accept in pairs if path == "/api/v1/pods"]
    assert lists == ["application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"] * 3
    assert api.paths()[-1] == "/api/v1/namespaces/team-3/pods/debug"  # one GET, for the bare pod only
    assert len(api.requests) == 1 + 3 + 1  # /version, three metadata pages, one GET


def test_a_server_without_metadata_lists_is_read_in_full_as_before(api):
    api.partial_metadata = False  # kube-apiserver before 1.15 ignores the as= parameter
    api.lists["/api/v1/pods"] = [deployment("debug"), deployment("web-1", ownerReferences=[{"kind": "Job"}])]
    read = read_objects(endpoint(api), ["Pod"])
    assert [(o["kind"], o["metadata"]["name"], o["spec"]) for o in read.objects] == [
        ("Pod", "debug", {"replicas": 2})
    ]
    assert api.paths() == ["/version", "/api/v1/pods"]


def test_many_owner_less_objects_are_listed_in_full_not_fetched_one_by_one(api, monkeypatch):
    from eks_lint.sources import kube

    monkeypatch.setattr(kube, "MAX_SINGLE_GETS", 3)
    api.lists["/apis/batch/v1/jobs"] = [deployment(f"migrate-{i}") for i in range(5)]
    read = read_objects(endpoint(api), ["Job"], page_size=2)
    assert sorted(o["metadata"]["name"] for o in read.objects) == [f"migrate-{i}" for i in range(5)]
    assert all(o["spec"] == {"replicas": 2} for o in read.objects)
    # Three metadata pages, then the same three pages in full: no GET per Job.
    assert api.paths() == ["/version"] + ["/apis/batch/v1/jobs"] * 6
    assert [a.startswith("application/json;as=") for a in api.accepts[1:]] == [True] * 3 + [False] * 3


def test_an_owner_less_object_deleted_after_the_list_is_not_a_fault(api):
    api.lists["/apis/apps/v1/replicasets"] = [deployment("bare-rs"), deployment("gone-rs")]
    api.statuses["/apis/apps/v1/namespaces/shop/replicasets/gone-rs"] = 404
    read = read_objects(endpoint(api), ["ReplicaSet"])
    assert read.errors == [] and [o["metadata"]["name"] for o in read.objects] == ["bare-rs"]


def test_configmaps_are_read_by_name_and_a_missing_one_is_not_a_fault(api):
    aws_auth = {"metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": {"mapRoles": "[]"}}
    api.objects["/api/v1/namespaces/kube-system/configmaps/aws-auth"] = aws_auth
    read = read_objects(endpoint(api), ["ConfigMap"])
    assert read.errors == []
    assert [(o["apiVersion"], o["kind"], o["metadata"]["name"]) for o in read.objects] == [
        ("v1", "ConfigMap", "aws-auth")
    ]
    assert sorted(api.paths()) == [
        "/api/v1/namespaces/kube-system/configmaps/amazon-vpc-cni",
        "/api/v1/namespaces/kube-system/configmaps/aws-auth",
        "/version",
    ]


def test_a_refused_token_is_one_connect_error_and_no_list_is_tried(api):
    api.lists[DEPLOYMENTS] = [deployment("api")]
    read = read_objects(endpoint(api, token="k8s-aws-v1.wrong"), ["Deployment", "Node"])
    assert not read.connected and read.objects == []
    assert len(read.errors) == 1
    error = read.errors[0]
    assert (error["operation"], error["target"], error["code"], error["part"]) == (
        "k8s:connect",
        api.url,
        "Unauthorized",
        "kubernetes",
    )
    assert "access entry" in error["message"] and "\n" not in error["message"]
    assert api.paths() == ["/version"]


def test_forbidden_list_is_recorded_and_the_others_still_read(api):
    api.lists[DEPLOYMENTS] = [deployment("api")]
    api.statuses["/api/v1/nodes"] = 403
    read = read_objects(endpoint(api, identity="user 'ci' (its token)"), ["Deployment", "Node"])
    assert [o["metadata"]["name"] for o in read.objects] == ["api"]
    assert [(e["operation"], e["target"], e["code"]) for e in read.errors] == [
        ("k8s:list nodes", "/api/v1/nodes", "Forbidden")
    ]
    assert read.errors[0]["message"] == (
        "user 'ci' (its token) may not list nodes in the core API group (403: nodes is forbidden: "
        f'User "{FORBIDDEN_USER}" cannot list resource "nodes" in API group "" at the cluster scope): '
        "grant list on nodes to it (an access policy such as AmazonEKSAdminViewPolicy, or a "
        "ClusterRole bound to its group); rules reading them run without them"
    )
    assert read.errors[0]["part"] == "kubernetes" and read.errors[0]["kind"] == "Node"


def test_a_403_without_the_servers_words_names_the_request_refused(api):
    # A webhook authorizer (or a proxy) may answer 403 with its own message: the
    # verb and resource then come from the request that was refused.
    path = "/api/v1/namespaces/kube-system/configmaps/aws-auth"
    api.statuses[path] = 403
    api.messages[path] = "denied by the cluster's policy engine"
    read = read_objects(endpoint(api, identity="user 'ci' (its token)"), ["ConfigMap"])
    assert [(e["operation"], e["code"]) for e in read.errors] == [("k8s:get configmaps", "Forbidden")]
    assert read.errors[0]["message"].startswith(
        "user 'ci' (its token) may not get configmaps in the core API group "
        "(403: denied by the cluster's policy engine): grant get on configmaps to it"
    )


def test_an_api_group_that_is_not_served_is_not_found(api):
    read = read_objects(endpoint(api), ["ENIConfig"])
    assert [(e["operation"], e["target"], e["code"]) for e in read.errors] == [
        ("k8s:list eniconfigs", "/apis/crd.k8s.amazonaws.com/v1alpha1/eniconfigs", "NotFound")
    ]
    assert "no ENIConfig CRD" in read.errors[0]["message"]
    assert "kind" not in read.errors[0]  # not served: there are none, which rules may judge
    assert "part" not in read.errors[0]  # a note, not a failed read
    assert read.connected and read.objects == []


def test_a_list_failing_on_a_later_page_keeps_none_of_it(api):
    api.lists[DEPLOYMENTS] = [deployment(f"app-{i}") for i in range(5)]
    api.continue_statuses[DEPLOYMENTS] = [200, 403]
    read = read_objects(endpoint(api), ["Deployment"], page_size=2)
    assert read.objects == []
    assert [(e["operation"], e["code"]) for e in read.errors] == [("k8s:list deployments", "Forbidden")]


def test_an_expired_continue_token_restarts_the_list_once(api):
    api.lists[DEPLOYMENTS] = [deployment(f"app-{i}") for i in range(5)]
    api.continue_statuses[DEPLOYMENTS] = [410]
    read = read_objects(endpoint(api), ["Deployment"], page_size=2)
    assert read.errors == []
    assert [o["metadata"]["name"] for o in read.objects] == [f"app-{i}" for i in range(5)]
    queries = [query for path, query, _ in api.requests if path == DEPLOYMENTS]
    assert [q.get("continue") for q in queries] == [None, "offset-2", None, "offset-2", "offset-4"]


def test_a_slow_answer_times_out(api):
    api.lists[DEPLOYMENTS] = [deployment("api")]
    api.slow[DEPLOYMENTS] = 5
    read = read_objects(endpoint(api), ["Deployment"], timeout=0.3)
    assert [(e["operation"], e["code"]) for e in read.errors] == [("k8s:list deployments", "Timeout")]
    assert "--timeout" in read.errors[0]["message"]


def test_tls_verification_fails_against_a_wrong_ca(api):
    read = read_objects(endpoint(api, ca_pem=api.pki.other_ca.cert_pem), ["Deployment"])
    assert not read.connected
    assert [(e["operation"], e["code"], e["part"]) for e in read.errors] == [
        ("k8s:connect", "TLSVerifyFailed", "kubernetes")
    ]
    assert "certificate authority" in read.errors[0]["message"]
    assert api.requests == []  # the token never left the client


def test_tls_verification_fails_without_the_cluster_ca(api):
    read = read_objects(endpoint(api, ca_pem=None), ["Deployment"])
    assert [e["code"] for e in read.errors] == ["TLSVerifyFailed"]


def test_an_unreachable_endpoint_names_the_private_endpoint(pki):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cluster = {
        "name": "prod",
        "endpoint": f"https://127.0.0.1:{port}",
        "certificateAuthority": {"data": base64.b64encode(pki.ca.cert_pem.encode()).decode()},
        "resourcesVpcConfig": {"endpointPublicAccess": False, "endpointPrivateAccess": True},
    }
    read = read_objects(endpoint_for_cluster(cluster, TOKEN), ["Deployment"], timeout=2)
    assert [(e["operation"], e["code"]) for e in read.errors] == [("k8s:connect", "Unreachable")]
    message = read.errors[0]["message"]
    assert "endpointPublicAccess: false" in message and "inside the cluster's VPC" in message


def test_endpoint_for_cluster_uses_describe_cluster_endpoint_and_ca(api):
    cluster = {
        "name": "prod",
        "status": "ACTIVE",
        "endpoint": api.url,
        "certificateAuthority": {"data": base64.b64encode(api.pki.ca.cert_pem.encode()).decode()},
        "resourcesVpcConfig": {"endpointPublicAccess": True, "publicAccessCidrs": ["203.0.113.0/24"]},
    }
    target = endpoint_for_cluster(cluster, TOKEN)
    assert "only admits 203.0.113.0/24" in target.hint
    api.lists["/api/v1/namespaces"] = [{"metadata": {"name": "default"}}]
    read = read_objects(target, ["Namespace"])
    assert [(o["kind"], o["metadata"]["name"]) for o in read.objects] == [("Namespace", "default")]


def test_a_creating_cluster_has_no_endpoint_yet():
    with pytest.raises(EksLintError, match="status CREATING"):
        endpoint_for_cluster({"name": "new", "status": "CREATING"}, TOKEN)


def test_every_kind_the_builtin_rules_read_is_mapped_or_deliberately_absent():
    """A kind a rule reads but the live reader does not map is silently missing
    from live checks: map it in eks_lint.sources.kube.API_KINDS."""
    kinds = {kind for rule in discover(plugins=False) for kind in rule.meta.kinds}
    # ScaledObject (KEDA) is read from manifests; in a live cluster KEDA creates an
    # HPA for each one (keda-hpa-<name>), which the reader lists.
    assert kinds - set(API_KINDS) <= {"Secret", "ScaledObject"}
    assert "Secret" not in {api.kind for api in kinds_to_read(kinds)}


def test_an_older_karpenter_api_version_is_read_when_v1_is_not_served(api):
    api.lists["/apis/karpenter.sh/v1beta1/nodepools"] = [{"metadata": {"name": "default"}}]
    read = read_objects(endpoint(api), ["NodePool", "EC2NodeClass"])
    assert [(o["apiVersion"], o["kind"]) for o in read.objects] == [("karpenter.sh/v1beta1", "NodePool")]
    assert [(e["target"], e["code"]) for e in read.errors] == [
        ("/apis/karpenter.k8s.aws/v1/ec2nodeclasses", "NotFound")
    ]
    assert "Karpenter is not installed" in read.errors[0]["message"]


# --- kubeconfig ---------------------------------------------------------------


def write_kubeconfig(folder: Path, api: FakeApiServer, user: dict, cluster_extra: dict | None = None) -> Path:
    (folder / "ca.crt").write_text(api.pki.ca.cert_pem)
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "current-context": "other",
        "contexts": [
            {"name": "other", "context": {"cluster": "nowhere", "user": "nobody"}},
            {"name": "prod", "context": {"cluster": "prod", "user": "prod-user"}},
        ],
        "clusters": [
            {"name": "nowhere", "cluster": {"server": "https://127.0.0.1:1"}},
            {
                "name": "prod",
                "cluster": {"server": api.url, "certificate-authority": "ca.crt", **(cluster_extra or {})},
            },
        ],
        "users": [{"name": "nobody", "user": {}}, {"name": "prod-user", "user": user}],
    }
    path = folder / "kubeconfig"
    path.write_text(json.dumps(config))  # JSON is YAML
    return path


def test_kubeconfig_context_with_a_token_file(api, tmp_path):
    (tmp_path / "token").write_text(TOKEN + "\n")
    path = write_kubeconfig(tmp_path, api, {"tokenFile": "token"})
    target = endpoint_from_kubeconfig(str(path), "prod")
    assert (target.server, target.token) == (api.url, TOKEN)
    api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
    assert [o["metadata"]["name"] for o in read_objects(target, ["Node"]).objects] == ["n1"]


def test_kubeconfig_exec_plugin_gives_the_token(api, tmp_path):
    plugin = tmp_path / "plugin.py"
    plugin.write_text(
        textwrap.dedent(
            f"""
            import json, os, sys
            info = json.loads(os.environ["KUBERNETES_EXEC_INFO"])
            assert info["kind"] == "ExecCredential" and os.environ["CLUSTER"] == sys.argv[1] == "prod"
            print(json.dumps({{"apiVersion": info["apiVersion"], "kind": "ExecCredential",
                              "status": {{"token": {TOKEN!r}}}}}))
            """
        )
    )
    user = {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": sys.executable,
            "args": [str(plugin), "prod"],
            "env": [{"name": "CLUSTER", "value": "prod"}],
        }
    }
    target = endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod")
    assert target.token == TOKEN
    assert read_objects(target, []).connected


def test_kubeconfig_failing_exec_plugin_is_a_user_error(api, tmp_path):
    user = {
        "exec": {"command": sys.executable, "args": ["-c", "import sys; sys.exit('expired SSO session')"]}
    }
    with pytest.raises(EksLintError, match="failed \\(exit 1\\): expired SSO session"):
        endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod")


def test_an_exec_plugin_that_must_prompt_is_refused_not_run(api, tmp_path):
    ran = tmp_path / "ran"
    user = {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": sys.executable,
            "args": ["-c", f"open({str(ran)!r}, 'w').close()"],
            "interactiveMode": "Always",
        }
    }
    with pytest.raises(EksLintError, match="asks for a terminal \\(interactiveMode: Always\\)"):
        endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod")
    assert not ran.exists()


def test_an_exec_plugin_is_told_not_interactive_and_reads_no_terminal(api, tmp_path):
    plugin = tmp_path / "plugin.py"
    plugin.write_text(
        textwrap.dedent(
            f"""
            import json, os, sys
            info = json.loads(os.environ["KUBERNETES_EXEC_INFO"])
            assert info["spec"]["interactive"] is False
            assert sys.stdin.read() == ""  # nothing to prompt on
            print(json.dumps({{"apiVersion": info["apiVersion"], "kind": "ExecCredential",
                              "status": {{"token": {TOKEN!r}}}}}))
            """
        )
    )
    user = {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": sys.executable,
            "args": [str(plugin)],
            "interactiveMode": "IfAvailable",
        }
    }
    assert endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod").token == TOKEN


def test_kubeconfig_client_certificate_data(api, tmp_path):
    api.require_client_cert = True
    user = {
        "client-certificate-data": base64.b64encode(api.pki.client.cert_pem.encode()).decode(),
        "client-key-data": base64.b64encode(api.pki.client.key_pem.encode()).decode(),
    }
    target = endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod")
    assert target.token is None
    read = read_objects(target, [])
    assert read.connected, read.errors


def test_kubeconfig_tls_server_name_is_verified(api, tmp_path):
    path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"tls-server-name": "kubernetes.default"})
    read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), [])
    assert [e["code"] for e in read.errors] == ["TLSVerifyFailed"]  # the cert names localhost only


def test_kubeconfig_current_context_and_unknown_context(api, tmp_path):
    path = write_kubeconfig(tmp_path, api, {"token": TOKEN})
    assert endpoint_from_kubeconfig(str(path)).server == "https://127.0.0.1:1"
    with pytest.raises(EksLintError, match="no context named 'staging'"):
        endpoint_from_kubeconfig(str(path), "staging")
    with pytest.raises(EksLintError, match="--kubeconfig"):
        endpoint_from_kubeconfig(str(tmp_path / "missing"), "prod")


# --- the collector's hook -----------------------------------------------------


def _rules(*kinds: str):
    from eks_lint.engine.model import Rule

    return [Rule(code="TST001", name="test-rule", severity="info", summary="test", kinds=kinds)]


def test_add_live_objects_mints_a_token_and_fills_the_snapshot(api, monkeypatch):
    import botocore.session

    from eks_lint.sources import eks_token

    session = botocore.session.Session()
    session.set_credentials("AKIDTEST", "secret")
    minted = []
    real = eks_token.get_token

    def spy(name, session_, region):
        minted.append((name, region))
        token = real(name, session_, region)
        api.token = token
        return token

    monkeypatch.setattr(eks_token, "get_token", spy)
    api.lists[DEPLOYMENTS] = [deployment("api")]
    api.statuses["/api/v1/nodes"] = 403
    snapshot = {
        "region": "eu-west-1",
        "cluster": {
            "name": "prod",
            "endpoint": api.url,
            "certificateAuthority": {"data": base64.b64encode(api.pki.ca.cert_pem.encode()).decode()},
        },
        "errors": [{"operation": "iam:GetRole", "code": "AccessDenied"}],
    }
    add_live_objects(snapshot, _rules("Deployment", "Node"), session=session)
    assert minted == [("prod", "eu-west-1")]
    assert [(o["kind"], o["metadata"]["name"]) for o in snapshot["kubernetes"]] == [("Deployment", "api")]
    assert [(e["operation"], e.get("code")) for e in snapshot["errors"]] == [
        ("iam:GetRole", "AccessDenied"),
        ("k8s:list nodes", "Forbidden"),
    ]


def test_add_live_objects_leaves_kubernetes_absent_when_the_cluster_has_no_endpoint():
    snapshot = {"cluster": {"name": "new", "status": "CREATING"}}
    assert add_live_objects(snapshot, _rules("Deployment")) is None
    assert "kubernetes" not in snapshot
    assert [(e["operation"], e["code"], e["part"]) for e in snapshot["errors"]] == [
        ("k8s:connect", "NoEndpoint", "kubernetes")
    ]


def test_add_live_objects_reads_nothing_when_no_rule_reads_kinds():
    snapshot = {"cluster": {"name": "prod"}}
    assert add_live_objects(snapshot, _rules()) is None
    assert snapshot == {"cluster": {"name": "prod"}}


def test_add_live_objects_picks_the_kubeconfig_context_of_the_cluster(api, tmp_path):
    path = write_kubeconfig(tmp_path, api, {"token": TOKEN})  # current-context points elsewhere
    api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
    snapshot = {"cluster": {"name": "prod", "endpoint": api.url + "/"}}
    add_live_objects(snapshot, _rules("Node"), kubeconfig=str(path), single_cluster=False)
    assert [o["metadata"]["name"] for o in snapshot["kubernetes"]] == ["n1"]
    other = {"cluster": {"name": "staging", "endpoint": "https://staging.example.com"}}
    add_live_objects(other, _rules("Node"), kubeconfig=str(path), single_cluster=False)
    assert "kubernetes" not in other
    assert [(e["code"], e["target"]) for e in other["errors"]] == [
        ("NoContext", "https://staging.example.com")
    ]


def test_a_snapshot_with_live_objects_and_kubernetes_errors_loads(api):
    from eks_lint.sources.snapshot import dump_snapshot, parse_snapshot

    api.lists[DEPLOYMENTS] = [deployment("api")]
    api.statuses["/api/v1/nodes"] = 403
    read = read_objects(endpoint(api), ["Deployment", "Node", "ENIConfig", "ConfigMap"])
    snapshot = {"format": "eks-lint/snapshot@1", "kubernetes": read.objects, "errors": read.errors}
    inventory = parse_snapshot(dump_snapshot(snapshot)).to_inventory()
    assert [obj.display() for obj in inventory.objects] == ["Deployment/shop/api"]
    assert [e["operation"] for e in inventory.errors] == ["k8s:list nodes", "k8s:list eniconfigs"]


def test_add_live_objects_refuses_one_context_for_several_clusters(tmp_path):
    with pytest.raises(EksLintError, match="single --cluster"):
        add_live_objects({"cluster": {"name": "a"}}, _rules("Node"), context="prod", single_cluster=False)


def test_cli_options_for_live_kubernetes():
    from eks_lint.cli.parser import build_parser

    args = build_parser().parse_args(
        ["collect", "--cluster", "prod", "--kubeconfig", "k.yaml", "--context", "p", "--timeout", "2.5"]
    )
    assert (args.kubeconfig, args.context, args.timeout) == ("k.yaml", "p", 2.5)
    args = build_parser().parse_args(["check", "--cluster", "prod"])
    assert (args.kubeconfig, args.context, args.timeout) == (None, None, None)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["check", "--cluster", "prod", "--timeout", "0"])


def test_rules_needing_objects_name_the_kubernetes_fault():
    from helpers import run_rule

    from eks_lint.engine.inventory import Inventory

    inventory = Inventory(errors=[{"operation": "k8s:connect", "code": "Unauthorized", "part": "kubernetes"}])
    result = run_rule("single-replica-workload", inventory)
    assert result.skipped == {
        "single-replica-workload": "needs kubernetes: k8s:connect failed (Unauthorized)"
    }


def test_a_cluster_ca_that_is_not_pem_is_recorded_not_fatal():
    snapshot = {
        "cluster": {
            "name": "prod",
            "endpoint": "https://example.invalid",
            "certificateAuthority": {"data": "bm9wZQ"},
        }
    }
    assert add_live_objects(snapshot, _rules("Node")) is None
    assert [(e["operation"], e["code"]) for e in snapshot["errors"]] == [
        ("k8s:connect", "BadCertificateAuthority")
    ]


def test_rules_reading_a_kind_whose_list_failed_are_skipped():
    from helpers import run_rule

    from eks_lint.engine.inventory import Inventory
    from eks_lint.engine.model import K8sObject

    single = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "api", "namespace": "shop"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "api"}},
            "template": {
                "metadata": {"labels": {"app": "api"}},
                "spec": {"containers": [{"name": "a", "image": "example.com/a:1.0.0"}]},
            },
        },
    }
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "api", "namespace": "shop"},
        "spec": {"selector": {"app": "api"}, "ports": [{"port": 80}]},
    }
    inventory = Inventory(parts={"kubernetes": [single, service]})
    inventory.add_objects([K8sObject(single), K8sObject(service)])
    assert [f.name for f in run_rule("single-replica-workload", inventory).findings] == [
        "single-replica-workload"
    ]
    inventory.errors.append(
        {
            "operation": "k8s:list horizontalpodautoscalers",
            "code": "Forbidden",
            "kind": "HorizontalPodAutoscaler",
        }
    )
    result = run_rule("single-replica-workload", inventory)
    assert result.findings == []
    assert result.skipped["single-replica-workload"] == (
        "needs HorizontalPodAutoscaler: k8s:list horizontalpodautoscalers failed (Forbidden)"
    )


def test_kubeconfig_http_proxy_tunnels_to_the_api_server(api, tmp_path):
    from fake_apiserver import ConnectProxy

    proxy = ConnectProxy()
    try:
        proxy_url = proxy.url.replace("http://", "http://ops:p%40ss@")
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy_url})
        api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"])
        assert read.errors == [] and [o["metadata"]["name"] for o in read.objects] == ["n1"]
        port = api.url.rsplit(":", 1)[1]
        expected_auth = "Basic " + base64.b64encode(b"ops:p@ss").decode()
        assert proxy.tunnels and set(proxy.tunnels) == {(f"127.0.0.1:{port}", expected_auth)}
    finally:
        proxy.stop()


def test_kubeconfig_socks5_proxy_with_a_password_reaches_the_api_server(api, tmp_path):
    from fake_apiserver import PROXIED_NAME, Socks5Proxy

    proxy = Socks5Proxy(credentials=("ops", "p@ss"))
    try:
        proxy_url = proxy.url.replace("socks5://", "socks5://ops:p%40ss@")
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy_url})
        port = api.url.rsplit(":", 1)[1]
        config = json.loads(path.read_text())
        config["clusters"][1]["cluster"]["server"] = f"https://{PROXIED_NAME}:{port}"
        path.write_text(json.dumps(config))
        api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"])
        assert read.errors == [] and [o["metadata"]["name"] for o in read.objects] == ["n1"]
        # The name went to the proxy to resolve (address type 3), as Go's SOCKS5 dialer sends it.
        assert set(proxy.connects) == {(3, PROXIED_NAME, int(port))}
        assert set(proxy.logins) == {("ops", "p@ss")}
    finally:
        proxy.stop()


def test_a_socks5_proxy_refusing_the_password_is_a_proxy_fault(api, tmp_path):
    from fake_apiserver import Socks5Proxy

    proxy = Socks5Proxy(credentials=("ops", "right"))
    try:
        proxy_url = proxy.url.replace("socks5://", "socks5://ops:wrong@")
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy_url})
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"])
        assert [(e["code"], e["operation"]) for e in read.errors] == [("ProxyFailed", "k8s:connect")]
        message = read.errors[0]["message"]
        assert message.startswith(f"cannot reach {api.url} through the proxy {proxy.url} (from proxy-url): ")
        assert "SOCKS5 authentication failed" in message and "wrong" not in message
        assert api.requests == []
    finally:
        proxy.stop()


def test_kubeconfig_https_proxy_carries_tls_inside_tls(api, tmp_path):
    from fake_apiserver import ConnectProxy

    proxy = ConnectProxy(tls=api.pki)  # its certificate comes from the cluster's CA
    try:
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy.url})
        api.lists["/api/v1/nodes"] = [{"metadata": {"name": f"n{i}"}} for i in range(3)]
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"], page_size=1)
        assert read.errors == [] and [o["metadata"]["name"] for o in read.objects] == ["n0", "n1", "n2"]
        port = api.url.rsplit(":", 1)[1]
        assert proxy.tunnels and {target for target, _ in proxy.tunnels} == {f"127.0.0.1:{port}"}
        assert [path for path, _, _ in api.requests if path == "/api/v1/nodes"] == ["/api/v1/nodes"] * 3
    finally:
        proxy.stop()


def test_an_https_proxy_whose_certificate_fails_is_named_not_the_api_server(api, pki, tmp_path):
    from fake_apiserver import ConnectProxy, make_pki

    proxy = ConnectProxy(tls=make_pki())  # a CA neither the system nor the kubeconfig trusts
    try:
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy.url})
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"])
        assert [e["code"] for e in read.errors] == ["ProxyFailed"]
        assert (
            "TLS verification of the proxy failed (self-signed certificate in certificate chain)"
            in (read.errors[0]["message"])
        )
        assert proxy.tunnels == [] and api.requests == []
    finally:
        proxy.stop()


def test_a_proxy_refusing_the_tunnel_says_its_status(api, tmp_path):
    from fake_apiserver import ConnectProxy

    proxy = ConnectProxy(refuse="407 Proxy Authentication Required")
    try:
        path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": proxy.url})
        read = read_objects(endpoint_from_kubeconfig(str(path), "prod"), ["Node"])
        assert [e["code"] for e in read.errors] == ["ProxyFailed"]
        assert (
            f"through the proxy {proxy.url} (from proxy-url): the proxy refused the tunnel: "
            "HTTP/1.1 407 Proxy Authentication Required;"
        ) in read.errors[0]["message"]
    finally:
        proxy.stop()


def test_kubeconfig_proxy_of_another_scheme_is_refused(api, tmp_path):
    path = write_kubeconfig(tmp_path, api, {"token": TOKEN}, {"proxy-url": "socks4://127.0.0.1:1080"})
    with pytest.raises(EksLintError, match="the scheme must be http://, https://, socks5:// or socks5h://"):
        endpoint_from_kubeconfig(str(path), "prod")


def test_an_endpoint_that_never_answers_the_handshake_is_unreachable_within_the_timeout(pki):
    # A listener that nobody accepts on: TCP connects, TLS never starts, as
    # with a blackholed private endpoint.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        target = Endpoint(server=f"https://127.0.0.1:{port}", ca_pem=pki.ca.cert_pem, token=TOKEN)
        read = read_objects(target, ["Node"], timeout=0.3)
    assert not read.connected
    assert [(e["operation"], e["code"]) for e in read.errors] == [("k8s:connect", "Unreachable")]
    assert "connect timed out after 0.3 s" in read.errors[0]["message"]


def test_a_locked_down_version_endpoint_does_not_stop_the_lists(api):
    api.statuses["/version"] = 403
    api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
    read = read_objects(endpoint(api), ["Node"])
    assert read.connected and read.server_version is None and read.errors == []
    assert [o["metadata"]["name"] for o in read.objects] == ["n1"]


def test_a_kubeconfig_yaml_error_on_the_token_line_does_not_copy_the_token(tmp_path):
    from eks_lint.sources.aws import KubeAccess, _kube_reader

    kubeconfig = tmp_path / "config"
    kubeconfig.write_text(
        textwrap.dedent(
            """\
            apiVersion: v1
            kind: Config
            users:
            - name: u
              user:
                token: k8s-aws-v1.plantedToken: extra
            """
        )
    )
    with pytest.raises(EksLintError) as raised:
        endpoint_from_kubeconfig(str(kubeconfig), "prod")
    assert str(raised.value) == (
        f"--kubeconfig {kubeconfig}:6:35: malformed YAML: mapping values are not allowed in this context"
    )
    # The same fault of one cluster in a live read becomes the snapshot's error entry.
    snapshot = {"cluster": {"name": "prod", "endpoint": "https://127.0.0.1:1"}, "errors": []}
    rules = [rule.meta for rule in discover() if rule.meta.kinds][:1]
    _kube_reader(KubeAccess(kubeconfig=str(kubeconfig)), rules, None, single=True)(snapshot)
    (error,) = snapshot["errors"]
    assert (error["operation"], error["code"], error["part"]) == (
        "k8s:connect",
        "KubernetesUnavailable",
        "kubernetes",
    )
    assert "plantedToken" not in json.dumps(snapshot)


def test_a_failing_exec_plugins_message_is_scrubbed(api, tmp_path):
    script = "import sys; sys.exit('refused Authorization: Bearer plantedBearerTok')"
    user = {"exec": {"command": sys.executable, "args": ["-c", script]}}
    with pytest.raises(EksLintError) as raised:
        endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, user)), "prod")
    assert str(raised.value).endswith("failed (exit 1): refused Authorization: Bearer REDACTED")


# --- KUBECONFIG merging (kubectl's rules) -------------------------------------------------


def _config(current=None, contexts=(), clusters=(), users=()):
    config = {
        "contexts": [{"name": n, "context": {"cluster": c, "user": u}} for n, c, u in contexts],
        "clusters": [{"name": n, "cluster": {"server": s}} for n, s in clusters],
        "users": [{"name": n, "user": {"token": t}} for n, t in users],
    }
    if current:
        config["current-context"] = current
    return json.dumps(config)


def test_kubeconfig_list_merges_first_file_wins(tmp_path, monkeypatch):
    from eks_lint.sources.kube import load_kubeconfig

    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text(_config(None, [("x", "one", "u")], [("one", "https://a.example")], [("u", "token-a")]))
    b.write_text(
        _config(
            "y",
            [("x", "two", "u"), ("y", "two", "v")],
            [("one", "https://b.example"), ("two", "https://two.example")],
            [("u", "token-b"), ("v", "token-v")],
        )
    )
    monkeypatch.setenv("KUBECONFIG", f"{a}:{tmp_path / 'gone'}:{b}:{a}")
    merged = load_kubeconfig()
    assert merged.files == [a, b]  # the missing one skipped, the repeat read once
    assert merged.current_context == "y"  # a sets none, so b's counts
    assert endpoint_from_kubeconfig(None).server == "https://two.example"
    x = endpoint_from_kubeconfig(None, "x")
    assert (x.server, x.token) == ("https://a.example", "token-a")  # a's x, a's cluster one, a's user
    a.write_text(_config("x", [("x", "one", "u")], [("one", "https://a.example")], [("u", "token-a")]))
    assert endpoint_from_kubeconfig(None).server == "https://a.example"  # the first current-context wins


def test_kubeconfig_errors_name_the_file_that_has_the_problem(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text(_config("x"))
    b.write_text("contexts: [\n")
    monkeypatch.setenv("KUBECONFIG", f"{a}:{b}")
    with pytest.raises(EksLintError) as caught:
        endpoint_from_kubeconfig(None, "x")
    assert str(caught.value).startswith(f"kubeconfig {b} (from KUBECONFIG):2:1: malformed YAML")
    gone, also = tmp_path / "gone", tmp_path / "also-gone"
    monkeypatch.setenv("KUBECONFIG", f"{gone}:{also}")
    with pytest.raises(EksLintError) as caught:
        endpoint_from_kubeconfig(None, "x")
    assert str(caught.value) == (
        f"KUBECONFIG {gone}:{also}: no file could be read "
        f"({gone}: No such file or directory; {also}: No such file or directory)"
    )


def test_explicit_kubeconfig_reads_only_that_file(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text(_config("x", [("x", "one", "u")], [("one", "https://a.example")], [("u", "t")]))
    b.write_text(_config(None, [("y", "one", "u")], [("one", "https://b.example")], [("u", "t")]))
    monkeypatch.setenv("KUBECONFIG", f"{a}:{b}")
    with pytest.raises(EksLintError) as caught:
        endpoint_from_kubeconfig(str(b))
    assert str(caught.value) == f"--kubeconfig {b}: no current-context; pass --context NAME"


# --- API discovery instead of a 404 probe per custom resource --------------------------

CRD_KINDS = ["NodePool", "NodeClaim", "EC2NodeClass", "Provisioner", "Machine", "AWSNodeTemplate"]


def test_one_discovery_request_answers_for_every_custom_resource(api):
    api.lists["/apis/karpenter.sh/v1beta1/nodepools"] = [{"metadata": {"name": "default"}}]
    read = read_objects(endpoint(api), CRD_KINDS)
    assert [(o["apiVersion"], o["kind"]) for o in read.objects] == [("karpenter.sh/v1beta1", "NodePool")]
    # karpenter.sh/v1 is not served: v1beta1 is listed straight away; the other groups not at all.
    assert api.paths()[:2] == ["/version", "/apis"]
    assert sorted(api.paths()[2:]) == [
        "/apis/karpenter.sh/v1beta1/nodeclaims",  # the group version is served: its list answers 404
        "/apis/karpenter.sh/v1beta1/nodepools",
    ]
    assert sorted((e["target"], e["code"]) for e in read.errors) == [
        ("/apis/karpenter.k8s.aws/v1/ec2nodeclasses", "NotFound"),
        ("/apis/karpenter.k8s.aws/v1alpha1/awsnodetemplates", "NotFound"),
        ("/apis/karpenter.sh/v1/nodeclaims", "NotFound"),
        ("/apis/karpenter.sh/v1alpha5/machines", "NotFound"),
        ("/apis/karpenter.sh/v1alpha5/provisioners", "NotFound"),
    ]
    assert all("part" not in e and "kind" not in e for e in read.errors)  # notes, not failed reads
    assert "Karpenter is not installed" in read.errors[0]["message"]


def test_without_discovery_the_lists_are_probed_as_before(api):
    api.statuses["/apis"] = 403  # a locked-down discovery endpoint
    api.lists["/apis/karpenter.sh/v1beta1/nodepools"] = [{"metadata": {"name": "default"}}]
    read = read_objects(endpoint(api), ["NodePool", "Provisioner"])
    assert [(o["apiVersion"], o["kind"]) for o in read.objects] == [("karpenter.sh/v1beta1", "NodePool")]
    assert sorted(api.paths()) == [
        "/apis",
        "/apis/karpenter.sh/v1/nodepools",
        "/apis/karpenter.sh/v1alpha5/provisioners",
        "/apis/karpenter.sh/v1beta1/nodepools",
        "/version",
    ]
    assert [(e["target"], e["code"]) for e in read.errors] == [
        ("/apis/karpenter.sh/v1alpha5/provisioners", "NotFound")
    ]


def test_built_in_kinds_need_no_discovery_request(api):
    api.lists[DEPLOYMENTS] = [deployment("api")]
    read_objects(endpoint(api), ["Deployment"])
    assert api.paths() == ["/version", DEPLOYMENTS]


def test_an_html_error_page_is_recorded_as_its_status_not_as_html(api):
    api.html["/api/v1/nodes"] = 502
    read = read_objects(endpoint(api), ["Node"])
    assert [(e["operation"], e["code"], e["message"]) for e in read.errors] == [
        ("k8s:list nodes", "HTTP502", "nodes (v1): HTTP502: an HTML page, not a Kubernetes API answer")
    ]
    assert "<" not in json.dumps(read.errors)


def test_auto_mode_node_classes_are_read_and_their_absence_is_explained(api):
    api.lists["/apis/eks.amazonaws.com/v1/nodeclasses"] = [
        {"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "default"}}
    ]
    read = read_objects(endpoint(api), ["NodeClass"])
    assert [(o["apiVersion"], o["kind"], o["metadata"]["name"]) for o in read.objects] == [
        ("eks.amazonaws.com/v1", "NodeClass", "default")
    ]
    assert read.errors == []


def test_a_cluster_without_auto_mode_serves_no_node_classes(api):
    read = read_objects(endpoint(api), ["NodeClass"])
    assert read.objects == []
    assert [(e["target"], e["code"]) for e in read.errors] == [
        ("/apis/eks.amazonaws.com/v1/nodeclasses", "NotFound")
    ]
    assert "EKS Auto Mode is not enabled" in read.errors[0]["message"]


def test_the_identity_is_resolved_once_however_many_lists_are_refused(api):
    calls = []

    def resolve():
        calls.append(1)
        return "the IAM principal arn:aws:iam::123456789012:role/ci"

    api.statuses.update({"/api/v1/nodes": 403, "/api/v1/services": 403, "/apis/apps/v1/deployments": 403})
    read = read_objects(endpoint(api, resolve_identity=resolve), ["Node", "Service", "Deployment"])
    assert sorted(e["code"] for e in read.errors) == ["Forbidden"] * 3
    assert all(
        e["message"].startswith("the IAM principal arn:aws:iam::123456789012:role/ci may not list ")
        for e in read.errors
    )
    assert calls == [1]


def test_kubeconfig_impersonation_is_sent_as_kubectl_sends_it(api, tmp_path):
    """``as``, ``as-uid``, ``as-groups`` and ``as-user-extra`` become Impersonate-*
    headers on every request (a group per header), and messages name both identities."""
    user = {
        "token": TOKEN,
        "as": "jane",
        "as-uid": "1234",
        "as-groups": ["developers", "ops"],
        "as-user-extra": {"reason": ["audit"], "scopes/x": ["a", "b"]},
    }
    path = write_kubeconfig(tmp_path, api, user)
    target = endpoint_from_kubeconfig(str(path), "prod")
    api.lists["/api/v1/nodes"] = [{"metadata": {"name": "n1"}}]
    api.statuses[DEPLOYMENTS] = 403
    read = read_objects(target, ["Node", "Deployment"])
    assert [o["metadata"]["name"] for o in read.objects] == ["n1"]
    expected = [
        ("Impersonate-User", "jane"),
        ("Impersonate-Uid", "1234"),
        ("Impersonate-Group", "developers"),
        ("Impersonate-Group", "ops"),
        ("Impersonate-Extra-reason", "audit"),
        ("Impersonate-Extra-scopes%2Fx", "a"),
        ("Impersonate-Extra-scopes%2Fx", "b"),
    ]
    assert api.impersonations and all(headers == expected for headers in api.impersonations)
    assert read.errors[0]["message"].startswith(
        f"user 'prod-user' of --kubeconfig {path} (its token) impersonating 'jane' (groups developers, ops) "
        "may not list deployments"
    )
    assert target.access()["impersonating"] == "'jane' (groups developers, ops)"


def test_no_impersonation_sends_no_impersonate_header(api, tmp_path):
    target = endpoint_from_kubeconfig(str(write_kubeconfig(tmp_path, api, {"token": TOKEN})), "prod")
    assert read_objects(target, ["Node"]).connected
    assert api.impersonations and all(headers == [] for headers in api.impersonations)
    assert "impersonating" not in target.access()


@pytest.mark.parametrize(
    ("user", "message"),
    [
        ({"as-groups": ["ops"]}, "as-uid, as-groups or as-user-extra needs 'as' (the user to impersonate)"),
        ({"as": "jane", "as-groups": "ops"}, "as-groups must be a list of group names"),
        ({"as": "jane", "as-uid": 7}, "as-uid must be a string"),
        ({"as": "jane", "as-user-extra": {"k": "v"}}, "as-user-extra 'k' must be a list of strings"),
        ({"as": "jane\r\nX-Evil: 1"}, "Impersonate-User holds a line break"),
    ],
)
def test_bad_impersonation_is_one_line_naming_the_user(api, tmp_path, user, message):
    path = write_kubeconfig(tmp_path, api, {"token": TOKEN, **user})
    with pytest.raises(EksLintError) as raised:
        endpoint_from_kubeconfig(str(path), "prod")
    assert str(raised.value) == f"--kubeconfig {path}: user 'prod-user': {message}"


def _jwt(claims: dict) -> str:
    """A JWT shape (header.payload.signature) holding ``claims``; the API server
    would verify it, the reader only reads its expiry."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2lnbmF0dXJl"


def test_an_oidc_auth_provider_id_token_is_sent_while_valid(api, tmp_path):
    token = _jwt({"iss": "https://idp.example.com", "exp": 4102444800})  # 2100-01-01
    api.token = token
    user = {"auth-provider": {"name": "oidc", "config": {"id-token": token, "refresh-token": "r"}}}
    path = write_kubeconfig(tmp_path, api, user)
    target = endpoint_from_kubeconfig(str(path), "prod")
    assert target.token == token
    assert target.identity.endswith("(its oidc auth-provider's id-token)")
    assert read_objects(target, ["Node"]).connected
    assert {auth for _, _, auth in api.requests} == {f"Bearer {token}"}


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        (
            {"name": "oidc", "config": {"id-token": _jwt({"exp": 1700000000})}},
            "its oidc id-token expired at 2023-11-14 22:13:20 UTC; eks-lint does not refresh it",
        ),
        ({"name": "oidc", "config": {"refresh-token": "r"}}, "its oidc auth-provider has no id-token yet"),
        (
            {"name": "oidc", "config": {"id-token": "not-a-jwt"}},
            "its oidc id-token is not a JWT with an expiry",
        ),
        ({"name": "gcp", "config": {}}, "uses the 'gcp' auth-provider plugin, which eks-lint does not run"),
    ],
)
def test_an_auth_provider_that_cannot_give_a_valid_token_is_one_line(api, tmp_path, provider, message):
    path = write_kubeconfig(tmp_path, api, {"auth-provider": provider})
    with pytest.raises(EksLintError) as raised:
        endpoint_from_kubeconfig(str(path), "prod")
    assert str(raised.value).startswith(f"--kubeconfig {path}: user 'prod-user'")
    assert message in str(raised.value)
    token = (provider.get("config") or {}).get("id-token")
    assert (token is None or token not in str(raised.value)) and api.requests == []
