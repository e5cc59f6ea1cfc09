"""Check snapshot parts against the AWS service models botocore ships.

A snapshot part must be the API's own response shape. botocore's
ParamValidator (what Stubber uses to check responses) walks a value against
a shape and reports unknown keys and wrong types, so fixtures cannot drift
into invented field names.
"""

from __future__ import annotations

import json
from typing import Any

#: snapshot part -> (service, shape of one item, is the part a list)
PART_SHAPES: dict[str, tuple[str, str, bool]] = {
    "cluster": ("eks", "Cluster", False),
    "nodegroups": ("eks", "Nodegroup", True),
    "addons": ("eks", "Addon", True),
    "addon_versions": ("eks", "AddonInfo", True),
    "cluster_versions": ("eks", "ClusterVersionInformation", True),
    "fargate_profiles": ("eks", "FargateProfile", True),
    "access_entries": ("eks", "AccessEntry", True),
    "pod_identity_associations": ("eks", "PodIdentityAssociation", True),
    "insights": ("eks", "Insight", True),
    "subnets": ("ec2", "Subnet", True),
    "instance_types": ("ec2", "InstanceTypeInfo", True),
    "launch_template_versions": ("ec2", "LaunchTemplateVersion", True),
    "auto_scaling_groups": ("autoscaling", "AutoScalingGroup", True),
    "oidc_providers": ("iam", "GetOpenIDConnectProviderResponse", True),
    "iam_roles": ("iam", "Role", True),
    "security_groups": ("ec2", "SecurityGroup", True),
    "lifecycle_hooks": ("autoscaling", "LifecycleHook", True),
    "vpcs": ("ec2", "Vpc", True),
    "capabilities": ("eks", "Capability", True),
}


def shape_problems(snapshot: dict[str, Any]) -> list[str]:
    import botocore.session
    from botocore.validate import ParamValidator

    session = botocore.session.get_session()
    validator = ParamValidator()
    problems = []
    for part, (service, shape_name, is_list) in PART_SHAPES.items():
        if part not in snapshot:
            continue
        shape = session.get_service_model(service).shape_for(shape_name)
        items = snapshot[part] if is_list else [snapshot[part]]
        for index, item in enumerate(items):
            item = dict(item)
            if part == "oidc_providers":
                item.pop("Arn", None)  # the snapshot adds the provider's ARN
            if part == "iam_roles" and isinstance(item.get("AssumeRolePolicyDocument"), dict):
                # boto3 decodes the URL-encoded policy into a dict; the model says string
                item["AssumeRolePolicyDocument"] = json.dumps(item["AssumeRolePolicyDocument"])
            report = validator.validate(item, shape)
            if report.has_errors():
                where = f"{part}[{index}]" if is_list else part
                problems.append(f"{where}: {report.generate_report()}")
    return problems
