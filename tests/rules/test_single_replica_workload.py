from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "single-replica-workload"
BAD = "fixtures/manifests/single-replica-workload/bad.yaml"
GOOD = "fixtures/manifests/single-replica-workload/good.yaml"


def test_served_stateful_and_hpa_floor_are_reported_at_their_field():
    outcome = lint("--select", "single-replica-workload", BAD)
    assert outcome.code == 0  # warnings do not fail the default --fail-on error
    assert located(outcome.findings) == [
        (BAD, 6, 13, "single-replica-workload"),  # replicas: 1 behind Service api
        (BAD, 27, 1, "single-replica-workload"),  # one-member store, replicas unset
        (BAD, 61, 16, "single-replica-workload"),  # the HPA's minReplicas: 1
    ]
    served, store, floor = (f["message"] for f in outcome.findings)
    assert "Service api routes to it" in served and "set replicas to 2 or more" in served
    assert "stateful workload" in store and "its own clustering" in store
    assert "set replicas" not in store  # two copies of an unreplicated store do not help
    assert outcome.findings[2]["resource"]["kind"] == "HorizontalPodAutoscaler"
    assert "minReplicas lets Deployment/shop/web scale down to 1 replica" in floor
    assert "set minReplicas to 2 or more" in floor


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
