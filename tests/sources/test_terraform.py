"""Terraform plan JSON: planned resources become snapshot parts; findings name the address."""

import copy
import json

from helpers import FIXTURES, by_resource, lint

from eks_lint.sources.terraform import adapt_plan, load_plan

PLAIN = FIXTURES / "terraform" / "plain-resources.plan.json"
MODULE = FIXTURES / "terraform" / "eks-module.plan.json"
NODE_GROUP = 'module.eks.module.eks_managed_node_group["default"].aws_eks_node_group.this[0]'


def _check(plan_path, *extra):
    return lint("--terraform-plan", str(plan_path), "--today", "2026-11-24", *extra)


def test_plain_resources_findings_name_the_terraform_address():
    outcome = _check(PLAIN)
    assert outcome.code == 1
    found = sorted(by_resource(outcome.findings))
    assert ("public-endpoint-open", "aws_eks_cluster.main") in found
    assert ("control-plane-logging-disabled", "aws_eks_cluster.main") in found
    assert ("authentication-mode-config-map", "aws_eks_cluster.main") in found
    assert ("imds-reachable-from-pods", "aws_eks_node_group.default") in found
    assert ("spot-single-instance-type", "aws_eks_node_group.default") in found
    assert ("al2-ami-end-of-life", "aws_eks_node_group.default") in found
    for finding in outcome.findings:
        assert finding["location"] is None
        assert finding["resource"]["address"] in ("aws_eks_cluster.main", "aws_eks_node_group.default")


def test_module_layout_resolves_subnets_and_launch_template_through_modules():
    (adapted,) = adapt_plan(load_plan(str(MODULE)), str(MODULE))
    private = [f"module.vpc.aws_subnet.private[{i}]" for i in range(3)]
    assert adapted.parts["cluster"]["resourcesVpcConfig"]["subnetIds"] == private
    nodegroup = adapted.parts["nodegroups"][0]
    assert nodegroup["subnets"] == private
    template_address = 'module.eks.module.eks_managed_node_group["default"].aws_launch_template.this[0]'
    assert nodegroup["launchTemplate"] == {"id": template_address, "version": "1"}
    assert adapted.parts["launch_template_versions"][0]["LaunchTemplateId"] == template_address
    # Planned subnets are empty: their free addresses follow from the CIDR (a /19 less 5 reserved).
    assert {s["AvailableIpAddressCount"] for s in adapted.parts["subnets"]} == {8187}
    assert adapted.region == "eu-west-1"


def test_healthy_module_plan_is_clean():
    outcome = _check(MODULE)
    assert outcome.code == 0
    assert outcome.findings == []


def test_a_finding_inside_a_child_module_names_its_full_address(tmp_path):
    plan = json.loads(MODULE.read_text())
    eks = plan["planned_values"]["root_module"]["child_modules"][1]
    template = eks["child_modules"][0]["resources"][0]
    template["values"]["metadata_options"][0]["http_put_response_hop_limit"] = 2
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    outcome = _check(path, "--select", "imds-reachable-from-pods")
    assert by_resource(outcome.findings) == [("imds-reachable-from-pods", NODE_GROUP)]
    assert "HttpPutResponseHopLimit 2" in outcome.findings[0]["message"]


def test_unknown_values_skip_rules_instead_of_misfiring(tmp_path):
    plan = json.loads(PLAIN.read_text())
    resources = plan["planned_values"]["root_module"]["resources"]
    for resource in resources:
        if resource["type"] == "aws_eks_node_group":
            del resource["values"]["instance_types"]  # known only after apply
        if resource["type"] == "aws_launch_template":
            del resource["values"]["metadata_options"]
    config = plan["configuration"]["root_module"]["resources"]
    for resource in config:
        resource["expressions"].pop("subnet_ids", None)
        resource["expressions"].pop("vpc_config", None)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    outcome = _check(path)
    names = {f["name"] for f in outcome.findings}
    assert not names & {
        "max-pods-too-low",
        "node-subnet-ip-headroom",
        "spot-single-instance-type",
        "imds-reachable-from-pods",
        "control-plane-subnet-ip-headroom",
    }
    assert "public-endpoint-open" in names  # what is known is still checked


def test_not_a_plan_is_a_usage_error(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"resources": []}))
    outcome = _check(path)
    assert outcome.code == 2
    assert "not a Terraform plan in JSON (no planned_values)" in outcome.stderr
    binary = tmp_path / "plan.out"
    binary.write_bytes(b"PK\x03\x04 binary plan")
    outcome = _check(binary)
    assert outcome.code == 2 and "terraform show -json" in outcome.stderr
    assert _check(tmp_path / "missing.json").stderr.endswith("file not found\n")


def test_plan_without_a_cluster_is_a_usage_error(tmp_path):
    plan = copy.deepcopy(json.loads(PLAIN.read_text()))
    plan["planned_values"]["root_module"]["resources"] = [
        r for r in plan["planned_values"]["root_module"]["resources"] if r["type"] != "aws_eks_cluster"
    ]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    outcome = _check(path)
    assert outcome.code == 2 and "no aws_eks_cluster resource" in outcome.stderr


def _auto_mode_plan(tmp_path):
    """The plain plan, its cluster turned into an Auto Mode cluster with the 2025-2026 arguments."""
    plan = json.loads(PLAIN.read_text())
    resources = plan["planned_values"]["root_module"]["resources"]
    cluster = next(r for r in resources if r["type"] == "aws_eks_cluster")
    cluster["values"]["compute_config"] = [
        {"enabled": True, "node_pools": ["general-purpose", "system"], "node_role_arn": None}
    ]
    cluster["values"]["storage_config"] = [{"block_storage": [{"enabled": True}]}]
    cluster["values"]["kubernetes_network_config"] = [
        {
            "ip_family": "ipv4",
            "service_ipv4_cidr": "172.20.0.0/16",
            "elastic_load_balancing": [{"enabled": True}],
        }
    ]
    cluster["values"]["deletion_protection"] = False
    nodegroup = next(r for r in resources if r["type"] == "aws_eks_node_group")
    nodegroup["values"]["node_repair_config"] = [{"enabled": False}]
    name = cluster["values"]["name"]
    resources.append(
        {
            "address": "aws_eks_pod_identity_association.reports",
            "mode": "managed",
            "type": "aws_eks_pod_identity_association",
            "name": "reports",
            "values": {
                "cluster_name": name,
                "namespace": "batch",
                "service_account": "reports",
                "role_arn": "arn:aws:iam::111122223333:role/reports",
                "target_role_arn": "arn:aws:iam::444455556666:role/reports-data",
                "disable_session_tags": False,
            },
        }
    )
    resources.append(
        {
            "address": "aws_eks_capability.argocd",
            "mode": "managed",
            "type": "aws_eks_capability",
            "name": "argocd",
            "values": {
                "cluster_name": name,
                "capability_name": "gitops",
                "type": "ARGOCD",
                "role_arn": "arn:aws:iam::111122223333:role/gitops-capability",
            },
        }
    )
    path = tmp_path / "auto.plan.json"
    path.write_text(json.dumps(plan))
    return path


def test_auto_mode_deletion_protection_node_repair_targets_and_capabilities_are_mapped(tmp_path):
    path = _auto_mode_plan(tmp_path)
    (adapted,) = adapt_plan(load_plan(str(path)), str(path))
    cluster = adapted.parts["cluster"]
    # node_role_arn is known only after apply: left out, not guessed
    assert cluster["computeConfig"] == {"enabled": True, "nodePools": ["general-purpose", "system"]}
    assert cluster["storageConfig"] == {"blockStorage": {"enabled": True}}
    assert cluster["kubernetesNetworkConfig"]["elasticLoadBalancing"] == {"enabled": True}
    assert cluster["deletionProtection"] is False
    assert adapted.parts["nodegroups"][0]["nodeRepairConfig"] == {"enabled": False}
    association = adapted.parts["pod_identity_associations"][0]
    assert association["targetRoleArn"] == "arn:aws:iam::444455556666:role/reports-data"
    assert association["disableSessionTags"] is False
    assert adapted.parts["capabilities"] == [
        {
            "capabilityName": "gitops",
            "clusterName": cluster["name"],
            "status": "CREATING",
            "type": "ARGOCD",
            "roleArn": "arn:aws:iam::111122223333:role/gitops-capability",
        }
    ]
    # and the rules read them, naming the Terraform address
    found = by_resource(
        _check(path, "--select", "deletion-protection-off,nodegroup-auto-repair-off").findings
    )
    assert sorted(found) == [
        ("deletion-protection-off", "aws_eks_cluster.main"),
        ("nodegroup-auto-repair-off", "aws_eks_node_group.default"),
    ]


def test_a_plan_without_the_new_arguments_states_nothing_about_them():
    (adapted,) = adapt_plan(load_plan(str(PLAIN)), str(PLAIN))
    cluster = adapted.parts["cluster"]
    assert not {"computeConfig", "storageConfig", "deletionProtection"} & set(cluster)
    assert "nodeRepairConfig" not in adapted.parts["nodegroups"][0]
    assert "capabilities" not in adapted.parts


def test_known_values_leave_out_what_the_plan_knows_only_after_apply():
    from eks_lint.sources.terraform import known_values

    values = {
        "name": "demo",
        "arn": "x",  # marked unknown: left out though a value is shown
        "instance_types": [None],  # an unknown element, as terraform show writes it
        "enabled_cluster_log_types": ["api", None],
        "vpc_config": [{"subnet_ids": ["subnet-1"], "public_access_cidrs": ["10.0.0.0/8"], "vpc_id": None}],
        "launch_template": [{"name": "lt", "version": "1"}],
        "tags": {"team": "a"},
    }
    unknown = {
        "arn": True,
        "launch_template": [{"version": True}],
        "vpc_config": [{"public_access_cidrs": [True]}],
    }
    assert known_values(values, unknown) == {
        "name": "demo",
        # a known null (not set in the configuration) is kept: it is a fact
        "vpc_config": [{"subnet_ids": ["subnet-1"], "vpc_id": None}],
        "launch_template": [{"name": "lt"}],
        "tags": {"team": "a"},
    }


def _with_unknown(plan: dict, resource_type: str, attribute: str, shown: list) -> dict:
    """``attribute`` of every ``resource_type`` holding an unknown element, as
    ``terraform show -json`` writes it: null in planned_values, true in after_unknown."""
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == resource_type:
            resource["values"][attribute] = shown
            plan["resource_changes"].append(
                {
                    "address": resource["address"],
                    "type": resource_type,
                    "change": {
                        "actions": ["create"],
                        "after": resource["values"],
                        "after_unknown": {attribute: [value is None for value in shown]},
                    },
                }
            )
    return plan


def test_a_list_with_an_unknown_element_is_unknown_not_a_usage_error(tmp_path):
    """instance_types = [var.type] with the variable from another resource: the
    plan shows [null]. That was exit 2 ("None is not of type 'string'"); now
    the node group's instance types are unknown and the rules that need them
    do not judge it, while what is known is still checked."""
    plan = _with_unknown(
        copy.deepcopy(json.loads(PLAIN.read_text())), "aws_eks_node_group", "instance_types", [None]
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    [nodegroup] = adapted.parts["nodegroups"]
    assert "instanceTypes" not in nodegroup
    outcome = _check(path)
    assert outcome.code == 1, outcome.stderr
    found = by_resource(outcome.findings)
    assert ("spot-single-instance-type", "aws_eks_node_group.default") not in found
    assert ("max-pods-too-low", "aws_eks_node_group.default") not in found
    assert ("imds-reachable-from-pods", "aws_eks_node_group.default") in found  # known: still checked
    assert ("public-endpoint-open", "aws_eks_cluster.main") in found


def test_a_partly_known_cidr_list_is_not_a_usage_error(tmp_path):
    plan = copy.deepcopy(json.loads(PLAIN.read_text()))
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_cluster":
            resource["values"]["vpc_config"][0]["public_access_cidrs"] = ["203.0.113.0/24", None]
    # public_access_cidrs = ["203.0.113.0/24", var.office_cidr], the variable known only after apply
    [cluster] = [
        r for r in plan["configuration"]["root_module"]["resources"] if r["type"] == "aws_eks_cluster"
    ]
    cluster["expressions"]["vpc_config"][0]["public_access_cidrs"] = {"references": ["var.office_cidr"]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert "publicAccessCidrs" not in adapted.parts["cluster"]["resourcesVpcConfig"]
    outcome = _check(path)
    assert outcome.code == 1, outcome.stderr
    found = by_resource(outcome.findings)
    # Unknown CIDRs are not judged as the default 0.0.0.0/0; the rest still is.
    assert ("public-endpoint-open", "aws_eks_cluster.main") not in found
    assert ("control-plane-logging-disabled", "aws_eks_cluster.main") in found


def test_public_access_cidrs_not_configured_are_what_eks_stores(tmp_path):
    """Not set in the configuration, the provider plans public_access_cidrs as
    known after apply and EKS stores 0.0.0.0/0: the adapter states that."""
    plan = copy.deepcopy(json.loads(PLAIN.read_text()))
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_cluster":
            del resource["values"]["vpc_config"][0]["public_access_cidrs"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert adapted.parts["cluster"]["resourcesVpcConfig"]["publicAccessCidrs"] == ["0.0.0.0/0"]
    assert ("public-endpoint-open", "aws_eks_cluster.main") in by_resource(_check(path).findings)
    # Set in the configuration from something known only after apply: unknown, not judged.
    [cluster] = [
        r for r in plan["configuration"]["root_module"]["resources"] if r["type"] == "aws_eks_cluster"
    ]
    cluster["expressions"]["vpc_config"][0]["public_access_cidrs"] = {"references": ["var.office_cidrs"]}
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert "publicAccessCidrs" not in adapted.parts["cluster"]["resourcesVpcConfig"]
    assert ("public-endpoint-open", "aws_eks_cluster.main") not in by_resource(_check(path).findings)


def test_log_types_known_only_after_apply_are_not_judged_as_off(tmp_path):
    """``enabled_cluster_log_types = var.log_types`` from a data source: the plan
    writes the value as unknown; logging is then not known to be off."""
    plan = json.loads(PLAIN.read_text())
    [cluster] = [
        r for r in plan["planned_values"]["root_module"]["resources"] if r["type"] == "aws_eks_cluster"
    ]
    cluster["values"].pop("enabled_cluster_log_types")
    plan["resource_changes"].append(
        {
            "address": cluster["address"],
            "type": "aws_eks_cluster",
            "name": cluster["name"],
            "change": {"actions": ["create"], "after_unknown": {"enabled_cluster_log_types": True}},
        }
    )
    unknown = tmp_path / "unknown.plan.json"
    unknown.write_text(json.dumps(plan))
    selected = ("--select", "control-plane-logging-disabled")
    assert by_resource(_check(unknown, *selected).findings) == []
    # the same plan stating only api logging is judged
    assert by_resource(_check(PLAIN, *selected).findings) == [
        ("control-plane-logging-disabled", "aws_eks_cluster.main")
    ]


def test_values_known_only_after_apply_are_named_not_passed_over_in_silence(tmp_path):
    """A rule that cannot judge a resource because the plan leaves its value
    unknown is not a clean result: the run names every such value, once."""
    plan = _with_unknown(
        copy.deepcopy(json.loads(PLAIN.read_text())), "aws_eks_node_group", "instance_types", [None]
    )
    [cluster] = [
        r for r in plan["planned_values"]["root_module"]["resources"] if r["type"] == "aws_eks_cluster"
    ]
    cluster["values"].pop("version")
    plan["resource_changes"].append(
        {
            "address": cluster["address"],
            "type": "aws_eks_cluster",
            "change": {"actions": ["create"], "after_unknown": {"version": True, "arn": True, "id": True}},
        }
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    # arn and id are unknown too, but no rule judges them
    assert adapted.unknown == ["aws_eks_cluster.main.version", "aws_eks_node_group.default.instance_types"]
    outcome = _check(path)
    assert (
        f"eks-lint: {path}: not judged, known only after apply: "
        "aws_eks_cluster.main.version, aws_eks_node_group.default.instance_types\n"
    ) in outcome.stderr
    assert outcome.stderr.count("not judged") == 1
    assert "not judged" not in _check(PLAIN).stderr


def test_a_value_the_adapter_states_is_not_named_as_unknown(tmp_path):
    """public_access_cidrs not configured: known only after apply in the plan, but
    EKS stores 0.0.0.0/0 and the adapter says so; nothing is left unjudged."""
    plan = copy.deepcopy(json.loads(PLAIN.read_text()))
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_cluster":
            del resource["values"]["vpc_config"][0]["public_access_cidrs"]
            plan["resource_changes"].append(
                {
                    "address": resource["address"],
                    "type": "aws_eks_cluster",
                    "change": {
                        "actions": ["create"],
                        "after_unknown": {"vpc_config": [{"public_access_cidrs": True}]},
                    },
                }
            )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert adapted.parts["cluster"]["resourcesVpcConfig"]["publicAccessCidrs"] == ["0.0.0.0/0"]
    assert adapted.unknown == []
    [config] = [
        r for r in plan["configuration"]["root_module"]["resources"] if r["type"] == "aws_eks_cluster"
    ]
    config["expressions"]["vpc_config"][0]["public_access_cidrs"] = {"references": ["var.office_cidrs"]}
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert adapted.unknown == ["aws_eks_cluster.main.vpc_config.public_access_cidrs"]


def test_a_node_group_without_instance_types_or_launch_template_gets_t3_medium(tmp_path):
    """CreateNodegroup: with no instance type in a launch template or in
    instanceTypes, t3.medium is used. The provider plans it as known after
    apply; the rules judge what EKS will launch."""
    plan = copy.deepcopy(json.loads(PLAIN.read_text()))
    for section in (
        plan["planned_values"]["root_module"]["resources"],
        plan["configuration"]["root_module"]["resources"],
    ):
        for resource in section:
            if resource["type"] == "aws_eks_node_group":
                for key in ("instance_types", "launch_template"):
                    resource.get("values", resource.get("expressions", {})).pop(key, None)
    plan["resource_changes"].append(
        {
            "address": "aws_eks_node_group.default",
            "type": "aws_eks_node_group",
            "change": {"actions": ["create"], "after_unknown": {"instance_types": True}},
        }
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    [nodegroup] = adapted.parts["nodegroups"]
    assert nodegroup["instanceTypes"] == ["t3.medium"]
    assert adapted.unknown == []
    outcome = _check(path, "--select", "max-pods-too-low")
    assert [(f["name"], f["message"].split(" runs")[0]) for f in outcome.findings] == [
        ("max-pods-too-low", "node group `default` t3.medium")
    ]
    # With a launch template the instance type may be in the template: not assumed.
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_node_group":
            resource["values"]["launch_template"] = [{"version": "$Latest"}]
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert "instanceTypes" not in adapted.parts["nodegroups"][0]
    # and set in the configuration from a value known only after apply: unknown, named
    for resource in plan["planned_values"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_node_group":
            del resource["values"]["launch_template"]
    for resource in plan["configuration"]["root_module"]["resources"]:
        if resource["type"] == "aws_eks_node_group":
            resource["expressions"]["instance_types"] = {"references": ["module.sizing.types"]}
    path.write_text(json.dumps(plan))
    [adapted] = adapt_plan(load_plan(str(path)), str(path))
    assert "instanceTypes" not in adapted.parts["nodegroups"][0]
    assert adapted.unknown == ["aws_eks_node_group.default.instance_types"]
