"""EKS Kubernetes version calendar: release, end of standard and of extended support.

Standard support lasts 14 months from the EKS release, extended support 12
more. Sources: awsdocs/amazon-eks-user-guide versioning/kubernetes-versions.adoc
(@8596db85) for 1.24-1.33; endoflife-date/endoflife.date products/amazon-eks.md
and the aws-samples apex-skills cluster-lifecycle table (verified 2026-04-24)
for 1.34 and 1.35. Live ``cluster_versions`` (eks:DescribeClusterVersions) in a
snapshot win over this table.
"""

from __future__ import annotations

from datetime import date

CHECKED = "2026-11-24"
REVIEW_BY = "2027-03-31"

#: version -> (EKS release, end of standard support, end of extended support)
CALENDAR: dict[str, tuple[date, date, date]] = {
    "1.23": (date(2022, 8, 11), date(2023, 10, 11), date(2024, 10, 11)),
    "1.24": (date(2022, 11, 15), date(2024, 1, 31), date(2025, 1, 31)),
    "1.25": (date(2023, 2, 22), date(2024, 5, 1), date(2025, 5, 1)),
    "1.26": (date(2023, 4, 11), date(2024, 6, 11), date(2025, 6, 11)),
    "1.27": (date(2023, 5, 24), date(2024, 7, 24), date(2025, 7, 24)),
    "1.28": (date(2023, 9, 26), date(2024, 11, 26), date(2025, 11, 26)),
    "1.29": (date(2024, 1, 23), date(2025, 3, 23), date(2026, 3, 23)),
    "1.30": (date(2024, 5, 23), date(2025, 7, 23), date(2026, 7, 23)),
    "1.31": (date(2024, 9, 26), date(2025, 11, 26), date(2026, 11, 26)),
    "1.32": (date(2025, 1, 23), date(2026, 3, 23), date(2027, 3, 23)),
    "1.33": (date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29)),
    "1.34": (date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2)),
    "1.35": (date(2026, 1, 27), date(2027, 3, 27), date(2028, 3, 27)),
}


def newest() -> str:
    """The newest minor in the calendar, compared as numbers (1.9 < 1.10)."""
    return max(CALENDAR, key=lambda version: tuple(int(part) for part in version.split(".")))
