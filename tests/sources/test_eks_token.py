"""The EKS token, checked against one derived here by hand from the SigV4 rules.

The expected value is computed independently of botocore: the canonical
request, string to sign and signing key of AWS Signature Version 4 for a
presigned query-string GET (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
for fixed credentials, region and clock.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth
import botocore.session
import pytest

from eks_lint.engine.errors import EksLintError
from eks_lint.sources.eks_token import get_token

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "eu-west-1"
CLUSTER = "prod"
NOW = datetime.datetime(2026, 11, 24, 12, 34, 56)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def expected_token(session_token: str | None = None) -> str:
    """``aws eks get-token`` for the fixed inputs, by the SigV4 presigning rules."""
    host = f"sts.{REGION}.amazonaws.com"
    amz_date = NOW.strftime("%Y%m%dT%H%M%SZ")
    day = NOW.strftime("%Y%m%d")
    scope = f"{day}/{REGION}/sts/aws4_request"
    # Query parameters in the order the AWS CLI's URL lists them; the
    # canonical form below sorts them.
    params = [
        ("Action", "GetCallerIdentity"),
        ("Version", "2011-06-15"),
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", f"{ACCESS_KEY}/{scope}"),
        ("X-Amz-Date", amz_date),
        ("X-Amz-Expires", "60"),
        ("X-Amz-SignedHeaders", "host;x-k8s-aws-id"),
    ]
    if session_token:
        params.append(("X-Amz-Security-Token", session_token))

    def encode(value: str) -> str:
        return quote(value, safe="-_.~")

    canonical_query = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(params))
    canonical_request = "\n".join(
        [
            "GET",
            "/",
            canonical_query,
            f"host:{host}\nx-k8s-aws-id:{CLUSTER}\n",
            "host;x-k8s-aws-id",
            hashlib.sha256(b"").hexdigest(),
        ]
    )
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(("AWS4" + SECRET_KEY).encode(), day)
    for part in (REGION, "sts", "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in [*params, ("X-Amz-Signature", signature)])
    url = f"https://{host}/?{query}"
    return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


@pytest.fixture
def fixed_clock(monkeypatch):
    # botocore's signers read the clock through this one function.
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda remove_tzinfo=True: NOW)


def _session(token: str | None = None) -> botocore.session.Session:
    session = botocore.session.Session()
    session.set_credentials(ACCESS_KEY, SECRET_KEY, token)
    return session


def _decode(token: str) -> str:
    body = token.removeprefix("k8s-aws-v1.")
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def test_token_matches_the_hand_derived_one(fixed_clock):
    token = get_token(CLUSTER, _session(), REGION)
    assert token == expected_token()
    assert "=" not in token


def test_token_with_session_credentials_signs_the_security_token(fixed_clock):
    token = get_token(CLUSTER, _session("FwoGZXIvYXdzEXAMPLE/session+token="), REGION)
    assert token == expected_token("FwoGZXIvYXdzEXAMPLE/session+token=")
    query = dict(parse_qsl(urlsplit(_decode(token)).query))
    assert query["X-Amz-Security-Token"] == "FwoGZXIvYXdzEXAMPLE/session+token="


def test_token_depends_on_the_cluster_name(fixed_clock):
    assert get_token("staging", _session(), REGION) != expected_token()


def test_no_credentials_is_a_user_error(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = botocore.session.Session()
    monkeypatch.setattr(session, "get_credentials", lambda: None)
    with pytest.raises(EksLintError, match="no AWS credentials"):
        get_token(CLUSTER, session, REGION)
