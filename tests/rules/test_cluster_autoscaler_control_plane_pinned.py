from helpers import lint, located

RULE = "cluster-autoscaler-control-plane-pinned"
BAD = f"fixtures/manifests/{RULE}/bad.yaml"
GOOD = f"fixtures/manifests/{RULE}/good.yaml"


def test_node_selector_and_required_affinity_on_control_plane_labels_are_errors():
    outcome = lint("--select", RULE, BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [(BAD, 12, 48, RULE), (BAD, 33, 17, RULE)]
    assert [f["path"] for f in outcome.findings] == [
        "spec.template.spec.nodeSelector.node-role.kubernetes.io/control-plane",
        "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
        ".nodeSelectorTerms[0]",
    ]
    assert "node-role.kubernetes.io/master" in outcome.findings[1]["message"]
    assert "stays Pending" in outcome.findings[0]["message"]


def test_a_toleration_or_an_alternative_term_does_not_pin_it():
    outcome = lint("--select", RULE, GOOD)
    assert outcome.code == 0
    assert outcome.findings == []
