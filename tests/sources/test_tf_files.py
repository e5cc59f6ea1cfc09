"""Findings on a Terraform plan point at the ``resource`` block in the ``.tf``
files beside the plan (root module, local module sources, and modules
``terraform init`` installed), through the SARIF and GitLab reports; with no
``.tf`` file to find, at the resource in the plan."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, cli

from eks_lint.sources.tf_files import split_address

PLAIN = FIXTURES / "terraform" / "plain-resources.plan.json"
PLAIN_TF = FIXTURES / "terraform" / "plain-resources"
MODULE = FIXTURES / "terraform" / "eks-module.plan.json"
CLUSTER = "module.eks.aws_eks_cluster.this[0]"
NODE_GROUP = 'module.eks.module.eks_managed_node_group["default"].aws_eks_node_group.this[0]'

#: Module sources as terraform-aws-modules/eks v20 lays them out (trimmed to the blocks found).
EKS_MAIN_TF = """\
locals {
  create = var.create
}

resource "aws_eks_cluster" "this" {
  count = local.create ? 1 : 0

  name     = var.cluster_name
  role_arn = local.cluster_role
}
"""
NODE_GROUP_TF = """\
resource "aws_launch_template" "this" {
  count = var.create && var.create_launch_template ? 1 : 0
}

resource "aws_eks_node_group" "this" {
  count = var.create ? 1 : 0

  cluster_name = var.cluster_name
}
"""


def test_an_address_splits_into_its_module_key_type_and_name():
    assert split_address("aws_eks_cluster.main") == ("", "aws_eks_cluster", "main")
    assert split_address(NODE_GROUP) == ("eks.eks_managed_node_group", "aws_eks_node_group", "this")
    assert split_address('module.a["x.y"].aws_subnet.private[0]') == ("a", "aws_subnet", "private")
    assert split_address("data.aws_caller_identity.current") is None
    assert split_address("module.eks") is None


def _sarif_places(*args: str) -> dict[tuple[str, str], tuple[str, int, int]]:
    """(rule id, resource address) -> (uri, line, column) of each SARIF result; the
    GitLab report of the same run must point at the same file and line."""
    gitlab = Path("gl.json")
    outcome = cli(
        "check",
        "--config",
        str(FIXTURES / "empty-config.yaml"),
        "--today",
        "2026-11-24",
        *("--fail-on", "warning"),
        *("--format", "gitlab", "--output", str(gitlab), "--format", "sarif"),
        *args,
    )
    assert outcome.code == 1, outcome.stderr
    places = {}
    for result in json.loads(outcome.stdout)["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        where = (physical["artifactLocation"]["uri"], region["startLine"], region["startColumn"])
        places[(result["ruleId"], result["properties"]["resource"])] = where
    lines = {(i["location"]["path"], i["location"]["lines"]["begin"]) for i in json.loads(gitlab.read_text())}
    assert {(uri, line) for uri, line, _ in places.values()} <= lines
    return places


def test_findings_point_at_the_resource_blocks_in_the_tf_files_beside_the_plan(tmp_path, monkeypatch):
    infra = tmp_path / "infra"
    shutil.copytree(PLAIN_TF, infra)
    shutil.copy(PLAIN, infra / "plan.json")
    monkeypatch.chdir(tmp_path)
    places = _sarif_places("--terraform-plan", "infra/plan.json")
    assert places[("EKS401", "aws_eks_cluster.main")] == ("infra/main.tf", 21, 1)
    assert places[("EKS402", "aws_eks_cluster.main")] == ("infra/main.tf", 21, 1)
    assert places[("EKS109", "aws_eks_node_group.default")] == ("infra/nodes.tf", 11, 1)


def test_github_annotations_sit_on_the_resource_blocks_too(tmp_path, monkeypatch):
    infra = tmp_path / "infra"
    shutil.copytree(PLAIN_TF, infra)
    shutil.copy(PLAIN, infra / "plan.json")
    monkeypatch.chdir(tmp_path)
    outcome = cli(
        "check",
        *("--config", str(FIXTURES / "empty-config.yaml"), "--today", "2026-11-24"),
        *("--fail-on", "warning", "--format", "github", "--terraform-plan", "infra/plan.json"),
    )
    assert outcome.code == 1, outcome.stderr
    lines = outcome.stdout.splitlines()
    public = [line for line in lines if "title=EKS401 " in line]
    assert len(public) == 1
    # on the resource block, and naming the resource, as the line alone may not
    assert public[0].startswith(
        "::warning file=infra/main.tf,line=21,col=1,title=EKS401 public-endpoint-open::"
        "aws_eks_cluster.main: the public API endpoint accepts 0.0.0.0/0"
    )
    nodegroup = [line for line in lines if "title=EKS109 " in line]
    assert nodegroup and nodegroup[0].split("::")[1].startswith("warning file=infra/nodes.tf,line=11,col=1,")


def test_without_tf_files_findings_point_at_the_resource_in_the_plan(tmp_path, monkeypatch):
    (tmp_path / "plan.json").write_text(PLAIN.read_text())
    monkeypatch.chdir(tmp_path)
    places = _sarif_places("--terraform-plan", "plan.json")
    uri, line, _ = places[("EKS401", "aws_eks_cluster.main")]
    plan = PLAIN.read_text().splitlines()
    assert uri == "plan.json" and plan[line].strip() == '"address": "aws_eks_cluster.main",'


def _module_plan() -> dict:
    """The terraform-aws-modules/eks plan with a public endpoint and IMDSv1, so
    the cluster and the node group inside the nested module each get a finding."""
    plan = copy.deepcopy(json.loads(MODULE.read_text()))
    children = {c["address"]: c for c in plan["planned_values"]["root_module"]["child_modules"]}
    eks = children["module.eks"]
    [cluster] = [r for r in eks["resources"] if r["address"] == CLUSTER]
    cluster["values"]["vpc_config"][0]["public_access_cidrs"] = ["0.0.0.0/0"]
    [template] = [r for r in eks["child_modules"][0]["resources"] if r["type"] == "aws_launch_template"]
    template["values"]["metadata_options"][0].update(http_tokens="optional", http_put_response_hop_limit=2)
    return plan


@pytest.mark.parametrize("installed", [True, False], ids=["registry-modules-json", "local-sources"])
def test_findings_in_modules_point_at_the_module_sources(tmp_path, monkeypatch, installed):
    plan = _module_plan()
    if installed:
        # What `terraform init` leaves for registry modules: the sources under
        # .terraform/modules and a modules.json mapping each module call's key to them.
        eks_dir = Path(".terraform/modules/eks")
        manifest = {
            "Modules": [
                {"Key": "", "Source": "", "Dir": "."},
                {"Key": "eks", "Source": "registry.terraform.io/terraform-aws-modules/eks/aws", "Version": "20.31.6", "Dir": str(eks_dir)},  # noqa: E501
                {"Key": "eks.eks_managed_node_group", "Source": "./modules/eks-managed-node-group", "Dir": str(eks_dir / "modules/eks-managed-node-group")},  # noqa: E501
                {"Key": "vpc", "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws", "Version": "5.16.0", "Dir": ".terraform/modules/vpc"},  # noqa: E501
            ]
        }  # fmt: skip
        (tmp_path / ".terraform/modules").mkdir(parents=True)
        (tmp_path / ".terraform/modules/modules.json").write_text(json.dumps(manifest))
    else:
        # The same module kept in the repository: the plan's configuration names its local source.
        plan["configuration"]["root_module"]["module_calls"]["eks"]["source"] = "./modules/eks"
        eks_dir = Path("modules/eks")
    (tmp_path / eks_dir / "modules/eks-managed-node-group").mkdir(parents=True)
    (tmp_path / eks_dir / "main.tf").write_text(EKS_MAIN_TF)
    (tmp_path / eks_dir / "modules/eks-managed-node-group/main.tf").write_text(NODE_GROUP_TF)
    (tmp_path / "main.tf").write_text('module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\n')
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    monkeypatch.chdir(tmp_path)
    places = _sarif_places("--terraform-plan", "plan.json")
    assert places[("EKS401", CLUSTER)] == (f"{eks_dir}/main.tf", 5, 1)
    assert places[("EKS109", NODE_GROUP)] == (f"{eks_dir}/modules/eks-managed-node-group/main.tf", 5, 1)
