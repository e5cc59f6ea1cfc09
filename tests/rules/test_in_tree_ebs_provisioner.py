from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/in-tree-ebs-provisioner/bad.yaml"


def test_in_tree_and_immediate_binding_are_reported():
    outcome = lint("--select", "in-tree-ebs-provisioner", BAD)
    assert located(outcome.findings) == [
        (BAD, 5, 14, "in-tree-ebs-provisioner"),
        (BAD, 14, 20, "in-tree-ebs-provisioner"),
        (BAD, 18, 1, "in-tree-ebs-provisioner"),  # volumeBindingMode missing: reported at the object
    ]
    assert "kubernetes.io/aws-ebs" in outcome.findings[0]["message"]
    assert "not set, so it is Immediate" in outcome.findings[2]["message"]


def test_csi_with_wait_for_first_consumer_and_efs_are_clean():
    outcome = lint(
        "--select", "in-tree-ebs-provisioner", str(MANIFESTS / "in-tree-ebs-provisioner" / "good.yaml")
    )
    assert outcome.findings == []
