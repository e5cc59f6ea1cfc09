"""Secrets never reach a snapshot: what the scrubber removes and what it keeps."""

import pytest

from eks_lint.sources.redact import REDACTED, looks_secret, scrub_objects, scrub_text, scrub_tree


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


# --- by value shape, wherever the value is --------------------------------------------

PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n-----END OPENSSH PRIVATE KEY-----"


@pytest.mark.parametrize(
    "text, scrubbed",
    [
        ("postgres://app:pl4nted@db:5432/shop", "postgres://app:REDACTED@db:5432/shop"),
        ("redis://:pl4nted@cache:6379/0", "redis://:REDACTED@cache:6379/0"),
        (
            "https://db.internal/x?user=a&password=pl4nted&ssl=1",
            "https://db.internal/x?user=a&password=REDACTED&ssl=1",
        ),
        ("--password=pl4nted", "--password=REDACTED"),
        ("--db-password pl4nted --verbose", "--db-password REDACTED --verbose"),
        ("mysql -h db --password pl4nted shop", "mysql -h db --password REDACTED shop"),
        ("Server=db;Database=shop;Password=pl4nted;", "Server=db;Database=shop;Password=REDACTED;"),
        ("client_secret: pl4nted", "client_secret: REDACTED"),
        ("curl -H 'Authorization: Bearer pl4ntedT0ken'", "curl -H 'Authorization: Bearer REDACTED'"),
        (f"key:\n{PEM}\n", "key:\nREDACTED\n"),
        ("id AKIAIOSFODNN7EXAMPLE in text", "id REDACTED in text"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln", "REDACTED"),
        ("GITHUB=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "GITHUB=REDACTED"),
        ("xoxb-123456789012-abcdefghijkl", "REDACTED"),
    ],
)
def test_credentials_are_redacted_by_shape_and_the_rest_kept(text, scrubbed):
    assert scrub_text(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "--token-file=/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
        "--secret-name=db-credentials",
        "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789",
        "arn:aws:iam::111122223333:role/EksLintReadOnlyRoleForProdCluster1",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2",
        "password: $(DB_PASSWORD)",
        "kube-token-reader is bound",
        "the token expired; add an access entry",
        "sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904ab3ae2ea34f43b8f1bc0d0b8",
    ],
)
def test_ordinary_values_are_kept(text):
    assert scrub_text(text) == text


def test_urls_named_url_are_checked_by_shape_and_mysql_pwd_by_name():
    env = [
        {"name": "DATABASE_URL", "value": "postgres://u:pl4nted@db/x"},
        {"name": "MYSQL_PWD", "value": "pl4nted"},
        {"name": "REDIS_URL", "value": "redis://cache:6379"},
        {"name": "AWS_SECRET", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
        {"name": "STATIC", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
    ]
    (obj,) = scrub_objects([_cronjob(env)])
    got = obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["initContainers"][0]["env"]
    assert [v["value"] for v in got] == [
        "postgres://u:REDACTED@db/x",
        REDACTED,
        "redis://cache:6379",
        REDACTED,
        REDACTED,  # an AWS secret key's shape, whatever the name
    ]


def test_a_credential_flag_takes_the_next_argument_with_it():
    container = {
        "name": "c",
        "command": ["/app", "--token", "pl4nted", "--token-file", "/t", "--password", "$(PW)"],
        "args": ["--api-key=pl4nted", "--verbose", "--secret", "-x"],
    }
    scrub_tree(container)
    assert container["command"] == ["/app", "--token", REDACTED, "--token-file", "/t", "--password", "$(PW)"]
    assert container["args"] == ["--api-key=REDACTED", "--verbose", "--secret", "-x"]


def test_tags_and_configmap_data_named_like_credentials_are_redacted():
    tree = {
        "tags": {"db-password": "pl4nted", "team": "shop"},
        "Tags": [{"Key": "api_token", "Value": "pl4nted"}, {"Key": "Name", "Value": "node"}],
        "data": {"auth-token": "pl4nted", "mapRoles": "- rolearn: arn:aws:iam::1:role/n\n"},
    }
    assert scrub_tree(tree) == {
        "tags": {"db-password": REDACTED, "team": "shop"},
        "Tags": [{"Key": "api_token", "Value": REDACTED}, {"Key": "Name", "Value": "node"}],
        "data": {"auth-token": REDACTED, "mapRoles": "- rolearn: arn:aws:iam::1:role/n\n"},
    }


def test_node_class_user_data_is_dropped():
    node_class = {
        "apiVersion": "karpenter.k8s.aws/v1",
        "kind": "EC2NodeClass",
        "metadata": {"name": "default"},
        "spec": {"role": "KarpenterNode", "userData": "#!/bin/bash\nexport K=pl4nted\n"},
    }
    (kept,) = scrub_objects([node_class])
    assert kept["spec"] == {"role": "KarpenterNode"}


def test_scrubbing_twice_changes_nothing_more():
    text = "postgres://u:pl4nted@db/x --password pl4nted"
    once = scrub_text(text)
    assert scrub_text(once) == once == "postgres://u:REDACTED@db/x --password REDACTED"
