from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/static-aws-credentials/bad.yaml"


def test_literal_secret_ref_and_env_from_are_reported():
    outcome = lint("--select", "static-aws-credentials", BAD)
    assert outcome.code == 1
    assert located(outcome.findings) == [
        (BAD, 28, 21, "static-aws-credentials"),
        (BAD, 36, 21, "static-aws-credentials"),
        (BAD, 40, 15, "static-aws-credentials"),
    ]
    assert "AWS_ACCESS_KEY_ID as a literal value" in outcome.findings[0]["message"]
    assert "from Secret aws-keys" in outcome.findings[1]["message"]
    assert "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY from envFrom" in outcome.findings[2]["message"]


def test_values_are_never_printed():
    for fmt in ("json", "text"):
        outcome = lint("--format", fmt, "--select", "static-aws-credentials", BAD)
        output = outcome.stdout + outcome.stderr
        assert "AKIAEXAMPLEKEY" not in output
        assert "exampleSecretValue" not in output


def test_good_fixture_is_clean():
    outcome = lint(
        "--select", "static-aws-credentials", str(MANIFESTS / "static-aws-credentials" / "good.yaml")
    )
    assert outcome.findings == []


OPTIONAL_REF = b"""apiVersion: apps/v1
kind: Deployment
metadata: {name: ebs-csi-controller, namespace: kube-system}
spec:
  replicas: 2
  selector: {matchLabels: {app: ebs}}
  template:
    metadata: {labels: {app: ebs}}
    spec:
      containers:
        - name: ebs-plugin
          image: public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.37.0
          env:
            - name: AWS_ACCESS_KEY_ID
              valueFrom:
                secretKeyRef: {name: aws-secret, key: key_id, optional: true}
"""


def test_optional_reference_to_an_absent_secret_is_info():
    outcome = lint("--select", "static-aws-credentials", "-", stdin=OPTIONAL_REF)
    assert [(f["severity"], f["location"]["line"]) for f in outcome.findings] == [("info", 14)]
    assert "when that optional Secret exists" in outcome.findings[0]["message"]
    assert outcome.code == 0


def test_optional_reference_to_a_secret_in_the_input_is_an_error():
    secret = b"""---
apiVersion: v1
kind: Secret
metadata: {name: aws-secret, namespace: kube-system}
stringData: {key_id: AKIAEXAMPLEKEY000003}
"""
    outcome = lint("--select", "static-aws-credentials", "-", stdin=OPTIONAL_REF + secret)
    assert [f["severity"] for f in outcome.findings] == ["error"]
    assert "AKIAEXAMPLEKEY000003" not in outcome.stdout
