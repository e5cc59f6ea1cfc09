"""eksctl and Terraform inputs carry what the hybrid nodes and networking rules read."""

import copy
import json

from helpers import CORPUS, FIXTURES, by_resource, lint

from eks_lint.sources.eksctl import adapt
from eks_lint.sources.manifests import load_manifests
from eks_lint.sources.terraform import adapt_plan

PLAIN = FIXTURES / "terraform" / "plain-resources.plan.json"
HYBRID_RULES = "hybrid-nodes-cluster-unsupported,hybrid-remote-network-invalid"


def _adapted(path):
    (obj,) = load_manifests([str(path)]).objects
    return adapt(obj)


def test_eksctl_remote_network_config_becomes_the_clusters():
    cluster = _adapted(CORPUS / "eksctl" / "43-hybrid-nodes.yaml").parts["cluster"]
    assert cluster["remoteNetworkConfig"] == {"remoteNodeNetworks": [{"cidrs": ["10.80.146.0/24"]}]}
    assert cluster["accessConfig"] == {"authenticationMode": "API_AND_CONFIG_MAP"}  # eksctl's default


def test_eksctl_hybrid_config_with_config_map_and_ipv6_is_reported_at_the_cluster_config(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text(
        """apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: edge
  region: us-west-2
  version: "1.33"
accessConfig:
  authenticationMode: CONFIG_MAP
kubernetesNetworkConfig:
  ipFamily: IPv6
remoteNetworkConfig:
  iam:
    provider: SSM
  vpcGatewayID: tgw-0123456789abcdef0
  remoteNodeNetworks:
    - cidrs: ["10.80.0.0/16"]
  remotePodNetworks:
    - cidrs: ["10.80.128.0/17"]
""",
        encoding="utf-8",
    )
    outcome = lint("--select", HYBRID_RULES, str(path))
    found = [(f["name"], f["path"], f["location"]["line"]) for f in outcome.findings]
    assert found == [
        ("hybrid-nodes-cluster-unsupported", "accessConfig.authenticationMode", 3),
        ("hybrid-nodes-cluster-unsupported", "kubernetesNetworkConfig.ipFamily", 3),
        ("hybrid-remote-network-invalid", "remoteNetworkConfig.remotePodNetworks", 3),
    ]
    assert "overlaps remote node network 10.80.0.0/16" in outcome.findings[2]["message"]


def _plan(tmp_path, remote, vpc_cidr="10.40.0.0/16"):
    plan = json.loads(PLAIN.read_text(encoding="utf-8"))
    resources = plan["planned_values"]["root_module"]["resources"]
    cluster = next(r for r in resources if r["address"] == "aws_eks_cluster.main")
    cluster["values"]["remote_network_config"] = [remote]
    cluster["values"]["access_config"] = [{"authentication_mode": "API_AND_CONFIG_MAP"}]
    resources.append(
        {
            "address": "aws_vpc.main",
            "mode": "managed",
            "type": "aws_vpc",
            "name": "main",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 1,
            "values": {"cidr_block": vpc_cidr, "enable_dns_hostnames": True, "tags": {"Name": "prod"}},
        }
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan, path


def test_terraform_remote_network_config_and_vpc_are_mapped(tmp_path):
    remote = {
        "remote_node_networks": [{"cidrs": ["10.80.0.0/16"]}],
        "remote_pod_networks": [{"cidrs": ["10.85.0.0/16"]}],
    }
    plan, path = _plan(tmp_path, remote)
    (adapted,) = adapt_plan(plan, str(path))
    assert adapted.parts["cluster"]["remoteNetworkConfig"] == {
        "remoteNodeNetworks": [{"cidrs": ["10.80.0.0/16"]}],
        "remotePodNetworks": [{"cidrs": ["10.85.0.0/16"]}],
    }
    assert adapted.parts["vpcs"] == [
        {
            "VpcId": "aws_vpc.main",
            "CidrBlock": "10.40.0.0/16",
            "CidrBlockAssociationSet": [
                {"CidrBlock": "10.40.0.0/16", "CidrBlockState": {"State": "associated"}}
            ],
        }
    ]
    outcome = lint("--select", HYBRID_RULES, "--terraform-plan", str(path))
    assert outcome.findings == []


def test_terraform_remote_network_overlapping_the_planned_vpc_is_reported(tmp_path):
    remote = {"remote_node_networks": [{"cidrs": ["10.40.128.0/20"]}], "remote_pod_networks": []}
    _plan_data, path = _plan(tmp_path, copy.deepcopy(remote))
    outcome = lint("--select", HYBRID_RULES, "--terraform-plan", str(path))
    assert by_resource(outcome.findings) == [("hybrid-remote-network-invalid", "aws_eks_cluster.main")]
    assert "overlaps VPC aws_vpc.main CIDR 10.40.0.0/16" in outcome.findings[0]["message"]


def test_terraform_subnet_ipv6_fields_are_mapped(tmp_path):
    plan = json.loads(PLAIN.read_text(encoding="utf-8"))
    subnet = plan["planned_values"]["root_module"]["resources"][0]
    subnet["values"]["ipv6_cidr_block"] = "2600:1f14:abc:de01::/64"
    subnet["values"]["assign_ipv6_address_on_creation"] = False
    (adapted,) = adapt_plan(plan, str(PLAIN))
    first = adapted.parts["subnets"][0]
    assert first["AssignIpv6AddressOnCreation"] is False
    assert first["Ipv6CidrBlockAssociationSet"] == [
        {"Ipv6CidrBlock": "2600:1f14:abc:de01::/64", "Ipv6CidrBlockState": {"State": "associated"}}
    ]
    assert "Ipv6CidrBlockAssociationSet" not in adapted.parts["subnets"][1]  # not in the plan: unknown
