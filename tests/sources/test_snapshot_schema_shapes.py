"""The snapshot schema types AWS parts as the AWS APIs answer: every field it
types that botocore's service model also has must be of the model's type, or
real snapshots (``eks-lint collect``) would be refused. Names the model does
not have are allowed only where listed below, with why."""

from __future__ import annotations

import json

import botocore.session
import pytest

from eks_lint.sources.snapshot import SCHEMA_PATH

#: snapshot part -> (service, output shape of one element), as the collector stores them
PART_SHAPES = {
    "cluster": ("eks", "Cluster"),
    "nodegroups": ("eks", "Nodegroup"),
    "addons": ("eks", "Addon"),
    "addon_versions": ("eks", "AddonInfo"),
    "cluster_versions": ("eks", "ClusterVersionInformation"),
    "fargate_profiles": ("eks", "FargateProfile"),
    "access_entries": ("eks", "AccessEntry"),
    "pod_identity_associations": ("eks", "PodIdentityAssociation"),
    "insights": ("eks", "Insight"),
    "capabilities": ("eks", "Capability"),
    "subnets": ("ec2", "Subnet"),
    "vpcs": ("ec2", "Vpc"),
    "security_groups": ("ec2", "SecurityGroup"),
    "instance_types": ("ec2", "InstanceTypeInfo"),
    "launch_template_versions": ("ec2", "LaunchTemplateVersion"),
    "auto_scaling_groups": ("autoscaling", "AutoScalingGroup"),
    "lifecycle_hooks": ("autoscaling", "LifecycleHook"),
    "iam_roles": ("iam", "Role"),
    "oidc_providers": ("iam", "GetOpenIDConnectProviderResponse"),
}

#: Fields the schema types that the element's model lacks, and why that is right.
NOT_IN_THE_MODEL = {
    # the collector adds the provider's ARN (ListOpenIDConnectProviders) to GetOpenIDConnectProvider's answer
    "oidc_providers.Arn",
    # one shared definition types IPv4 and IPv6 association sets (each model has half the names)
    "subnets.Ipv6CidrBlockAssociationSet[].CidrBlock",
    "subnets.Ipv6CidrBlockAssociationSet[].CidrBlockState",
    "vpcs.CidrBlockAssociationSet[].Ipv6CidrBlock",
    "vpcs.CidrBlockAssociationSet[].Ipv6CidrBlockState",
    "vpcs.Ipv6CidrBlockAssociationSet[].CidrBlock",
    "vpcs.Ipv6CidrBlockAssociationSet[].CidrBlockState",
    # one shared definition types health issues: clusters' and node groups' name resources,
    # capabilities' do not
    "capabilities.health.issues[].resourceIds",
}

#: botocore type -> the JSON types a snapshot may hold for it
JSON_TYPES = {
    "string": {"string"},
    "integer": {"integer", "number"},
    "long": {"integer", "number"},
    "boolean": {"boolean"},
    "double": {"number"},
    "float": {"number"},
    "timestamp": {"string", "number"},
    "blob": {"string"},
    "structure": {"object"},
    "map": {"object"},
    "list": {"array"},
}


def _walk(schema, defs, node, shape, path, found):
    while isinstance(node, dict) and "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    declared = node.get("type")
    if declared is not None:
        types = {declared} if isinstance(declared, str) else set(declared)
        types.discard("null")
        if types and not types & JSON_TYPES[shape.type_name]:
            found["mistyped"].append(f"{path}: schema {sorted(types)}, API {shape.type_name}")
    if shape.type_name == "structure":
        for name, child in (node.get("properties") or {}).items():
            if name in shape.members:
                found["checked"] += 1
                _walk(schema, defs, child, shape.members[name], f"{path}.{name}", found)
            else:
                found["unknown"].append(f"{path}.{name}")
    elif shape.type_name == "list" and "items" in node:
        _walk(schema, defs, node["items"], shape.member, f"{path}[]", found)
    elif shape.type_name == "map" and isinstance(node.get("additionalProperties"), dict):
        _walk(schema, defs, node["additionalProperties"], shape.value, f"{path}{{}}", found)


@pytest.fixture(scope="module")
def comparison():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    session = botocore.session.get_session()
    found = {"mistyped": [], "unknown": [], "checked": 0}
    for part, (service, shape_name) in PART_SHAPES.items():
        node = schema["properties"][part]
        node = node.get("items", node) if node.get("type") == "array" else node
        shape = session.get_service_model(service).shape_for(shape_name)
        _walk(schema, schema.get("$defs", {}), node, shape, part, found)
    return found


def test_every_part_of_the_snapshot_is_compared():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    aws_parts = set(schema["properties"]) - {"format", "collected_at", "account_id", "region", "partition"}
    aws_parts -= {"kubernetes", "errors", "kubernetes_access"}
    assert aws_parts == set(PART_SHAPES)


def test_the_schema_types_aws_fields_as_the_apis_answer(comparison):
    assert comparison["checked"] > 150
    assert comparison["mistyped"] == []


def test_fields_the_apis_do_not_have_are_only_the_known_ones(comparison):
    assert sorted(comparison["unknown"]) == sorted(NOT_IN_THE_MODEL)
