"""Secrets never reach a snapshot: what the scrubber removes and what it keeps."""

from eks_lint.sources.redact import REDACTED, looks_secret, scrub_objects


def _cronjob(env):
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "backup", "namespace": "ops"},
        "spec": {
            "jobTemplate": {
                "spec": {
                    "template": {"spec": {"initContainers": [{"name": "init", "env": env}], "containers": []}}
                }
            }
        },
    }


def test_credentials_in_every_pod_template_shape_are_redacted_and_names_kept():
    env = [
        {"name": "DB_PASSWORD", "value": "hunter2"},
        {"name": "GITHUB_TOKEN", "value": "ghp_x"},
        {"name": "AWS_WEB_IDENTITY_TOKEN_FILE", "value": "/var/run/secrets/token"},
        {"name": "AWS_ROLE_ARN", "value": "arn:aws:iam::111122223333:role/x"},
        {"name": "PRIVATE", "value": "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----"},
        {"name": "FROM_SECRET", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}},
    ]
    (obj,) = scrub_objects([_cronjob(env)])
    got = obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["initContainers"][0]["env"]
    assert [v.get("value") for v in got] == [
        REDACTED,
        REDACTED,
        "/var/run/secrets/token",
        "arn:aws:iam::111122223333:role/x",
        REDACTED,
        None,
    ]
    assert got[5]["valueFrom"] == {"secretKeyRef": {"name": "s", "key": "k"}}


def test_secrets_and_last_applied_configuration_are_dropped():
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "p",
            "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": "{...}",
                "team": "shop",
            },
        },
        "spec": {"containers": [{"name": "c", "env": [{"name": "X", "value": "AKIAIOSFODNN7EXAMPLE"}]}]},
    }
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"k": "dg=="}}
    kept = scrub_objects([secret, pod])
    assert kept == [pod]
    assert pod["metadata"]["annotations"] == {"team": "shop"}
    assert pod["spec"]["containers"][0]["env"][0]["value"] == REDACTED


def test_plain_settings_are_not_secrets():
    assert not looks_secret("LOG_LEVEL", "debug")
    assert not looks_secret("AWS_REGION", "eu-west-1")
    assert not looks_secret("DB_PASSWORD", "")
    assert looks_secret("anything", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig")
