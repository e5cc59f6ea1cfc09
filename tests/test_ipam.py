"""The IP arithmetic on the worked examples of the VPC CNI documentation.

Max pods: m5.large (3 ENIs x 10 addresses) is 29 with secondary IPs, 20 under
custom networking and 110 with prefix delegation (UG "Choosing an instance
type", CNI README); the published column of misc/eni-max-pods.txt for a sample
of types. Addresses a node holds: the example tables of the CNI's
docs/eni-and-ip-target.md and docs/prefix-and-ip-target.md, row by row.
"""

from __future__ import annotations

import pytest
from helpers import ROOT

from eks_lint.data import eni_limits
from eks_lint.eks.ipam import (
    CniSettings,
    InstanceLimits,
    addon_env,
    cni_settings,
    free_addresses,
    instance_limits,
    limits_from_describe,
    max_pods,
    node_addresses,
    rolling_update_surge,
)
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

M5_LARGE = InstanceLimits("m5.large", enis=3, ipv4_per_eni=10, vcpus=2, nitro=True, source="test")
T3_SMALL = InstanceLimits("t3.small", enis=3, ipv4_per_eni=4, vcpus=2, nitro=True, source="test")
P3DN = InstanceLimits("p3dn.24xlarge", enis=15, ipv4_per_eni=50, vcpus=96, nitro=True, source="test")

PREFIX = CniSettings(prefix_delegation=True)
CUSTOM = CniSettings(custom_networking=True)


def test_m5_large_worked_examples():
    assert max_pods(M5_LARGE).value == 29
    assert max_pods(M5_LARGE).formula == "3 ENIs x (10 - 1) + 2 = 29"
    assert max_pods(M5_LARGE, CUSTOM).value == 20
    prefix = max_pods(M5_LARGE, PREFIX)
    assert (prefix.uncapped, prefix.value) == (434, 110)
    assert prefix.formula.endswith("capped at 110 (2 vCPUs)")


def test_prefix_ceiling_is_250_above_30_vcpus():
    assert max_pods(P3DN, PREFIX).value == 250
    m5_8xl = InstanceLimits("m5.8xlarge", 8, 30, vcpus=32, nitro=True, source="test")
    assert max_pods(m5_8xl, PREFIX).value == 250
    m5_4xl = InstanceLimits("m5.4xlarge", 8, 30, vcpus=16, nitro=True, source="test")
    assert max_pods(m5_4xl, PREFIX).value == 110


def test_unknown_vcpus_use_the_ceiling_the_caller_chooses():
    table_m5 = instance_limits(None, "m5.4xlarge")
    assert table_m5.vcpus is None
    assert max_pods(table_m5, PREFIX).value == 110
    assert max_pods(table_m5, PREFIX, unknown_ceiling=250).value == 250
    assert "vCPUs not known" in max_pods(table_m5, PREFIX).formula


def test_prefix_delegation_needs_nitro():
    xen = instance_limits(None, "m4.large")
    assert xen is not None and not xen.nitro
    result = max_pods(xen, PREFIX)
    assert result.value == 2 * (10 - 1) + 2 == 20
    assert "needs a Nitro instance" in result.mode


@pytest.mark.parametrize(
    "instance_type, published",
    [
        ("t3.micro", 4),
        ("t3.small", 11),
        ("t3.medium", 17),
        ("t3.large", 35),
        ("m5.large", 29),
        ("m5.xlarge", 58),
        ("m5.4xlarge", 234),
        ("m5.24xlarge", 737),
        ("c5.18xlarge", 737),
        ("m6i.large", 29),
        ("m7g.large", 29),
        ("p5.48xlarge", 100),
    ],
)
def test_secondary_formula_matches_published_max_pods(instance_type, published):
    limits = instance_limits(None, instance_type)
    assert max_pods(limits, apply_ceiling=False).value == published
    assert eni_limits.lookup(instance_type).max_pods == published


def test_whole_table_agrees_with_the_published_column():
    rows = eni_limits.table()
    assert len(rows) > 1300
    for row in rows.values():
        limits = instance_limits(None, row.instance_type)
        assert max_pods(limits, apply_ceiling=False).value == row.max_pods, row.instance_type


def test_live_instance_types_win_over_the_table():
    live = {
        "InstanceType": "m5.large",
        "Hypervisor": "nitro",
        "VCpuInfo": {"DefaultVCpus": 2},
        "NetworkInfo": {
            "MaximumNetworkInterfaces": 4,
            "DefaultNetworkCardIndex": 0,
            "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}],
            "Ipv4AddressesPerInterface": 10,
        },
    }
    inventory = Inventory(parts={"instance_types": [live]})
    limits = instance_limits(inventory, "m5.large")
    assert (limits.enis, limits.vcpus, limits.source) == (4, 2, "DescribeInstanceTypes")
    assert instance_limits(inventory, "m5.xlarge").source == "VPC CNI table"
    assert instance_limits(inventory, "no.such-type") is None


def test_multi_card_types_count_the_default_card_only():
    entry = {
        "InstanceType": "p5.48xlarge",
        "Hypervisor": "nitro",
        "VCpuInfo": {"DefaultVCpus": 192},
        "NetworkInfo": {
            "MaximumNetworkInterfaces": 64,
            "DefaultNetworkCardIndex": 0,
            "NetworkCards": [
                {"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 2},
                {"NetworkCardIndex": 1, "MaximumNetworkInterfaces": 2},
            ],
            "Ipv4AddressesPerInterface": 50,
        },
    }
    assert limits_from_describe(entry).enis == 2
    assert max_pods(limits_from_describe(entry)).value == 100


# docs/eni-and-ip-target.md: (WARM_ENI, WARM_IP, MINIMUM_IP, pods) -> (ENIs, secondary IPs)
@pytest.mark.parametrize(
    "limits, warm_eni, warm_ip, minimum, pods, enis, secondaries",
    [
        (T3_SMALL, 1, 0, 0, 0, 1, 3),
        (T3_SMALL, 1, 0, 0, 5, 3, 9),
        (T3_SMALL, 1, 0, 0, 9, 3, 9),
        (T3_SMALL, 1, 1, 1, 0, 1, 1),
        (T3_SMALL, 1, 1, 1, 5, 2, 6),
        (T3_SMALL, 1, 1, 1, 9, 3, 9),
        (T3_SMALL, 1, 2, 5, 0, 2, 5),
        (T3_SMALL, 1, 2, 5, 5, 3, 7),
        (T3_SMALL, 1, 2, 5, 9, 3, 9),
        (P3DN, 1, 0, 0, 0, 1, 49),
        (P3DN, 1, 0, 0, 3, 2, 98),
        (P3DN, 1, 0, 0, 95, 3, 147),
        (P3DN, 1, 5, 10, 0, 1, 10),
        (P3DN, 1, 5, 10, 7, 1, 12),
        (P3DN, 1, 5, 10, 15, 1, 20),
        (P3DN, 1, 5, 10, 45, 2, 50),
    ],
)
def test_secondary_ip_examples_from_the_cni_docs(limits, warm_eni, warm_ip, minimum, pods, enis, secondaries):
    cni = CniSettings(warm_eni_target=warm_eni, warm_ip_target=warm_ip, minimum_ip_target=minimum)
    held = node_addresses(limits, cni, pods)
    assert held.enis == enis
    # every attached ENI also holds its primary address
    assert held.node_subnet == enis + secondaries


# docs/prefix-and-ip-target.md: (WARM_PREFIX, WARM_IP, MINIMUM_IP, pods) -> (ENIs, prefixes)
@pytest.mark.parametrize(
    "limits, warm_prefix, warm_ip, minimum, pods, enis, prefixes",
    [
        (T3_SMALL, 1, 0, 0, 0, 1, 1),
        (T3_SMALL, 1, 0, 0, 5, 1, 2),
        (T3_SMALL, 1, 0, 0, 16, 1, 2),
        (T3_SMALL, 1, 0, 0, 17, 1, 3),
        (T3_SMALL, 1, 0, 0, 58, 2, 5),
        (T3_SMALL, 1, 1, 1, 0, 1, 1),
        (T3_SMALL, 1, 1, 1, 5, 1, 1),
        (T3_SMALL, 1, 1, 1, 17, 1, 2),
        (T3_SMALL, 1, 1, 1, 58, 2, 4),
        (T3_SMALL, 1, 7, 20, 5, 1, 2),
        (T3_SMALL, 1, 7, 20, 17, 1, 2),
        (T3_SMALL, 1, 7, 20, 58, 2, 5),
        (P3DN, 1, 0, 0, 0, 1, 1),
        (P3DN, 1, 5, 10, 0, 1, 1),
        (P3DN, 1, 5, 10, 7, 1, 1),
        (P3DN, 1, 5, 10, 15, 1, 2),
        (P3DN, 1, 5, 10, 45, 1, 4),
    ],
)
def test_prefix_examples_from_the_cni_docs(limits, warm_prefix, warm_ip, minimum, pods, enis, prefixes):
    cni = CniSettings(
        prefix_delegation=True,
        warm_prefix_target=warm_prefix,
        warm_ip_target=warm_ip,
        minimum_ip_target=minimum,
    )
    held = node_addresses(limits, cni, pods)
    assert held.enis == enis
    assert held.node_subnet == enis + 16 * prefixes


def test_fully_packed_nodes():
    # the house-style example: an m5.large holds 3 ENIs x 10 = 30 addresses
    full = node_addresses(M5_LARGE)
    assert (full.node_subnet, full.pods) == (30, 27)
    assert full.detail == "3 ENIs x 10 = 30 for 27 pods (WARM_ENI_TARGET=1)"
    # prefix delegation: 108 pods -> 7 prefixes + 1 warm, on the primary ENI
    prefix = node_addresses(M5_LARGE, PREFIX)
    assert (prefix.node_subnet, prefix.enis) == (1 + 8 * 16, 1)
    # custom networking: one address in the node subnet, 2 pod ENIs x 10 in the ENIConfig subnet
    custom = node_addresses(M5_LARGE, CUSTOM)
    assert (custom.node_subnet, custom.pod_subnet, custom.pods) == (1, 20, 18)


def test_free_addresses_and_surge():
    assert free_addresses({"AvailableIpAddressCount": 41}) == 41
    assert free_addresses({}) is None
    assert rolling_update_surge(3, 6, {"maxUnavailable": 1}) == 6
    assert rolling_update_surge(5, 40, {"maxUnavailable": 20}) == 20
    assert rolling_update_surge(2, 30, {"maxUnavailablePercentage": 50}) == 15
    assert rolling_update_surge(1, 3, None) == 2


def test_cni_settings_daemonset_env_wins_key_by_key_over_addon():
    addon = {"addonName": "vpc-cni", "configurationValues": '{"env": {"ENABLE_PREFIX_DELEGATION": "true"}}'}
    daemonset = K8sObject(
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": {"name": "aws-node", "namespace": "kube-system"},
            "spec": {
                "template": {
                    "spec": {
                        "containers": [
                            {
                                "name": "aws-node",
                                "env": [
                                    {"name": "WARM_IP_TARGET", "value": "2"},
                                    {"name": "MINIMUM_IP_TARGET", "value": "10"},
                                    {"name": "MY_NODE_NAME", "valueFrom": {"fieldRef": {}}},
                                ],
                            }
                        ]
                    }
                }
            },
        }
    )
    only_addon = cni_settings(Inventory(parts={"addons": [addon]}))
    assert only_addon.prefix_delegation and only_addon.source == "vpc-cni add-on configurationValues"
    inventory = Inventory(parts={"addons": [addon]})
    inventory.add_objects([daemonset])
    both = cni_settings(inventory)
    assert both.source == "DaemonSet kube-system/aws-node over vpc-cni add-on configurationValues"
    assert (both.prefix_delegation, both.warm_ip_target, both.minimum_ip_target) == (True, 2, 10)
    overridden = Inventory(parts={"addons": [addon]})
    daemonset.data["spec"]["template"]["spec"]["containers"][0]["env"].append(
        {"name": "ENABLE_PREFIX_DELEGATION", "value": "false"}
    )
    overridden.add_objects([daemonset])
    assert cni_settings(overridden).prefix_delegation is False
    assert cni_settings(Inventory()).source == "VPC CNI defaults"


def test_addon_configuration_values_in_yaml():
    env = addon_env({"configurationValues": "env:\n  AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: 'true'\n"})
    assert env == {"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true"}
    assert addon_env({"configurationValues": "{not json: ["}) is None
    assert addon_env({}) is None


def test_custom_networking_with_prefixes_and_pod_counts_above_max_pods():
    both = CniSettings(prefix_delegation=True, custom_networking=True)
    assert max_pods(M5_LARGE, both).formula.startswith("(3 - 1) ENIs x ((10 - 1) x 16) + 2 = 290")
    held = node_addresses(M5_LARGE, both)
    # 108 pods -> 7 prefixes + 1 warm on the first pod ENI, all in the ENIConfig subnet
    assert (held.node_subnet, held.pod_subnet) == (1, 1 + 8 * 16)
    assert node_addresses(M5_LARGE, None, pods=500).pods == 27


SHARED_TABLE = ROOT.parent / "shared" / "data" / "instance-eni-limits.csv"


@pytest.mark.skipif(not SHARED_TABLE.exists(), reason="the shared data folder is not next to this checkout")
def test_vendored_table_matches_its_source():
    import csv

    with SHARED_TABLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    table = eni_limits.table()
    assert len(rows) == len(table)
    for row in rows:
        ours = table[row["instance_type"]]
        assert ours.enis == int(row["default_card_max_enis"])
        assert ours.ipv4_per_eni == int(row["ipv4_per_eni"])
        assert ours.hypervisor == row["hypervisor"]
        assert ours.bare_metal == (row["bare_metal"] == "true")
        assert ours.max_pods == (int(row["max_pods_published"]) if row["max_pods_published"] else None)


def test_cidr_helpers_for_remote_networks():
    from eks_lint.eks.ipam import ipv4_network, is_private_ipv4, overlapping

    assert str(ipv4_network("10.80.1.7/16")) == "10.80.0.0/16"  # host bits allowed
    assert ipv4_network("2600:1f14::/56") is None and ipv4_network("not-a-cidr") is None
    assert ipv4_network(None) is None
    assert [is_private_ipv4(ipv4_network(c)) for c in ("10.0.0.0/8", "172.31.0.0/16", "192.168.4.0/24")] == [
        True,
        True,
        True,
    ]
    assert is_private_ipv4(ipv4_network("100.64.0.0/16"))  # RFC 6598
    assert not is_private_ipv4(ipv4_network("172.32.0.0/16")) and not is_private_ipv4(
        ipv4_network("0.0.0.0/0")
    )
    others = {"vpc": ipv4_network("10.40.0.0/16"), "services": ipv4_network("172.20.0.0/16"), "bad": None}
    assert overlapping(ipv4_network("10.40.255.0/24"), others) == ["vpc"]
    assert overlapping(ipv4_network("10.0.0.0/8"), others) == ["vpc"]  # a supernet overlaps too
    assert overlapping(ipv4_network("10.41.0.0/16"), others) == []
