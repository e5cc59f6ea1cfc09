"""Every read-only AWS call eks-lint may make: its IAM action, how boto3 makes
it, and the inventory part it fills.

Defined once, read by three users: the live collector
(``eks_lint.sources.aws``) makes exactly these calls; ``eks-lint iam-policy``
prints the least-privilege policy from them; the engine names the permission
a skipped rule lacked (``OPERATION_PARTS``). No imports beyond ``typing``:
the engine may read this table on any path.

Calls come in three groups: ``collect`` (reading one cluster), ``discovery``
(``eks-lint targets``: the accounts, regions and clusters of a fleet) and
``write``: one call, ``s3:PutObject``, made only when the user points
``collect -o`` at an ``s3://`` prefix, and printed in the IAM policy only when
asked (``iam-policy --s3-output``). ``sts:GetCallerIdentity`` is in the table
because discovery makes it, but needs no permission ("No permissions are
required to perform this operation", STS API reference), so no policy lists it.

Source: the AWS Service Authorization Reference (actions of Amazon EKS,
Amazon EC2, Amazon EC2 Auto Scaling, IAM, AWS Organizations, AWS STS and
Amazon S3); each boto3 method is the
operation of the same name in botocore's service models, and
tests/data/test_aws_calls.py checks each against the installed models.
"""

from __future__ import annotations

from typing import NamedTuple

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"


class Call(NamedTuple):
    """One read-only AWS operation: its IAM action, how boto3 calls it, what it feeds."""

    action: str  # the IAM action, also the operation name recorded in errors
    service: str  # boto3 client name
    method: str  # client method
    part: str | None  # inventory part it feeds (None: discovery only)
    paginated: bool = False
    why: str = ""
    group: str = "collect"  # collect, discovery or write (see the module docstring)
    needs_permission: bool = True


CALLS: tuple[Call, ...] = (
    Call(
        "eks:ListClusters",
        "eks",
        "list_clusters",
        None,
        True,
        "--all-clusters and eks-lint targets: the clusters in the region",
        group="discovery",
    ),
    Call("eks:DescribeCluster", "eks", "describe_cluster", "cluster"),
    Call("eks:ListNodegroups", "eks", "list_nodegroups", "nodegroups", True),
    Call("eks:DescribeNodegroup", "eks", "describe_nodegroup", "nodegroups"),
    Call("eks:ListAddons", "eks", "list_addons", "addons", True),
    Call("eks:DescribeAddon", "eks", "describe_addon", "addons"),
    Call("eks:DescribeAddonVersions", "eks", "describe_addon_versions", "addon_versions", True),
    Call("eks:DescribeClusterVersions", "eks", "describe_cluster_versions", "cluster_versions", True),
    Call("eks:ListFargateProfiles", "eks", "list_fargate_profiles", "fargate_profiles", True),
    Call("eks:DescribeFargateProfile", "eks", "describe_fargate_profile", "fargate_profiles"),
    Call("eks:ListAccessEntries", "eks", "list_access_entries", "access_entries", True),
    Call("eks:DescribeAccessEntry", "eks", "describe_access_entry", "access_entries"),
    Call(
        "eks:ListPodIdentityAssociations",
        "eks",
        "list_pod_identity_associations",
        "pod_identity_associations",
        True,
    ),
    Call(
        "eks:DescribePodIdentityAssociation",
        "eks",
        "describe_pod_identity_association",
        "pod_identity_associations",
    ),
    Call("eks:ListInsights", "eks", "list_insights", "insights", True),
    Call("eks:DescribeInsight", "eks", "describe_insight", "insights"),
    Call("ec2:DescribeSubnets", "ec2", "describe_subnets", "subnets", True),
    Call("ec2:DescribeInstanceTypes", "ec2", "describe_instance_types", "instance_types", True),
    Call(
        "ec2:DescribeLaunchTemplateVersions",
        "ec2",
        "describe_launch_template_versions",
        "launch_template_versions",
        True,
    ),
    Call(
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling",
        "describe_auto_scaling_groups",
        "auto_scaling_groups",
        True,
    ),
    Call("iam:ListOpenIDConnectProviders", "iam", "list_open_id_connect_providers", "oidc_providers"),
    Call("iam:GetOpenIDConnectProvider", "iam", "get_open_id_connect_provider", "oidc_providers"),
    Call("iam:GetRole", "iam", "get_role", "iam_roles"),
    Call("ec2:DescribeSecurityGroups", "ec2", "describe_security_groups", "security_groups", True),
    Call("autoscaling:DescribeLifecycleHooks", "autoscaling", "describe_lifecycle_hooks", "lifecycle_hooks"),
    # Issue 19 (part B): hybrid nodes' remote networks against the VPC's CIDR blocks.
    Call("ec2:DescribeVpcs", "ec2", "describe_vpcs", "vpcs", True, "the cluster VPC's CIDR blocks"),
    # -- issue 19 part A: EKS Capabilities (managed Argo CD, ACK, kro) --
    Call(
        "eks:ListCapabilities",
        "eks",
        "list_capabilities",
        "capabilities",
        True,
        "the cluster's EKS Capabilities",
    ),
    Call("eks:DescribeCapability", "eks", "describe_capability", "capabilities"),
    # -- end of issue 19 part A --
    # -- discovery (eks-lint targets) and the fleet's member accounts --
    Call(
        "sts:GetCallerIdentity",
        "sts",
        "get_caller_identity",
        None,
        why="the caller's own account, when no --organization or --accounts is given",
        group="discovery",
        needs_permission=False,
    ),
    Call(
        "organizations:ListAccounts",
        "organizations",
        "list_accounts",
        None,
        True,
        "--organization: the member accounts",
        group="discovery",
    ),
    Call(
        "sts:AssumeRole",
        "sts",
        "assume_role",
        None,
        why="--role-name: read each member account through its read-only role",
        group="discovery",
    ),
    Call(
        "ec2:DescribeRegions",
        "ec2",
        "describe_regions",
        None,
        why="the regions enabled in each account, when --regions is not given",
        group="discovery",
    ),
    # -- the only write, made only to the s3:// prefix the user gives to collect -o --
    Call(
        "s3:PutObject",
        "s3",
        "put_object",
        None,
        why="collect -o s3://BUCKET/PREFIX/: one snapshot object per cluster",
        group="write",
    ),
)
CALLS_BY_ACTION: dict[str, Call] = {call.action: call for call in CALLS}

#: operation -> the inventory part it feeds: how a recorded error names the
#: part it left unknown, and so the permission a skipped rule lacked.
OPERATION_PARTS: dict[str, str] = {call.action: call.part for call in CALLS if call.part}
