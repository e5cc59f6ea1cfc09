"""eks_lint.eks.cluster: tags, subnets, launch template versions, ASG ownership, cluster-autoscaler flags."""

from eks_lint.eks import cluster
from eks_lint.engine.inventory import Inventory


def test_tag_map_reads_eks_maps_and_ec2_lists():
    assert cluster.tag_map({"team": "platform"}) == {"team": "platform"}
    assert cluster.tag_map([{"Key": "Name", "Value": "a"}, {"Key": "empty"}, "junk"]) == {
        "Name": "a",
        "empty": "",
    }
    assert cluster.tag_map(None) == {}


def test_subnet_zones_is_none_when_any_subnet_is_unknown():
    index = {"s-a": {"SubnetId": "s-a", "AvailabilityZone": "eu-west-1a"}}
    assert cluster.subnet_zones(["s-a"], index) == {"eu-west-1a"}
    assert cluster.subnet_zones(["s-a", "s-b"], index) is None
    assert cluster.subnet_zones([], index) is None


VERSIONS = [
    {"LaunchTemplateId": "lt-1", "LaunchTemplateName": "web", "VersionNumber": 3, "DefaultVersion": False},
    {"LaunchTemplateId": "lt-1", "LaunchTemplateName": "web", "VersionNumber": 4, "DefaultVersion": True},
    {"LaunchTemplateId": "lt-1", "LaunchTemplateName": "web", "VersionNumber": 5, "DefaultVersion": False},
    {"LaunchTemplateId": "lt-2", "LaunchTemplateName": "db", "VersionNumber": 9, "DefaultVersion": True},
]


def test_launch_template_versions_resolve_numbers_and_aliases():
    inventory = Inventory(parts={"launch_template_versions": VERSIONS})
    web = cluster.template_versions(inventory, "lt-1")
    assert cluster.template_versions(inventory, None, "web") == web
    assert (cluster.latest_version(web), cluster.default_version(web)) == (5, 4)
    assert cluster.resolve_version(web, "$Latest")["VersionNumber"] == 5
    assert cluster.resolve_version(web, "$Default")["VersionNumber"] == 4
    assert cluster.resolve_version(web, None)["VersionNumber"] == 4
    assert cluster.resolve_version(web, "3")["VersionNumber"] == 3
    assert cluster.resolve_version(web, 7) is None
    assert cluster.resolve_version(web, "latest") is None


def test_template_security_groups_merge_ids_and_interfaces():
    entry = {
        "LaunchTemplateData": {
            "SecurityGroupIds": ["sg-1"],
            "NetworkInterfaces": [{"DeviceIndex": 0, "Groups": ["sg-2", "sg-1"]}],
        }
    }
    assert cluster.template_security_groups(entry) == ["sg-1", "sg-2"]
    assert cluster.template_security_groups({}) == []


def test_asg_launch_template_from_plain_or_mixed_instances_policy():
    spec = {"LaunchTemplateId": "lt-1", "Version": "$Latest"}
    assert cluster.asg_launch_template({"LaunchTemplate": spec}) == spec
    mixed = {"MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification": spec}}}
    assert cluster.asg_launch_template(mixed) == spec
    assert cluster.asg_launch_template({"LaunchConfigurationName": "old"}) is None


def _asg(name, *keys):
    return {"AutoScalingGroupName": name, "Tags": [{"Key": key, "Value": "owned"} for key in keys]}


def test_cluster_asgs_split_managed_and_self_managed_and_skip_other_clusters():
    inventory = Inventory(
        parts={
            "cluster": {"name": "prod"},
            "nodegroups": [
                {"nodegroupName": "web", "resources": {"autoScalingGroups": [{"name": "eks-web"}]}}
            ],
            "auto_scaling_groups": [
                _asg("eks-web"),  # named by the node group
                _asg("eks-api", "eks:nodegroup-name"),
                _asg("self", "kubernetes.io/cluster/prod"),
                _asg("ca-only", "k8s.io/cluster-autoscaler/prod"),
                _asg("other", "kubernetes.io/cluster/staging"),
                _asg("untagged"),
            ],
        }
    )
    found = [(group["AutoScalingGroupName"], managed) for group, managed in cluster.cluster_asgs(inventory)]
    assert found == [("eks-web", True), ("eks-api", True), ("self", False), ("ca-only", False)]


def test_autoscaler_flags():
    words = [
        "./cluster-autoscaler",
        "--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod",
        "--node-group-auto-discovery",
        "asg:tag=team=data",
        "--nodes=1:10:static-group",
    ]
    assert cluster.discovery_tags(words) == [
        {"k8s.io/cluster-autoscaler/enabled": None, "k8s.io/cluster-autoscaler/prod": None},
        {"team": "data"},
    ]
    assert cluster.explicit_groups(words) == {"static-group"}
    half = _asg("half", "k8s.io/cluster-autoscaler/enabled")
    assert cluster.missing_discovery_tags(half, cluster.discovery_tags(words)[0]) == [
        "k8s.io/cluster-autoscaler/prod"
    ]
    wrong_value = {"AutoScalingGroupName": "x", "Tags": [{"Key": "team", "Value": "web"}]}
    assert cluster.missing_discovery_tags(wrong_value, {"team": "data"}) == ["team=data"]
    assert cluster.autoscaler_manages(_asg("static-group"), words)
    assert cluster.autoscaler_manages(_asg("full", *cluster.default_discovery_tags("prod")), words)
    assert not cluster.autoscaler_manages(half, words)
