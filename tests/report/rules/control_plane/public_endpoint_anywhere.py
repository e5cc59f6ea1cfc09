"""A cluster endpoint open to the whole internet (a test-only rule for the report tests).

## What it checks
`endpointPublicAccess` with `0.0.0.0/0` in `publicAccessCidrs`.

## Why it matters on EKS
Anyone can reach the API server and try stolen credentials.

## How to fix
Restrict `publicAccessCidrs` or turn the public endpoint off.

## Example
`aws eks update-cluster-config --resources-vpc-config publicAccessCidrs=203.0.113.0/24`
"""

from eks_lint.engine.inventory import aws
from eks_lint.engine.model import Finding, Rule

RULE = Rule(
    code="TST004",
    name="public-endpoint-anywhere",
    severity="error",
    summary="The cluster endpoint accepts connections from 0.0.0.0/0.",
    needs=("cluster",),
)


def check(inventory, options):
    cluster = inventory.part("cluster")
    vpc = cluster["resourcesVpcConfig"]
    if vpc.get("endpointPublicAccess") and "0.0.0.0/0" in vpc.get("publicAccessCidrs", []):
        yield Finding(
            target=aws("cluster", cluster["name"], cluster["arn"]),
            message="the public endpoint accepts 0.0.0.0/0: restrict publicAccessCidrs",
            path=("resourcesVpcConfig", "publicAccessCidrs"),
        )
