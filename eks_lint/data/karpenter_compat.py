"""The oldest Karpenter controller that supports each Kubernetes version.

Sources: Karpenter's compatibility matrix, https://karpenter.sh/docs/upgrading/compatibility/
(generated from aws/karpenter-provider-aws hack/docs/compatibilitymatrix_gen/compatibility.yaml):
the v1.6 docs list 1.27 >= 0.28, 1.28 >= 0.31, 1.29 >= 0.34, 1.30 >= 0.37, 1.31 >= 1.0.5,
1.32 >= 1.2, 1.33 >= 1.5; the v1.0 docs 1.25 >= 0.25, 1.26 >= 0.28. For 1.34 and 1.35:
https://endoflife.date/karpenter, which reads the same matrix (Karpenter 1.6-1.8 support
1.29-1.34, 1.9-1.11 support 1.29-1.35, seen 2026-05). No source listed a minimum for 1.36
when checked: a 1.36 cluster or target is not judged.
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-03-31"

#: Kubernetes minor -> the oldest Karpenter version that supports it.
KARPENTER_MINIMUM: dict[str, str] = {
    "1.25": "0.25.0",
    "1.26": "0.28.0",
    "1.27": "0.28.0",
    "1.28": "0.31.0",
    "1.29": "0.34.0",
    "1.30": "0.37.0",
    "1.31": "1.0.5",
    "1.32": "1.2.0",
    "1.33": "1.5.0",
    "1.34": "1.6.0",
    "1.35": "1.9.0",
}
