"""Kubernetes version skew between the control plane and kubelet or kube-proxy.

Upstream policy (https://kubernetes.io/releases/version-skew-policy/): kubelet
and kube-proxy must not be newer than kube-apiserver, and may be up to three
minor versions older (two when the kubelet or kube-proxy is older than 1.25).
EKS follows it (https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html).
"""

from __future__ import annotations

from eks_lint.eks.versions import minor
from eks_lint.engine.record import FrozenRecord


def allowed_lag(component: tuple[int, int]) -> int:
    """Minors a kubelet or kube-proxy of this version may trail the API server by."""
    return 3 if component >= (1, 25) else 2


def minors_between(older: tuple[int, int], newer: tuple[int, int]) -> int:
    """``newer`` minus ``older`` in minor versions (Kubernetes stays on major 1)."""
    return (newer[0] - older[0]) * 100 + (newer[1] - older[1])


class Skew(FrozenRecord):
    """A component's position against a control-plane version."""

    __slots__ = ("control_plane", "component")
    _fields = __slots__

    def __init__(self, control_plane: tuple[int, int], component: tuple[int, int]) -> None:
        self.control_plane = control_plane
        self.component = component

    @property
    def behind(self) -> int:
        """Minors behind the control plane; negative when the component is newer."""
        return minors_between(self.component, self.control_plane)

    @property
    def newer(self) -> bool:
        return self.behind < 0

    @property
    def allowed(self) -> int:
        return allowed_lag(self.component)

    @property
    def within_policy(self) -> bool:
        return 0 <= self.behind <= self.allowed


def skew(control_plane: str | None, component: str | None) -> Skew | None:
    """The skew of a component version against a control-plane version, or None if either is unknown."""
    plane, comp = minor(control_plane), minor(component)
    if plane is None or comp is None:
        return None
    return Skew(plane, comp)


def minor_steps(start: str, end: str) -> list[str]:
    """The minors an update passes through, one at a time: ``("1.17", "1.20")`` -> 1.18, 1.19, 1.20."""
    first, last = minor(start), minor(end)
    if first is None or last is None or first[0] != last[0] or last <= first:
        return []
    return [f"{first[0]}.{number}" for number in range(first[1] + 1, last[1] + 1)]
