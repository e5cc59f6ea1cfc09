"""EKS Kubernetes version calendar: release, end of standard and of extended support.

Standard support lasts 14 months from the EKS release, extended support 12
more (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
"Amazon EKS Kubernetes release calendar"). Sources per row:
- 1.23-1.33: the same page, awsdocs/amazon-eks-user-guide
  latest/ug/versioning/kubernetes-versions.adoc (@8596db85 and earlier).
- 1.34: the same page (@01385604): released 2025-10-02, standard support to
  2026-12-02, extended to 2027-12-02.
- 1.35: released 2026-01-27, standard to 2027-03-27, extended to 2028-03-27
  (endoflife.date amazon-eks, which reads the page; 14 + 12 months check out).
- 1.36: released on EKS 2026-06-02 ("Kubernetes 1.36 is now available in Amazon
  EKS", https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html#kubernetes-1-36),
  standard support to 2027-08-02 (a calendar summary citing the page); the end
  of extended support, 2028-08-02, is derived by the page's 12-month rule.
Live ``cluster_versions`` (eks:DescribeClusterVersions) in a snapshot, or
saved by ``eks-lint data refresh``, win over this table.

Extended support price: "$0.60 per cluster per hour" in total against $0.10 in
standard support (AWS Containers blog, "Amazon EKS extended support for
Kubernetes versions pricing", in force since April 2024; US East rates, the
EKS pricing page https://aws.amazon.com/eks/pricing/ has the per-region ones).
"""

from __future__ import annotations

from datetime import date, timedelta

CHECKED = "2026-12-04"
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
    "1.36": (date(2026, 6, 2), date(2027, 8, 2), date(2028, 8, 2)),
}

#: USD per cluster-hour, US East (see the module docstring).
STANDARD_SUPPORT_PER_HOUR = "0.10"
EXTENDED_SUPPORT_PER_HOUR = "0.60"
PRICING_SOURCE = (
    "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/"
)

#: Days after the newest release in the calendar by which EKS has always shipped
#: the next one. Upstream ships a minor "on average once every four months"
#: (the kubernetes-versions page); the longest gap between EKS releases in
#: CALENDAR is 126 days (1.30 -> 1.31, 1.32 -> 1.33, 1.33 -> 1.34, 1.35 -> 1.36). Four months plus a month of
#: slack (150 days) is past every gap seen, so by then the calendar must be
#: missing a release. tests/data/test_eks_versions.py checks it against CALENDAR.
RELEASE_CADENCE_DAYS = 150


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def newest() -> str:
    """The newest minor in the calendar, compared as numbers (1.9 < 1.10)."""
    return max(CALENDAR, key=_key)


def missing_release_after() -> date:
    """The day after which the calendar must be missing a newer EKS release."""
    return CALENDAR[newest()][0] + timedelta(days=RELEASE_CADENCE_DAYS)
