from helpers import SNAPSHOTS, by_resource, lint

from eks_lint.eks.network import runs_on_hybrid_nodes

RULE = "hybrid-webhook-without-pod-network"
FIXTURES = SNAPSHOTS / RULE


def check(name):
    return lint("--select", RULE, "--snapshot", str(FIXTURES / name))


def test_webhook_on_hybrid_only_pods_without_a_remote_pod_network():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [(RULE, "ValidatingWebhookConfiguration/line-policy")]
    finding = outcome.findings[0]
    assert finding["severity"] == "error"  # failurePolicy defaults to Fail
    assert finding["path"] == "webhooks[0].clientConfig.service"
    assert finding["message"].startswith(
        "webhook validate.line-policy.factory.example calls Service factory/line-policy-webhook, served by "
        "Deployment/factory/line-policy-webhook which runs only on hybrid nodes"
    )


def test_failure_policy_ignore_is_a_warning():
    assert [f["severity"] for f in check("bad-ignore.json").findings] == ["warning"]


def test_a_remote_pod_network_or_a_webhook_on_cloud_nodes_is_clean():
    assert check("good-pod-network.json").findings == []
    assert check("good-cloud-nodes.json").findings == []


def test_only_specs_that_cannot_leave_hybrid_nodes_count():
    term = {"key": "eks.amazonaws.com/compute-type", "operator": "In", "values": ["hybrid"]}

    def affinity(*terms):
        return {
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [{"matchExpressions": t} for t in terms]
                    }
                }
            }
        }

    assert runs_on_hybrid_nodes({"nodeSelector": {"eks.amazonaws.com/compute-type": "hybrid"}})
    assert runs_on_hybrid_nodes(affinity([term]))
    # Two terms are ORed: one allowing cloud nodes lets the pods run there.
    assert not runs_on_hybrid_nodes(affinity([term], [{"key": "zone", "operator": "Exists"}]))
    assert not runs_on_hybrid_nodes(affinity([{**term, "operator": "NotIn"}]))
    assert not runs_on_hybrid_nodes({"nodeSelector": {"kubernetes.io/os": "linux"}})
    assert not runs_on_hybrid_nodes({})
