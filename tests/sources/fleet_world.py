"""An AWS Organization for fleet tests and the fleet benchmark, built in moto.

The management account (moto's default, 123456789012) creates an
organization and member accounts (Organizations CreateAccount), then
assumes a role in each member (moto keys every later call by the assumed
role's account) and creates its EKS clusters there: about 7 clusters per
account and region, 200 for 10 accounts x 3 regions.

moto's CreateCluster validates the cluster role's ARN by building a fresh
boto3 session per call (a quarter of a second each); ``cheap_clusters``
turns that check off while the world is built, since the ARNs here are
well-formed by construction.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, NamedTuple

MANAGEMENT = "123456789012"
REGIONS = ("eu-west-1", "us-east-1", "ap-southeast-2")
ROLE_NAME = "EksLintReader"


class Fleet(NamedTuple):
    accounts: list[str]  # management first, then members in creation order
    clusters: list[tuple[str, str, str]]  # (account, region, cluster), sorted


@contextmanager
def cheap_clusters():
    import moto.eks.models as eks_models

    original = eks_models.validate_role_arn
    eks_models.validate_role_arn = lambda arn: None
    try:
        yield
    finally:
        eks_models.validate_role_arn = original


def clusters_in(account_index: int, region_index: int) -> int:
    """7 clusters in two of every three account-regions, 6 in the third: 200 for 10 x 3."""
    return 6 if (account_index * len(REGIONS) + region_index) % 3 == 2 else 7


def member_clients(session: Any, account: str, endpoint_url: str | None = None) -> dict[str, Any]:
    """Keyword arguments for ``session.client`` acting in a member account (its assumed role)."""
    sts = session.client("sts", endpoint_url=endpoint_url)
    credentials = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE_NAME}", RoleSessionName="build"
    )["Credentials"]
    return {
        "aws_access_key_id": credentials["AccessKeyId"],
        "aws_secret_access_key": credentials["SecretAccessKey"],
        "aws_session_token": credentials["SessionToken"],
    }


def build_fleet(
    session: Any, accounts: int = 10, regions: tuple[str, ...] = REGIONS, endpoint_url: str | None = None
) -> Fleet:
    """An organization of ``accounts`` accounts (the management one included), each
    with clusters in ``regions``; returns every account and cluster created."""
    organizations = session.client("organizations", endpoint_url=endpoint_url)
    organizations.create_organization(FeatureSet="ALL")
    ids = [MANAGEMENT]
    for number in range(1, accounts):
        status = organizations.create_account(Email=f"team{number}@example.com", AccountName=f"team{number}")
        ids.append(status["CreateAccountStatus"]["AccountId"])
    clusters: list[tuple[str, str, str]] = []
    with cheap_clusters():
        for a, account in enumerate(ids):
            as_member = {} if account == MANAGEMENT else member_clients(session, account, endpoint_url)
            for r, region in enumerate(regions):
                eks = session.client("eks", region_name=region, endpoint_url=endpoint_url, **as_member)
                for c in range(clusters_in(a, r)):
                    name = f"team{a}-{region}-{c}"
                    eks.create_cluster(
                        name=name,
                        version="1.31",
                        roleArn=f"arn:aws:iam::{account}:role/eks-cluster",
                        # EKS stores 0.0.0.0/0 for a public endpoint given no CIDRs; moto does not.
                        resourcesVpcConfig={
                            "subnetIds": [],
                            "endpointPublicAccess": c % 2 == 0,
                            **({"publicAccessCidrs": ["0.0.0.0/0"]} if c % 2 == 0 else {}),
                        },
                    )
                    clusters.append((account, region, name))
    return Fleet(ids, sorted(clusters))
