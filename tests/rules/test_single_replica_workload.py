from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "single-replica-workload"
BAD = "fixtures/manifests/single-replica-workload/bad.yaml"
GOOD = "fixtures/manifests/single-replica-workload/good.yaml"


def test_served_and_stateful_workloads_are_reported_at_their_field():
    outcome = lint("--select", "single-replica-workload", BAD)
    assert outcome.code == 0  # warnings do not fail the default --fail-on error
    assert located(outcome.findings) == [
        (BAD, 7, 13, "single-replica-workload"),  # replicas: 1 behind Service api
        (BAD, 23, 1, "single-replica-workload"),  # one-member store, replicas unset
    ]
    served, store = (f["message"] for f in outcome.findings)
    assert served.startswith("runs 1 replica and Service api routes to it")
    assert "set replicas to 2 or more" in served
    assert store.startswith("spec.replicas is not set, so Kubernetes runs 1 replica")
    assert "stateful workload" in store and "its own clustering" in store
    assert "set replicas" not in store  # two copies of an unreplicated store do not help


def test_an_hpa_floor_of_one_is_reported_on_the_hpa():
    bad = "fixtures/manifests/single-replica-workload/bad-hpa.yaml"
    outcome = lint("--select", "single-replica-workload", bad)
    assert located(outcome.findings) == [(bad, 20, 16, "single-replica-workload")]
    assert outcome.findings[0]["resource"]["kind"] == "HorizontalPodAutoscaler"
    message = outcome.findings[0]["message"]
    assert "minReplicas lets Deployment/shop/web scale down to 1 replica" in message
    assert "Service web routes to it" in message and "set minReplicas to 2 or more" in message


def test_one_replica_by_design_or_not_served_is_clean():
    """Controllers, placeholders, exporters, metrics-only Services, v1+v2, KEDA from zero, patches."""
    outcome = lint("--select", "single-replica-workload", GOOD)
    assert outcome.findings == []


def test_min_replicas_option_from_config(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  single-replica-workload:\n    options: {min-replicas: 4}\n")
    outcome = lint("--config", str(config), "--select", "EKS602", GOOD)
    assert [(f["resource"]["kind"], f["resource"]["name"]) for f in outcome.findings] == [
        ("Deployment", "api"),
        ("HorizontalPodAutoscaler", "web"),
        ("Deployment", "reviews-v1"),
        ("Deployment", "reviews-v2"),
    ]
    assert (
        "below the 4 replicas option min-replicas asks for: set replicas to 4"
        in outcome.findings[0]["message"]
    )


def test_hpa_floor_of_one_without_a_service_is_not_reported():
    outcome = lint(
        "--select",
        "single-replica-workload",
        "-",
        stdin=b"""apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: jobs}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers: [{name: worker, image: example.com/worker:1.0.0}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: worker, namespace: jobs}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  minReplicas: 1
  maxReplicas: 4
""",
    )
    assert outcome.findings == []
