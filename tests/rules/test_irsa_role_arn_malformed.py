from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/irsa-role-arn-malformed/bad.yaml"


def test_bad_fixture_reports_value_key_and_misplaced_annotation():
    outcome = lint("--select", "irsa-role-arn-malformed", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 7, 33, "irsa-role-arn-malformed"),  # 10-digit account
        (BAD, 15, 30, "irsa-role-arn-malformed"),  # eks.amazon.com key
        (BAD, 23, 33, "irsa-role-arn-malformed"),  # not an ARN at all
        (BAD, 38, 37, "irsa-role-arn-malformed"),  # on a pod template
    ]
    messages = [f["message"] for f in outcome.findings]
    assert "not an IAM role ARN" in messages[0]
    assert "'eks.amazon.com/role-arn' is not 'eks.amazonaws.com/role-arn'" in messages[1]
    assert "on a Deployment is never read" in messages[3]


def test_good_fixture_with_paths_and_partitions_is_clean():
    outcome = lint(
        "--select", "irsa-role-arn-malformed", str(MANIFESTS / "irsa-role-arn-malformed" / "good.yaml")
    )
    assert outcome.code == 0
    assert outcome.findings == []


def test_unrelated_annotation_mentioning_role_is_not_a_misspelling():
    outcome = lint(
        "--select",
        "EKS101",
        "-",
        stdin=b"""apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    testing.eks.amazonaws.com/serviceAccount/roleArn: arn:aws:iam::111122223333:role/x
spec:
  containers: [{name: c, image: "busybox:1.36"}]
""",
    )
    assert outcome.findings == []


def test_placeholder_role_arns_are_not_judged():
    """${CARTS_IAM_ROLE} is filled in by envsubst before apply: no error on the template."""
    good = str(MANIFESTS / "irsa-role-arn-malformed" / "good-placeholders.yaml")
    outcome = lint("--select", "irsa-role-arn-malformed,irsa-role-missing", good)
    assert outcome.findings == []


def test_the_placeholder_helper_recognises_each_renderer():
    from eks_lint.eks.k8s import is_placeholder

    for value in ("${CARTS_IAM_ROLE}", "arn:aws:iam::${ACCOUNT}:role/x", "$(ROLE)", "{{ .Values.role }}"):
        assert is_placeholder(value), value
    assert is_placeholder("ko://github.com/example/cmd/app")
    assert is_placeholder("arn:aws:iam::<YOUR_ACCOUNT_ID>:role/amp-ingest")
    for value in ("arn:aws:iam::111122223333:role/app", "nginx:1.27", "$HOME", "{not-a-template}", None, 3):
        assert not is_placeholder(value), value
