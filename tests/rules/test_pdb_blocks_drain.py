from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/pdb-blocks-drain/bad.yaml"


def test_every_zero_budget_is_reported_at_its_field():
    outcome = lint("--select", "pdb-blocks-drain", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 7, 19, "pdb-blocks-drain"),  # maxUnavailable: 0
        (BAD, 17, 17, "pdb-blocks-drain"),  # minAvailable: 100%
        (BAD, 27, 17, "pdb-blocks-drain"),  # minAvailable 2 of 2 replicas
        (BAD, 37, 17, "pdb-blocks-drain"),  # 50% of 1 rounds up to 1
    ]
    assert "Deployment/shop/api runs 2 replicas" in outcome.findings[2]["message"]
    assert "run at least 3 replicas" in outcome.findings[2]["message"]
    assert "needs 1 pod available but StatefulSet/shop/cache runs 1 replica" in outcome.findings[3]["message"]


def test_good_budgets_and_other_namespaces_are_clean():
    outcome = lint("--select", "pdb-blocks-drain", str(MANIFESTS / "pdb-blocks-drain" / "good.yaml"))
    assert outcome.findings == []


def test_min_available_without_known_workload_is_not_guessed():
    outcome = lint(
        "--select",
        "pdb-blocks-drain",
        "-",
        stdin=b"""apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: lonely, namespace: x}
spec:
  minAvailable: 3
  selector: {matchLabels: {app: elsewhere}}
""",
    )
    assert outcome.findings == []


def test_hpa_floor_and_scale_to_zero_count_as_kubernetes_runs_them():
    """No spec.replicas + HPA minReplicas 3 + minAvailable 2 is fine; replicas: 0 has no pod to evict."""
    outcome = lint("--select", "pdb-blocks-drain", "fixtures/manifests/pdb-blocks-drain/good-scaled.yaml")
    assert outcome.code == 0
    assert outcome.findings == []


def test_a_scaler_floor_at_the_budget_blocks_drains():
    bad = "fixtures/manifests/pdb-blocks-drain/bad-scaled.yaml"
    outcome = lint("--select", "pdb-blocks-drain", bad)
    assert outcome.code == 1
    assert located(outcome.findings) == [(bad, 24, 17, "pdb-blocks-drain"), (bad, 50, 17, "pdb-blocks-drain")]
    hpa, keda = (f["message"] for f in outcome.findings)
    assert (
        "Deployment/shop/api runs 2 replicas at its lowest (the floor of HorizontalPodAutoscaler/shop/api)"
        in hpa
    )
    # KEDA scales from zero, but whenever the consumer runs it runs at least one pod.
    assert (
        "Deployment/shop/consumer runs 1 replica at its lowest (the floor of ScaledObject/shop/consumer)"
        in keda
    )
