"""Terraform plan JSON (``terraform show -json plan.out``) as snapshot parts.

Resources are read from ``planned_values`` (the root module and every child
module, as terraform-aws-modules/eks nests them) and turned into the shapes
the live collector writes. Values Terraform knows only after apply are
absent from ``planned_values``; they stay absent here, so the rules that need
them are skipped instead of guessing. Where a value is unknown but the
plan's ``configuration`` section says which resource it comes from (a node
group's ``subnet_ids`` referencing ``aws_subnet.private``), the reference is
resolved to that planned resource, and the resource address stands in for
the ID.

Every produced resource is anchored at its Terraform address, so findings
name ``module.eks.aws_eks_node_group.this["default"]``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import FileProblem, int_or_text, read_regular_file
from eks_lint.engine.model import Anchor
from eks_lint.sources.eksctl import Adapted

#: The resource types read; everything else in a plan is ignored.
PLAN_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "terraform-plan.schema.json"
#: A plan of a large estate is tens of megabytes; this bounds memory.
MAX_PLAN_BYTES = 512 * 1024 * 1024
TYPES = (
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_eks_addon",
    "aws_eks_fargate_profile",
    "aws_eks_access_entry",
    "aws_eks_pod_identity_association",
    "aws_eks_capability",
    "aws_launch_template",
    "aws_iam_role",
    "aws_iam_openid_connect_provider",
    "aws_subnet",
    "aws_autoscaling_group",
    "aws_vpc",
)
#: AWS reserves five addresses in every subnet.
RESERVED_PER_SUBNET = 5


@dataclass
class PlannedResource:
    address: str
    type: str
    module: str  # "" for the root module, else "module.eks" or "module.eks.module.x[...]"
    values: dict[str, Any]
    config_key: str  # the address without instance keys, inside its module: aws_subnet.private
    references: dict[str, list[str]] = field(default_factory=dict)
    unknown: Any = None  # its ``change.after_unknown``: what the plan knows only after apply


def load_plan(path: str) -> dict[str, Any]:
    try:
        text = read_regular_file(path, MAX_PLAN_BYTES).decode("utf-8")
    except FileProblem as problem:
        if not os.path.lexists(path):
            raise EksLintError(f"--terraform-plan {path}: file not found") from None
        raise EksLintError(f"--terraform-plan {path}: {problem}") from None
    except UnicodeDecodeError as error:
        raise EksLintError(f"--terraform-plan {path}: cannot read: {error}") from None
    try:
        plan = json.loads(text, parse_int=int_or_text)
    except json.JSONDecodeError as error:
        raise EksLintError(
            f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg} "
            "(give the output of 'terraform show -json plan.out', not the binary plan)"
        ) from None
    except RecursionError:
        raise EksLintError(f"{path}: the plan nests too deep to be a Terraform plan") from None
    if not isinstance(plan, dict) or "planned_values" not in plan:
        raise EksLintError(
            f"{path}: not a Terraform plan in JSON (no planned_values): "
            "run 'terraform show -json plan.out > plan.json'"
        )
    problems = plan_problems(plan)
    if problems:
        from eks_lint.sources.snapshot import problem_text

        raise EksLintError(problem_text(path, "not a Terraform plan eks-lint can read", problems))
    return plan


def plan_problems(plan: Any) -> list[str]:
    """Where the plan's shape differs from what eks-lint reads, as ``json.path: message``."""
    import jsonschema

    from eks_lint.sources.snapshot import json_path

    schema = json.loads(PLAN_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(plan), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{json_path(error.absolute_path)}: {_short(error.message)}" for error in errors]


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def planned_resources(plan: dict[str, Any]) -> list[PlannedResource]:
    out: list[PlannedResource] = []
    references = _configuration_references(plan.get("configuration") or {})
    unknown = _after_unknown(plan)

    def walk(module: dict[str, Any], module_address: str) -> None:
        for resource in module.get("resources") or []:
            if resource.get("mode", "managed") != "managed" or resource.get("type") not in TYPES:
                continue
            address = str(resource.get("address") or "")
            key = f"{resource['type']}.{resource.get('name')}"
            module_key = _strip_keys(module_address)
            out.append(
                PlannedResource(
                    address=address,
                    type=resource["type"],
                    module=module_address,
                    values=known_values(resource.get("values") or {}, unknown.get(address)),
                    config_key=key,
                    references=references.get((module_key, key), {}),
                    unknown=unknown.get(address),
                )
            )
        for child in module.get("child_modules") or []:
            walk(child, str(child.get("address") or ""))

    walk((plan.get("planned_values") or {}).get("root_module") or {}, "")
    return out


def _configures(plan: dict[str, Any], resource: PlannedResource, block: str | None, attribute: str) -> bool:
    """Whether the plan's ``configuration`` sets ``block.attribute`` (``attribute``
    when ``block`` is None) on the resource."""
    module: Any = (plan.get("configuration") or {}).get("root_module")
    for name in re.findall(r"module\.([^.\[]+)", _strip_keys(resource.module)):
        calls = module.get("module_calls") if isinstance(module, dict) else None
        call = calls.get(name) if isinstance(calls, dict) else None
        module = call.get("module") if isinstance(call, dict) else None
    resources = module.get("resources") if isinstance(module, dict) else None
    for config in resources if isinstance(resources, list) else []:
        if isinstance(config, dict) and config.get("address") == resource.config_key:
            if block is None:
                return attribute in (config.get("expressions") or {})
            blocks = (config.get("expressions") or {}).get(block)
            return isinstance(blocks, list) and any(isinstance(b, dict) and attribute in b for b in blocks)
    return False


def _after_unknown(plan: dict[str, Any]) -> dict[str, Any]:
    """Address -> ``change.after_unknown``: what the plan knows only after apply."""
    out: dict[str, Any] = {}
    for change in plan.get("resource_changes") or []:
        if isinstance(change, dict) and isinstance(change.get("change"), dict):
            out[str(change.get("address") or "")] = change["change"].get("after_unknown")
    return out


def known_values(values: dict[str, Any], unknown: Any) -> dict[str, Any]:
    """``values`` without what the plan does not know yet, so rules skip it rather
    than judge a part of it. ``terraform show -json`` leaves an unknown attribute
    out of ``planned_values`` but writes an unknown element of a list as ``null``
    (``[null, "api"]``), and marks both in ``after_unknown``: a list with an
    unknown element is unknown as a whole (``enabled_cluster_log_types``
    partly known does not say whether audit logs are on)."""
    marks = unknown if isinstance(unknown, dict) else {}
    out: dict[str, Any] = {}
    for key, value in values.items():
        mark = marks.get(key)
        if mark is True:
            continue
        if isinstance(value, list):
            if any(item is None for item in value):
                continue
            if isinstance(mark, list) and any(m is True for m in mark):
                continue
            block_marks = mark if isinstance(mark, list) else []
            value = [
                known_values(item, block_marks[i] if i < len(block_marks) else None)
                if isinstance(item, dict)
                else item
                for i, item in enumerate(value)
            ]
        elif isinstance(value, dict) and isinstance(mark, dict):
            value = known_values(value, mark)
        out[key] = value
    return out


def _strip_keys(address: str) -> str:
    """``module.eks.module.ng["a"]`` -> ``module.eks.module.ng``: configuration has no instance keys."""
    return re.sub(r"\[[^\]]*\]", "", address)


def _configuration_references(configuration: dict[str, Any]) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(module path, resource key) -> attribute -> references, from the configuration section.

    ``var.x`` references are followed up to the calling module's expression
    for ``x``, so a subnet list passed into terraform-aws-modules/eks resolves
    to the ``aws_subnet`` resources it came from (resolved addresses are
    absolute: ``module.vpc.aws_subnet.private``).
    """
    out: dict[tuple[str, str], dict[str, list[str]]] = {}

    def absolute(module_path: str, reference: str, calls: list[tuple[str, dict[str, Any]]]) -> list[str]:
        parts = reference.split(".")
        if parts[0] == "var" and len(parts) >= 2 and calls:
            parent_path, call = calls[-1]
            expression = (call.get("expressions") or {}).get(parts[1]) or {}
            found = []
            for ref in expression.get("references") or []:
                found.extend(absolute(parent_path, ref, calls[:-1]))
            return found
        if parts[0] == "module" and len(parts) >= 3:
            # module.vpc.private_subnets: an output of a sibling module
            child = f"{module_path + '.' if module_path else ''}module.{parts[1]}"
            return [f"{child}.output.{parts[2]}"]
        if parts[0].startswith("aws_") and len(parts) >= 2:
            name = re.sub(r"\[.*$", "", parts[1])
            return [f"{module_path + '.' if module_path else ''}{parts[0]}.{name}"]
        return []

    outputs: dict[str, list[str]] = {}

    def walk(module: dict[str, Any], module_path: str, calls: list[tuple[str, dict[str, Any]]]) -> None:
        for resource in module.get("resources") or []:
            key = f"{resource.get('type')}.{resource.get('name')}"
            attributes: dict[str, list[str]] = {}
            for attribute, expression in (resource.get("expressions") or {}).items():
                refs = _expression_references(expression)
                resolved = [a for ref in refs for a in absolute(module_path, ref, calls)]
                if resolved:
                    attributes[attribute] = resolved
            out[(module_path, key)] = attributes
        for name, output in (module.get("outputs") or {}).items():
            refs = _expression_references(output.get("expression") or {})
            outputs[f"{module_path + '.' if module_path else ''}output.{name}"] = [
                a for ref in refs for a in absolute(module_path, ref, calls)
            ]
        for name, call in (module.get("module_calls") or {}).items():
            child_path = f"{module_path + '.' if module_path else ''}module.{name}"
            walk(call.get("module") or {}, child_path, [*calls, (module_path, call)])

    walk(configuration.get("root_module") or {}, "", [])
    # Replace module outputs by what they reference (one level is what modules use).
    for attributes in out.values():
        for attribute, refs in attributes.items():
            expanded: list[str] = []
            for ref in refs:
                expanded.extend(outputs.get(ref, [ref]) if ".output." in ref else [ref])
            attributes[attribute] = expanded
    return out


def _expression_references(expression: Any) -> list[str]:
    """References anywhere in an expression (nested blocks are lists of expression maps)."""
    found: list[str] = []
    if isinstance(expression, dict):
        found.extend(str(r) for r in expression.get("references") or [])
        for key, value in expression.items():
            if key != "references" and isinstance(value, (dict, list)):
                found.extend(_expression_references(value))
    elif isinstance(expression, list):
        for item in expression:
            found.extend(_expression_references(item))
    return found


def adapt_plan(plan: dict[str, Any], file: str) -> list[Adapted]:
    """One ``Adapted`` per planned ``aws_eks_cluster`` (resources join by cluster name)."""
    resources = planned_resources(plan)
    clusters = [r for r in resources if r.type == "aws_eks_cluster"]
    if not clusters:
        raise EksLintError(f"{file}: the plan has no aws_eks_cluster resource to check")
    by_key: dict[str, list[PlannedResource]] = {}
    for resource in resources:
        by_key.setdefault(
            f"{_strip_keys(resource.module) + '.' if resource.module else ''}{resource.config_key}", []
        ).append(resource)
    out = []
    for cluster in clusters:
        name = cluster.values.get("name")
        mine = [r for r in resources if _belongs(r, name, len(clusters))]
        out.append(_adapt_cluster(cluster, mine, by_key, plan))
    return out


def _belongs(resource: PlannedResource, cluster_name: Any, cluster_count: int) -> bool:
    value = resource.values.get("cluster_name")
    if value is None or cluster_count == 1:
        return True
    return value == cluster_name


def _referenced(
    resource: PlannedResource, attribute: str, by_key: dict[str, list[PlannedResource]], type_: str
) -> list[PlannedResource]:
    found: list[PlannedResource] = []
    for ref in resource.references.get(attribute, []):
        for candidate in by_key.get(ref, []):
            if candidate.type == type_ and candidate not in found:
                found.append(candidate)
    return found


def _subnet_id(subnet: PlannedResource) -> str:
    return str(subnet.values.get("id") or subnet.address)


def _subnet_ids(
    resource: PlannedResource, attribute: str, values: Any, by_key: dict[str, list[PlannedResource]]
) -> list[str] | None:
    """Known IDs from the plan, else the addresses of the planned subnets they reference."""
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return list(values)
    referenced = _referenced(resource, attribute, by_key, "aws_subnet")
    return [_subnet_id(s) for s in referenced] or None


def _renamed(block: dict[str, Any], names: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The values the plan knows, under their API field names (unknown ones are absent)."""
    return {api: block[attribute] for attribute, api in names if block.get(attribute) is not None}


def _first(block: Any) -> dict[str, Any]:
    if isinstance(block, list) and block and isinstance(block[0], dict):
        return block[0]
    return block if isinstance(block, dict) else {}


def _adapt_cluster(
    cluster: PlannedResource,
    resources: list[PlannedResource],
    by_key: dict[str, list[PlannedResource]],
    plan: dict[str, Any],
) -> Adapted:
    out = Adapted()
    values = cluster.values
    name = str(values.get("name") or cluster.address)
    vpc = _first(values.get("vpc_config"))
    vpc_config = _renamed(
        vpc,
        (
            ("endpoint_public_access", "endpointPublicAccess"),
            ("endpoint_private_access", "endpointPrivateAccess"),
            ("public_access_cidrs", "publicAccessCidrs"),
            ("security_group_ids", "securityGroupIds"),
        ),
    )
    if (
        "publicAccessCidrs" not in vpc_config
        and vpc_config.get("endpointPublicAccess") is True
        and not _configures(plan, cluster, "vpc_config", "public_access_cidrs")
    ):
        # Not set in the configuration: EKS stores 0.0.0.0/0 (the provider plans it
        # as known after apply). Set from a value known only after apply, it stays
        # unknown and public-endpoint-open does not judge it.
        vpc_config["publicAccessCidrs"] = ["0.0.0.0/0"]
    subnet_ids = _subnet_ids(cluster, "vpc_config", vpc.get("subnet_ids"), by_key)
    if subnet_ids:
        vpc_config["subnetIds"] = subnet_ids
    data: dict[str, Any] = {"name": name, "status": "CREATING", "resourcesVpcConfig": vpc_config}
    if values.get("version"):
        data["version"] = str(values["version"])
    if values.get("role_arn"):
        data["roleArn"] = values["role_arn"]
    if "enabled_cluster_log_types" in values:
        enabled = list(values.get("enabled_cluster_log_types") or [])
        all_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
        data["logging"] = {
            "clusterLogging": [
                entry
                for entry in (
                    {"types": [t for t in all_types if t in enabled], "enabled": True},
                    {"types": [t for t in all_types if t not in enabled], "enabled": False},
                )
                if entry["types"]
            ]
        }
    encryption = _first(values.get("encryption_config"))
    if encryption:
        provider = _first(encryption.get("provider"))
        entry: dict[str, Any] = {"resources": list(encryption.get("resources") or ["secrets"])}
        if provider.get("key_arn"):
            entry["provider"] = {"keyArn": provider["key_arn"]}
        data["encryptionConfig"] = [entry]
    elif "encryption_config" in values:
        data["encryptionConfig"] = []
    access = _first(values.get("access_config"))
    if access.get("authentication_mode"):
        data["accessConfig"] = {"authenticationMode": access["authentication_mode"]}
    upgrade = _first(values.get("upgrade_policy"))
    if upgrade.get("support_type"):
        data["upgradePolicy"] = {"supportType": upgrade["support_type"]}
    network = _first(values.get("kubernetes_network_config"))
    if network:
        data["kubernetesNetworkConfig"] = {
            k2: network[k1]
            for k1, k2 in (("ip_family", "ipFamily"), ("service_ipv4_cidr", "serviceIpv4Cidr"))
            if network.get(k1)
        }
    remote = _remote_network_config(values)
    if remote:
        data["remoteNetworkConfig"] = remote
    _auto_mode(values, data)
    if isinstance(values.get("deletion_protection"), bool):
        data["deletionProtection"] = values["deletion_protection"]
    if values.get("tags"):
        data["tags"] = dict(values["tags"])
    out.parts["cluster"] = data
    out.anchors[("cluster", name)] = Anchor(None, (), cluster.address)
    region = _region(plan, cluster)
    if region:
        out.region = region

    def collect(type_: str) -> list[PlannedResource]:
        return [r for r in resources if r.type == type_]

    templates = {r.address: r for r in collect("aws_launch_template")}
    nodegroups = []
    nodegroup_resources = collect("aws_eks_node_group")
    for resource in nodegroup_resources:
        nodegroups.append(_nodegroup(resource, name, by_key, plan))
        out.anchors[("nodegroup", nodegroups[-1]["nodegroupName"])] = Anchor(None, (), resource.address)
    if nodegroups:
        out.parts["nodegroups"] = nodegroups
    versions = [_template_version(t) for t in templates.values()]
    if versions:
        out.parts["launch_template_versions"] = versions
    addons = []
    for resource in collect("aws_eks_addon"):
        addons.append(_addon(resource, name, by_key))
        out.anchors[("addon", addons[-1]["addonName"])] = Anchor(None, (), resource.address)
    if addons:
        out.parts["addons"] = addons
    profiles = []
    for resource in collect("aws_eks_fargate_profile"):
        profiles.append(_fargate(resource, name, by_key))
        out.anchors[("fargate-profile", profiles[-1]["fargateProfileName"])] = Anchor(
            None, (), resource.address
        )
    if profiles:
        out.parts["fargate_profiles"] = profiles
    entries = [_access_entry(r, name) for r in collect("aws_eks_access_entry")]
    if entries:
        out.parts["access_entries"] = entries
    associations = [_association(r, name) for r in collect("aws_eks_pod_identity_association")]
    if associations:
        out.parts["pod_identity_associations"] = associations
    capabilities = []
    for resource in collect("aws_eks_capability"):
        capabilities.append(_capability(resource, name))
        out.anchors[("capability", capabilities[-1]["capabilityName"])] = Anchor(None, (), resource.address)
    if capabilities:
        out.parts["capabilities"] = capabilities
    subnets = [_subnet(r) for r in collect("aws_subnet")]
    if subnets:
        out.parts["subnets"] = subnets
    vpcs = [_vpc(r) for r in collect("aws_vpc")]
    if vpcs:
        out.parts["vpcs"] = vpcs
    roles = [_role(r) for r in collect("aws_iam_role")]
    if roles:
        out.parts["iam_roles"] = roles
    providers = [_oidc(r) for r in collect("aws_iam_openid_connect_provider")]
    if providers:
        out.parts["oidc_providers"] = providers
    groups = []
    for resource in collect("aws_autoscaling_group"):
        groups.append(_asg(resource, by_key))
        out.anchors[("autoscaling-group", groups[-1]["AutoScalingGroupName"])] = Anchor(
            None, (), resource.address
        )
    if groups:
        out.parts["auto_scaling_groups"] = groups
    out.unknown = _not_judged(cluster, data, nodegroup_resources, nodegroups)
    return out


#: What EKS gives a managed node group with no instance types and no launch
#: template (CreateNodegroup, ``instanceTypes``).
DEFAULT_INSTANCE_TYPE = "t3.medium"

#: Attributes rules judge, per resource type, with the field each becomes in the
#: snapshot. One the plan knows only after apply, and that the adapter could not
#: state otherwise (a default EKS documents, a reference to a planned resource),
#: leaves the rules that read it nothing to judge on that resource: the run says
#: so rather than going quiet.
JUDGED_ATTRIBUTES: dict[str, tuple[tuple[str, str], ...]] = {
    "aws_eks_cluster": (
        ("version", "version"),
        ("enabled_cluster_log_types", "logging"),
        ("vpc_config.endpoint_public_access", "resourcesVpcConfig.endpointPublicAccess"),
        ("vpc_config.public_access_cidrs", "resourcesVpcConfig.publicAccessCidrs"),
        ("vpc_config.subnet_ids", "resourcesVpcConfig.subnetIds"),
        ("access_config.authentication_mode", "accessConfig.authenticationMode"),
        ("upgrade_policy.support_type", "upgradePolicy.supportType"),
    ),
    "aws_eks_node_group": (
        ("version", "version"),
        ("release_version", "releaseVersion"),
        ("ami_type", "amiType"),
        ("capacity_type", "capacityType"),
        ("instance_types", "instanceTypes"),
        ("subnet_ids", "subnets"),
        ("scaling_config", "scalingConfig"),
    ),
}


def _not_judged(
    cluster: PlannedResource,
    cluster_data: dict[str, Any],
    nodegroups: list[PlannedResource],
    nodegroup_data: list[dict[str, Any]],
) -> list[str]:
    """``ADDRESS.attribute`` of each judged attribute known only after apply and
    absent from the adapted snapshot."""
    out: list[str] = []
    for resource, data in ((cluster, cluster_data), *zip(nodegroups, nodegroup_data, strict=True)):
        for attribute, snapshot_field in JUDGED_ATTRIBUTES[resource.type]:
            if _is_unknown(resource.unknown, attribute) and _field(data, snapshot_field) is None:
                out.append(f"{resource.address}.{attribute}")
    return out


def _is_unknown(marks: Any, attribute: str) -> bool:
    """Whether ``after_unknown`` marks ``attribute`` (``block.name`` for a nested
    block's attribute), or an element of it, as known only after apply."""
    head, _, rest = attribute.partition(".")
    mark = marks.get(head) if isinstance(marks, dict) else None
    if rest:
        blocks = mark if isinstance(mark, list) else [mark]
        return mark is True or any(_is_unknown(block, rest) for block in blocks if isinstance(block, dict))
    return mark is True or (isinstance(mark, list) and True in mark)


def _field(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _region(plan: dict[str, Any], cluster: PlannedResource) -> str | None:
    arn = cluster.values.get("arn")
    if isinstance(arn, str) and arn.count(":") >= 4:
        return arn.split(":")[3]
    providers = (plan.get("configuration") or {}).get("provider_config") or {}
    aws = providers.get("aws") or {}
    region = ((aws.get("expressions") or {}).get("region") or {}).get("constant_value")
    return str(region) if region else None


def _nodegroup(
    resource: PlannedResource, cluster: str, by_key: dict[str, list[PlannedResource]], plan: dict[str, Any]
) -> dict[str, Any]:
    values = resource.values
    name = str(values.get("node_group_name") or values.get("node_group_name_prefix") or resource.address)
    data: dict[str, Any] = {"nodegroupName": name, "clusterName": cluster, "status": "CREATING"}
    data.update(
        _renamed(
            values,
            (
                ("version", "version"),
                ("ami_type", "amiType"),
                ("capacity_type", "capacityType"),
                ("release_version", "releaseVersion"),
                ("node_role_arn", "nodeRole"),
            ),
        )
    )
    if values.get("instance_types"):
        data["instanceTypes"] = list(values["instance_types"])
    elif not values.get("launch_template") and not _configures(plan, resource, None, "instance_types"):
        # Not set and no launch template: EKS uses t3.medium (CreateNodegroup's
        # instanceTypes); the provider plans it as known after apply.
        data["instanceTypes"] = [DEFAULT_INSTANCE_TYPE]
    subnets = _subnet_ids(resource, "subnet_ids", values.get("subnet_ids"), by_key)
    if subnets:
        data["subnets"] = subnets
    scaling = _first(values.get("scaling_config"))
    if scaling:
        data["scalingConfig"] = _renamed(
            scaling, (("min_size", "minSize"), ("max_size", "maxSize"), ("desired_size", "desiredSize"))
        )
    update = _first(values.get("update_config"))
    if update:
        data["updateConfig"] = {
            k2: update[k1]
            for k1, k2 in (
                ("max_unavailable", "maxUnavailable"),
                ("max_unavailable_percentage", "maxUnavailablePercentage"),
            )
            if update.get(k1)
        }
    template = _first(values.get("launch_template"))
    if values.get("launch_template"):  # [{}] when id, name and version are known only after apply
        reference: dict[str, Any] = {}
        referenced = _referenced(resource, "launch_template", by_key, "aws_launch_template")
        if template.get("id"):
            reference["id"] = template["id"]
        elif referenced:
            reference["id"] = referenced[0].address
        if template.get("name"):
            reference["name"] = template["name"]
        if template.get("version") is not None:
            reference["version"] = str(template["version"])
        elif referenced:
            reference["version"] = "1"  # a template created in this plan starts at version 1
        data["launchTemplate"] = reference
    repair = _first(values.get("node_repair_config"))
    if isinstance(repair.get("enabled"), bool):
        data["nodeRepairConfig"] = {"enabled": repair["enabled"]}
    if values.get("labels"):
        data["labels"] = dict(values["labels"])
    if values.get("tags"):
        data["tags"] = dict(values["tags"])
    return data


def _template_version(resource: PlannedResource) -> dict[str, Any]:
    values = resource.values
    metadata = _first(values.get("metadata_options"))
    template_data: dict[str, Any] = {}
    options = _renamed(
        metadata,
        (
            ("http_tokens", "HttpTokens"),
            ("http_put_response_hop_limit", "HttpPutResponseHopLimit"),
            ("http_endpoint", "HttpEndpoint"),
        ),
    )
    if options:
        template_data["MetadataOptions"] = options
    if values.get("instance_type"):
        template_data["InstanceType"] = values["instance_type"]
    if values.get("image_id"):
        template_data["ImageId"] = values["image_id"]
    return {
        "LaunchTemplateId": str(values.get("id") or resource.address),
        "LaunchTemplateName": str(values.get("name") or values.get("name_prefix") or resource.address),
        "VersionNumber": int(values.get("latest_version") or 1),
        "DefaultVersion": True,
        "LaunchTemplateData": template_data,
    }


def _addon(
    resource: PlannedResource, cluster: str, by_key: dict[str, list[PlannedResource]]
) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {
        "addonName": str(values.get("addon_name") or ""),
        "clusterName": cluster,
        "status": "CREATING",
    }
    if values.get("addon_version"):
        data["addonVersion"] = values["addon_version"]
    if values.get("service_account_role_arn"):
        data["serviceAccountRoleArn"] = values["service_account_role_arn"]
    elif _referenced(resource, "service_account_role_arn", by_key, "aws_iam_role"):
        # The role is created by this plan; its ARN is known after apply. The
        # add-on does have a role of its own, which is what rules ask.
        data["serviceAccountRoleArn"] = _referenced(
            resource, "service_account_role_arn", by_key, "aws_iam_role"
        )[0].address
    if values.get("configuration_values"):
        data["configurationValues"] = values["configuration_values"]
    associations = values.get("pod_identity_association") or []
    if associations:
        data["podIdentityAssociations"] = [
            str(a.get("role_arn") or "") for a in associations if isinstance(a, dict)
        ]
    return data


def _fargate(
    resource: PlannedResource, cluster: str, by_key: dict[str, list[PlannedResource]]
) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {
        "fargateProfileName": str(values.get("fargate_profile_name") or resource.address),
        "clusterName": cluster,
        "status": "CREATING",
        "selectors": [
            {"namespace": s.get("namespace"), **({"labels": dict(s["labels"])} if s.get("labels") else {})}
            for s in values.get("selector") or []
            if isinstance(s, dict)
        ],
    }
    subnets = _subnet_ids(resource, "subnet_ids", values.get("subnet_ids"), by_key)
    if subnets:
        data["subnets"] = subnets
    if values.get("pod_execution_role_arn"):
        data["podExecutionRoleArn"] = values["pod_execution_role_arn"]
    return data


def _access_entry(resource: PlannedResource, cluster: str) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {
        "clusterName": cluster,
        "type": values.get("type") or "STANDARD",
        "kubernetesGroups": list(values.get("kubernetes_groups") or []),
    }
    if values.get("principal_arn"):
        data["principalArn"] = values["principal_arn"]
    if values.get("user_name"):
        data["username"] = values["user_name"]
    return data


def _association(resource: PlannedResource, cluster: str) -> dict[str, Any]:
    values = resource.values
    data = {
        "clusterName": cluster,
        "namespace": values.get("namespace"),
        "serviceAccount": values.get("service_account"),
    }
    if values.get("role_arn"):
        data["roleArn"] = values["role_arn"]
    if values.get("target_role_arn"):
        data["targetRoleArn"] = values["target_role_arn"]
    if isinstance(values.get("disable_session_tags"), bool):
        data["disableSessionTags"] = values["disable_session_tags"]
    return data


def _auto_mode(values: dict[str, Any], data: dict[str, Any]) -> None:
    """``compute_config``, ``storage_config`` and ``kubernetes_network_config.elastic_load_balancing``
    of an EKS Auto Mode cluster, under DescribeCluster's names; only what the plan states."""
    compute = _first(values.get("compute_config"))
    if isinstance(compute.get("enabled"), bool):
        data["computeConfig"] = {"enabled": compute["enabled"]}
        if isinstance(compute.get("node_pools"), list):
            data["computeConfig"]["nodePools"] = [str(p) for p in compute["node_pools"]]
        if isinstance(compute.get("node_role_arn"), str):
            data["computeConfig"]["nodeRoleArn"] = compute["node_role_arn"]
    block = _first(_first(values.get("storage_config")).get("block_storage"))
    if isinstance(block.get("enabled"), bool):
        data["storageConfig"] = {"blockStorage": {"enabled": block["enabled"]}}
    balancing = _first(_first(values.get("kubernetes_network_config")).get("elastic_load_balancing"))
    if isinstance(balancing.get("enabled"), bool):
        network = data.setdefault("kubernetesNetworkConfig", {})
        network["elasticLoadBalancing"] = {"enabled": balancing["enabled"]}


def _capability(resource: PlannedResource, cluster: str) -> dict[str, Any]:
    """A planned ``aws_eks_capability``: its status is EKS's to report once created."""
    values = resource.values
    data: dict[str, Any] = {
        "capabilityName": str(values.get("capability_name") or resource.address),
        "clusterName": cluster,
        "status": "CREATING",
    }
    data.update(_renamed(values, (("type", "type"), ("role_arn", "roleArn"))))
    return data


def _subnet(resource: PlannedResource) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {"SubnetId": _subnet_id(resource)}
    if values.get("cidr_block"):
        data["CidrBlock"] = values["cidr_block"]
        try:
            network = ipaddress.ip_network(values["cidr_block"], strict=False)
            # A subnet created by this plan is empty: all but the reserved addresses are free.
            if not values.get("id"):
                data["AvailableIpAddressCount"] = network.num_addresses - RESERVED_PER_SUBNET
        except ValueError:
            pass
    if values.get("availability_zone"):
        data["AvailabilityZone"] = values["availability_zone"]
    if values.get("availability_zone_id"):
        data["AvailabilityZoneId"] = values["availability_zone_id"]
    if values.get("map_public_ip_on_launch") is not None:
        data["MapPublicIpOnLaunch"] = bool(values["map_public_ip_on_launch"])
    if values.get("vpc_id"):
        data["VpcId"] = values["vpc_id"]
    if values.get("assign_ipv6_address_on_creation") is not None:
        data["AssignIpv6AddressOnCreation"] = bool(values["assign_ipv6_address_on_creation"])
    if "ipv6_cidr_block" in values:  # known: empty means none
        block = values.get("ipv6_cidr_block")
        data["Ipv6CidrBlockAssociationSet"] = (
            [{"Ipv6CidrBlock": block, "Ipv6CidrBlockState": {"State": "associated"}}] if block else []
        )
    tags = values.get("tags") or {}
    if tags:
        data["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    return data


def _vpc(resource: PlannedResource) -> dict[str, Any]:
    """aws_vpc as a DescribeVpcs entry: its ID (or address, when planned) and primary CIDR block."""
    values = resource.values
    data: dict[str, Any] = {"VpcId": str(values.get("id") or resource.address)}
    if values.get("cidr_block"):
        data["CidrBlock"] = values["cidr_block"]
        data["CidrBlockAssociationSet"] = [
            {"CidrBlock": values["cidr_block"], "CidrBlockState": {"State": "associated"}}
        ]
    return data


def _remote_network_config(values: dict[str, Any]) -> dict[str, Any]:
    """aws_eks_cluster.remote_network_config (hybrid nodes) in DescribeCluster's shape."""
    remote = _first(values.get("remote_network_config"))
    out: dict[str, Any] = {}
    for tf_key, api_key in (
        ("remote_node_networks", "remoteNodeNetworks"),
        ("remote_pod_networks", "remotePodNetworks"),
    ):
        blocks = remote.get(tf_key)
        networks = [
            {"cidrs": [str(c) for c in block.get("cidrs") or []]}
            for block in (
                blocks if isinstance(blocks, list) else [blocks] if isinstance(blocks, dict) else []
            )
            if isinstance(block, dict)
        ]
        if networks:
            out[api_key] = networks
    return out


def _role(resource: PlannedResource) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {"RoleName": values.get("name") or resource.address}
    if values.get("arn"):
        data["Arn"] = values["arn"]
    document = values.get("assume_role_policy")
    if document:
        try:
            data["AssumeRolePolicyDocument"] = json.loads(document) if isinstance(document, str) else document
        except json.JSONDecodeError:
            pass
    return data


def _oidc(resource: PlannedResource) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {"ClientIDList": list(values.get("client_id_list") or [])}
    if values.get("url"):
        data["Url"] = str(values["url"]).removeprefix("https://")
    if values.get("arn"):
        data["Arn"] = values["arn"]
    if values.get("thumbprint_list"):
        data["ThumbprintList"] = list(values["thumbprint_list"])
    return data


def _asg(resource: PlannedResource, by_key: dict[str, list[PlannedResource]]) -> dict[str, Any]:
    values = resource.values
    data: dict[str, Any] = {"AutoScalingGroupName": str(values.get("name") or resource.address)}
    data.update(
        _renamed(
            values,
            (("min_size", "MinSize"), ("max_size", "MaxSize"), ("desired_capacity", "DesiredCapacity")),
        )
    )
    subnets = _subnet_ids(resource, "vpc_zone_identifier", values.get("vpc_zone_identifier"), by_key)
    if subnets:
        data["VPCZoneIdentifier"] = ",".join(subnets)
    tags = []
    for tag in values.get("tag") or []:
        if isinstance(tag, dict) and tag.get("key"):
            tags.append(
                {
                    "Key": tag["key"],
                    "Value": str(tag.get("value", "")),
                    "PropagateAtLaunch": bool(tag.get("propagate_at_launch")),
                }
            )
    data["Tags"] = tags
    template = _first(values.get("launch_template"))
    if template:
        data["LaunchTemplate"] = {
            k2: str(template[k1])
            for k1, k2 in (("id", "LaunchTemplateId"), ("name", "LaunchTemplateName"), ("version", "Version"))
            if template.get(k1)
        }
    return data
