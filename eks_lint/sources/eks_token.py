"""Bearer tokens for an EKS API server, minted the way ``aws eks get-token`` does.

The token is a presigned STS ``GetCallerIdentity`` URL whose signature also
covers an ``x-k8s-aws-id: <cluster name>`` header, base64url-encoded without
padding and prefixed ``k8s-aws-v1.``. The API server's authenticator calls the
URL and learns who signed it, so no kubeconfig and no kubectl are needed: the
caller's AWS credentials are enough.

Sources: awscli ``awscli/customizations/eks/get_token.py`` (URL lifetime 60 s,
the ``x-k8s-aws-id`` header, the prefix); kubernetes-sigs/aws-iam-authenticator
README, "API Authorization from Outside a Cluster". The authenticator accepts
a token for 15 minutes; eks-lint mints one per run, and a run is shorter.
"""

from __future__ import annotations

import base64
from typing import Any

from eks_lint.engine.errors import EksLintError

TOKEN_PREFIX = "k8s-aws-v1."
CLUSTER_ID_HEADER = "x-k8s-aws-id"
#: X-Amz-Expires of the presigned URL, as awscli sets it.
URL_EXPIRES_SECONDS = 60


def get_token(cluster_name: str, session: Any = None, region: str | None = None) -> str:
    """A bearer token for ``cluster_name`` from ``session``'s credentials.

    ``session`` is a boto3 or botocore session (default: a new botocore
    session, which follows the standard credential chain). botocore does the
    signing, so partitions (aws-cn, aws-us-gov) and regional STS endpoints
    come out as the AWS CLI makes them.
    """
    import botocore.session
    from botocore.exceptions import BotoCoreError, NoCredentialsError, NoRegionError

    if session is None:
        session = botocore.session.get_session()
    botocore_session = getattr(session, "_session", session)  # boto3.Session wraps one
    try:
        sts = botocore_session.create_client("sts", region_name=region)
    except NoRegionError:
        raise EksLintError("no AWS region: pass --region or set AWS_REGION") from None
    sts.meta.events.register("provide-client-params.sts.GetCallerIdentity", _take_cluster_name)
    sts.meta.events.register("before-sign.sts.GetCallerIdentity", _add_cluster_header)
    try:
        url = sts.generate_presigned_url(
            "get_caller_identity",
            Params={"ClusterName": cluster_name},
            ExpiresIn=URL_EXPIRES_SECONDS,
            HttpMethod="GET",
        )
    except NoCredentialsError:
        raise EksLintError(
            "no AWS credentials to sign the Kubernetes API token: set AWS_PROFILE or --profile, "
            "or pass --kubeconfig"
        ) from None
    except BotoCoreError as error:
        raise EksLintError(f"cannot sign the Kubernetes API token: {error}") from None
    return encode_token(url)


def encode_token(presigned_url: str) -> str:
    encoded = base64.urlsafe_b64encode(presigned_url.encode("utf-8")).decode("ascii")
    return TOKEN_PREFIX + encoded.rstrip("=")


def _take_cluster_name(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    # ClusterName is not a GetCallerIdentity parameter: move it out of the
    # params (botocore would reject it) into the request context.
    if "ClusterName" in params:
        context["eks_cluster"] = params.pop("ClusterName")


def _add_cluster_header(request: Any, **_: Any) -> None:
    if "eks_cluster" in request.context:
        request.headers[CLUSTER_ID_HEADER] = request.context["eks_cluster"]
