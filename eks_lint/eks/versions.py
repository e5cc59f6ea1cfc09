"""Version parsing shared by rules: Kubernetes minors and component versions.

``"1.31"``, ``"v1.31.2-eksbuild.3"`` and ``"1.31.2"`` all compare as numbers
so that 1.9 < 1.10; string comparison of versions is a classic bug.
"""

from __future__ import annotations

import re

_VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")


def parse(text: str | None) -> tuple[int, int, int] | None:
    """(major, minor, patch) from a version or image tag, or None."""
    if not text:
        return None
    match = _VERSION.search(str(text))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def minor(text: str | None) -> tuple[int, int] | None:
    parsed = parse(text)
    return parsed[:2] if parsed else None


def minor_text(version: tuple[int, ...]) -> str:
    return f"{version[0]}.{version[1]}"


def add_minors(version: str, count: int) -> str:
    """``add_minors("1.31", 1)`` -> ``"1.32"``."""
    parsed = minor(version)
    if parsed is None:
        raise ValueError(f"not a Kubernetes version: {version!r}")
    return f"{parsed[0]}.{parsed[1] + count}"
