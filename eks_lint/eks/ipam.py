"""IP address arithmetic of the Amazon VPC CNI, shared by the IP headroom and max-pods rules.

Everything here follows the VPC CNI's own documentation, so a finding can show
its arithmetic and a reader can check it:

- Max pods (amazon-eks-ami ``max-pods-calculator.sh``; CNI ``misc/eni-max-pods.txt``):
  secondary IPs ``ENIs x (IPs per ENI - 1) + 2``; custom networking
  ``(ENIs - 1) x (IPs per ENI - 1) + 2`` (the primary ENI carries no pods);
  prefix delegation (Nitro instances only) ``ENIs x ((IPs per ENI - 1) x 16) + 2``.
  The calculator's recommended value, which managed node groups apply when
  they compute max pods, is then capped at 110 (30 vCPUs or fewer) or 250.
  The "+ 2" are the host-network pods aws-node and kube-proxy.
- Addresses a node holds (CNI ``docs/eni-and-ip-target.md`` and
  ``docs/prefix-and-ip-target.md``, whose example tables are the tests): every
  attached ENI holds its primary address; with ``WARM_ENI_TARGET`` (default 1)
  each attached ENI is filled with all its secondary addresses and one spare
  ENI's worth is kept free; ``WARM_IP_TARGET`` / ``MINIMUM_IP_TARGET`` override
  it and keep ``max(pods + WARM_IP_TARGET, MINIMUM_IP_TARGET)`` secondary
  addresses; with prefix delegation each /28 prefix takes 16 addresses and
  ``WARM_PREFIX_TARGET`` (default 1) whole spare prefixes are kept, unless the IP
  targets are set (then ``ceil(max(pods + WARM_IP_TARGET, MINIMUM_IP_TARGET) / 16)``
  prefixes). Under custom networking the pod ENIs and their addresses come from
  the ENIConfig subnet; the node subnet gives only the primary ENI's address.
- A subnet's free addresses are its ``AvailableIpAddressCount`` (EC2 already
  subtracts the 5 addresses AWS reserves in every subnet).

Known simplification: the prefix-mode example table in the CNI docs sometimes
shows extra empty ENIs (one address each) that this model does not count, so
prefix-mode figures can be low by a few addresses, never high.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eks_lint.eks.cni_config import addon_env, daemonset_env
from eks_lint.engine.inventory import Inventory

PREFIX_SIZE = 16  # a /28 IPv4 prefix
HOST_NETWORK_PODS = 2  # aws-node and kube-proxy, the "+ 2" of every max-pods formula
LOW_CPU_CEILING = 110
HIGH_CPU_CEILING = 250
CEILING_VCPU_THRESHOLD = 30  # more vCPUs than this: the 250 ceiling

DEFAULT_ENI_CONFIG_LABEL = "k8s.amazonaws.com/eniConfig"
ZONE_LABELS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")


# Instance types --------------------------------------------------------------


@dataclass(frozen=True)
class InstanceLimits:
    """What the CNI needs to know about an instance type."""

    instance_type: str
    enis: int  # MaximumNetworkInterfaces of the default network card
    ipv4_per_eni: int
    vcpus: int | None  # None: not known (the vendored table has no vCPUs)
    nitro: bool
    source: str  # "DescribeInstanceTypes" or "VPC CNI table"


def limits_from_describe(entry: Mapping[str, Any]) -> InstanceLimits | None:
    """Limits from one ec2:DescribeInstanceTypes ``InstanceTypes`` entry."""
    network = entry.get("NetworkInfo")
    name = entry.get("InstanceType")
    if not isinstance(network, dict) or not name:
        return None
    enis = network.get("MaximumNetworkInterfaces")
    # The CNI uses the default network card only (multi-card types such as p5.48xlarge).
    card_index = network.get("DefaultNetworkCardIndex", 0)
    for card in network.get("NetworkCards") or []:
        if isinstance(card, dict) and card.get("NetworkCardIndex") == card_index:
            enis = card.get("MaximumNetworkInterfaces", enis)
    ips = network.get("Ipv4AddressesPerInterface")
    if not isinstance(enis, int) or not isinstance(ips, int) or enis < 1 or ips < 1:
        return None
    vcpus = (entry.get("VCpuInfo") or {}).get("DefaultVCpus")
    return InstanceLimits(
        instance_type=str(name),
        enis=enis,
        ipv4_per_eni=ips,
        vcpus=vcpus if isinstance(vcpus, int) else None,
        nitro=entry.get("Hypervisor") == "nitro",
        source="DescribeInstanceTypes",
    )


def instance_limits(inventory: Inventory | None, instance_type: str) -> InstanceLimits | None:
    """Live ``instance_types`` from the snapshot first, else the vendored VPC CNI table."""
    if inventory is not None:
        for entry in inventory.parts.get("instance_types") or []:
            if isinstance(entry, dict) and entry.get("InstanceType") == instance_type:
                found = limits_from_describe(entry)
                if found is not None:
                    return found
    from eks_lint.data import eni_limits

    row = eni_limits.lookup(instance_type)
    if row is None:
        return None
    return InstanceLimits(
        instance_type=row.instance_type,
        enis=row.enis,
        ipv4_per_eni=row.ipv4_per_eni,
        vcpus=None,
        nitro=row.hypervisor == "nitro",
        source="VPC CNI table",
    )


# CNI settings ----------------------------------------------------------------


@dataclass(frozen=True)
class CniSettings:
    """The aws-node settings that decide how many addresses a node holds."""

    prefix_delegation: bool = False
    custom_networking: bool = False
    warm_eni_target: int = 1
    warm_ip_target: int = 0
    minimum_ip_target: int = 0
    warm_prefix_target: int = 1
    eni_config_label: str = DEFAULT_ENI_CONFIG_LABEL
    ipv6: bool = False
    source: str = "VPC CNI defaults"

    @property
    def ip_targets(self) -> bool:
        """WARM_IP_TARGET / MINIMUM_IP_TARGET set: they override WARM_ENI_TARGET and WARM_PREFIX_TARGET."""
        return self.warm_ip_target > 0 or self.minimum_ip_target > 0


def _flag(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def _count(value: Any, default: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        return default
    return number if number >= 0 else default


def settings_from_env(env: Mapping[str, Any], source: str) -> CniSettings:
    """CNI settings from an env map (names as the aws-node container reads them)."""
    return CniSettings(
        prefix_delegation=_flag(env.get("ENABLE_PREFIX_DELEGATION", "false")),
        custom_networking=_flag(env.get("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", "false")),
        warm_eni_target=_count(env.get("WARM_ENI_TARGET", 1), 1),
        warm_ip_target=_count(env.get("WARM_IP_TARGET", 0), 0),
        minimum_ip_target=_count(env.get("MINIMUM_IP_TARGET", 0), 0),
        warm_prefix_target=_count(env.get("WARM_PREFIX_TARGET", 1), 1),
        eni_config_label=str(env.get("ENI_CONFIG_LABEL_DEF") or DEFAULT_ENI_CONFIG_LABEL),
        ipv6=_flag(env.get("ENABLE_IPv6", "false")),
        source=source,
    )


def cni_settings(inventory: Inventory) -> CniSettings:
    """The CNI settings in force.

    The vpc-cni add-on's ``configurationValues`` ``env`` first, then the
    ``kube-system/aws-node`` DaemonSet's env on top, key by key: the DaemonSet
    is what ipamd reads, EKS writes the add-on's configuration values into it,
    and env changed by hand (WARM_* targets are not managed fields) ends up
    there too. A setting in neither has the CNI's default.
    """
    env: dict[str, str] = {}
    sources = []
    for addon in inventory.parts.get("addons") or []:
        if isinstance(addon, dict) and addon.get("addonName") == "vpc-cni":
            values = addon_env(addon)
            if values:
                env.update(values)
                sources.append("vpc-cni add-on configurationValues")
    values = daemonset_env(inventory.find("DaemonSet", "kube-system", "aws-node"))
    if values:
        env.update(values)
        sources.insert(0, "DaemonSet kube-system/aws-node")
    if not sources:
        return CniSettings()
    return settings_from_env(env, " over ".join(sources))


def ipv6_cluster(inventory: Inventory, cni: CniSettings) -> bool:
    """IPv6 clusters give pods IPv6 addresses from /80 prefixes: the IPv4 arithmetic does not apply."""
    network = (inventory.cluster or {}).get("kubernetesNetworkConfig") or {}
    return cni.ipv6 or network.get("ipFamily") == "ipv6"


# Max pods --------------------------------------------------------------------


@dataclass(frozen=True)
class MaxPods:
    value: int
    formula: str  # the arithmetic, for messages: "3 ENIs x (10 - 1) + 2 = 29"
    mode: str  # "secondary IPs", "custom networking", "prefix delegation", ...
    uncapped: int


def ceiling_for(vcpus: int | None) -> int | None:
    """110 for 30 vCPUs or fewer, 250 above; None when the vCPUs are not known."""
    if vcpus is None:
        return None
    return HIGH_CPU_CEILING if vcpus > CEILING_VCPU_THRESHOLD else LOW_CPU_CEILING


def uses_prefixes(limits: InstanceLimits, cni: CniSettings) -> bool:
    """Prefix delegation only works on Nitro instances; others keep secondary IPs."""
    return cni.prefix_delegation and limits.nitro


def max_pods(
    limits: InstanceLimits,
    cni: CniSettings | None = None,
    *,
    apply_ceiling: bool = True,
    unknown_ceiling: int = LOW_CPU_CEILING,
) -> MaxPods:
    """Max pods as the EKS max-pods calculator recommends it.

    ``unknown_ceiling`` is the ceiling assumed when the vCPUs are not known
    (the vendored table has none): callers pick the one that cannot raise a
    false alarm.
    """
    cni = cni or CniSettings()
    enis = limits.enis - 1 if cni.custom_networking else limits.enis
    enis = max(enis, 0)
    slots = limits.ipv4_per_eni - 1
    eni_text = f"({limits.enis} - 1) ENIs" if cni.custom_networking else plural_enis(limits.enis)
    if uses_prefixes(limits, cni):
        uncapped = enis * (slots * PREFIX_SIZE) + HOST_NETWORK_PODS
        formula = f"{eni_text} x (({limits.ipv4_per_eni} - 1) x {PREFIX_SIZE}) + 2 = {uncapped:,}"
        mode = "prefix delegation"
    else:
        uncapped = enis * slots + HOST_NETWORK_PODS
        formula = f"{eni_text} x ({limits.ipv4_per_eni} - 1) + 2 = {uncapped:,}"
        mode = "secondary IPs"
        if cni.prefix_delegation:
            mode = "secondary IPs (prefix delegation needs a Nitro instance)"
    if cni.custom_networking:
        mode += ", custom networking"
    value = uncapped
    if apply_ceiling:
        ceiling = ceiling_for(limits.vcpus)
        known = ceiling is not None
        ceiling = ceiling if known else unknown_ceiling
        if uncapped > ceiling:
            value = ceiling
            why = f"{limits.vcpus} vCPUs" if known else "vCPUs not known"
            formula += f", capped at {ceiling} ({why})"
    return MaxPods(value=value, formula=formula, mode=mode, uncapped=uncapped)


def plural_enis(count: int) -> str:
    return f"{count} ENI" if count == 1 else f"{count} ENIs"


# Addresses a node holds ------------------------------------------------------


@dataclass(frozen=True)
class NodeAddresses:
    """Addresses one node takes from its subnet (and from the ENIConfig subnet)."""

    node_subnet: int
    pod_subnet: int  # custom networking only, else 0
    enis: int  # ENIs attached for pods
    pods: int  # pods with VPC addresses assumed
    detail: str  # the arithmetic, for messages

    @property
    def total(self) -> int:
        return self.node_subnet + self.pod_subnet


def warm_text(cni: CniSettings, prefixes: bool) -> str:
    if cni.ip_targets:
        return f"WARM_IP_TARGET={cni.warm_ip_target}, MINIMUM_IP_TARGET={cni.minimum_ip_target}"
    if prefixes:
        return f"WARM_PREFIX_TARGET={cni.warm_prefix_target}"
    return f"WARM_ENI_TARGET={cni.warm_eni_target}"


def node_addresses(
    limits: InstanceLimits, cni: CniSettings | None = None, pods: int | None = None
) -> NodeAddresses:
    """Addresses a node holds with ``pods`` pods on VPC addresses (host-network pods excluded).

    ``pods=None`` means a fully packed node: max pods (with the 110 ceiling
    when the vCPUs are not known, the lower figure) minus the 2 host-network
    pods; more pods than that are counted as that many.
    """
    cni = cni or CniSettings()
    most = max(max_pods(limits, cni).value - HOST_NETWORK_PODS, 0)
    pods = most if pods is None else min(pods, most)
    pod_enis_max = max(limits.enis - 1 if cni.custom_networking else limits.enis, 0)
    slots = max(limits.ipv4_per_eni - 1, 1)
    prefixes_mode = uses_prefixes(limits, cni)
    if pod_enis_max == 0:
        return NodeAddresses(1, 0, 0, 0, "1 ENI, no ENI left for pods")
    if prefixes_mode:
        if cni.ip_targets:
            wanted = max(pods + cni.warm_ip_target, cni.minimum_ip_target)
            prefixes = math.ceil(wanted / PREFIX_SIZE)
        else:
            prefixes = math.ceil(pods / PREFIX_SIZE) + cni.warm_prefix_target
        prefixes = min(max(prefixes, 1), pod_enis_max * slots)
        enis = max(1, math.ceil(prefixes / slots))
        addresses = enis + prefixes * PREFIX_SIZE
        detail = (
            f"{plural_enis(enis)} + {prefixes} /28 prefixes x {PREFIX_SIZE} = {addresses:,} "
            f"for {pods} pods ({warm_text(cni, True)})"
        )
    else:
        if cni.ip_targets:
            secondaries = min(max(pods + cni.warm_ip_target, cni.minimum_ip_target), pod_enis_max * slots)
            enis = max(1, math.ceil(secondaries / slots))
            addresses = enis + secondaries
            detail = f"{plural_enis(enis)} + {secondaries} secondary IPs = {addresses:,} for {pods} pods"
        else:
            enis = min(pod_enis_max, max(1, math.ceil((pods + cni.warm_eni_target * slots) / slots)))
            addresses = enis * limits.ipv4_per_eni
            detail = f"{plural_enis(enis)} x {limits.ipv4_per_eni} = {addresses:,} for {pods} pods"
        detail += f" ({warm_text(cni, False)})"
    if cni.custom_networking:
        detail = f"1 in the node subnet; in the ENIConfig subnet {detail}"
        return NodeAddresses(1, addresses, enis, pods, detail)
    return NodeAddresses(addresses, 0, enis, pods, detail)


# Subnets ---------------------------------------------------------------------


def free_addresses(subnet: Mapping[str, Any]) -> int | None:
    """A subnet's free IPv4 addresses (``AvailableIpAddressCount``), or None when not known."""
    value = subnet.get("AvailableIpAddressCount")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def rolling_update_surge(zones: int, desired: int, update_config: Mapping[str, Any] | None) -> int:
    """Extra nodes a managed node group launches during an update.

    EKS raises the Auto Scaling group's max and desired size by the larger of
    twice the number of its Availability Zones and ``maxUnavailable``
    (``maxUnavailablePercentage`` of the desired size, rounded up)
    (UG managed-node-update-behavior, "Scale up phase").
    """
    update_config = update_config or {}
    unavailable = update_config.get("maxUnavailable")
    if not isinstance(unavailable, int):
        percentage = update_config.get("maxUnavailablePercentage")
        unavailable = math.ceil(desired * percentage / 100) if isinstance(percentage, int) else 1
    return max(2 * max(zones, 1), unavailable)


# CIDR blocks -----------------------------------------------------------------

#: RFC 1918 private ranges and the RFC 6598 shared address space (100.64.0.0/10,
#: "CGNAT"), which AWS also uses for VPC secondary CIDRs and pod networks.
PRIVATE_IPV4 = tuple(
    ipaddress.IPv4Network(block)
    for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)


def ipv4_network(text: Any) -> ipaddress.IPv4Network | None:
    """An ``IPv4Network`` from CIDR text (host bits allowed), or None when it is not one."""
    try:
        network = ipaddress.ip_network(str(text).strip(), strict=False)
    except ValueError:
        return None
    return network if isinstance(network, ipaddress.IPv4Network) else None


def is_private_ipv4(network: ipaddress.IPv4Network) -> bool:
    """Inside RFC 1918 or RFC 6598 space."""
    return any(network.subnet_of(block) for block in PRIVATE_IPV4)


def overlapping(
    network: ipaddress.IPv4Network, others: Mapping[str, ipaddress.IPv4Network | None]
) -> list[str]:
    """The names of ``others`` (name -> IPv4Network) that share an address with ``network``."""
    return [name for name, other in others.items() if other is not None and network.overlaps(other)]
