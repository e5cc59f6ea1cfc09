from datetime import date

import pytest
from versions_helpers import inventory

from eks_lint.eks.upgrade import apply_target_version, current_version, support_dates, target_version
from eks_lint.engine.errors import EksLintError
from eks_lint.engine.inventory import Inventory


def test_target_defaults_to_the_next_minor():
    inv = inventory("cluster-version-support/cluster-1.32.json")
    assert (current_version(inv), target_version(inv)) == ("1.32", "1.33")
    apply_target_version("1.34", inv)
    assert target_version(inv) == "1.34"


def test_manifest_only_runs_use_the_k8s_version_setting():
    inv = Inventory(settings={"k8s_version": "1.9"})
    assert (current_version(inv), target_version(inv)) == ("1.9", "1.10")


@pytest.mark.parametrize(
    ("value", "error"),
    [("1.31", "not newer than the cluster's version 1.32"), ("v1", "not a Kubernetes version like 1.34")],
)
def test_bad_target_versions_are_user_errors(value, error):
    with pytest.raises(EksLintError, match=error):
        apply_target_version(value, inventory("cluster-version-support/cluster-1.32.json"))


def test_support_dates_live_then_calendar():
    live = support_dates(inventory("cluster-version-support/cluster-1.32.json"), "1.32")
    assert (live.end_of_standard, live.end_of_extended, live.source) == (
        date(2026, 3, 23),
        date(2027, 3, 23),
        "DescribeClusterVersions",
    )
    table = support_dates(inventory("cluster-version-support/cluster-1.32-no-versions.json"), "1.28")
    assert (table.end_of_standard, table.source) == (date(2024, 11, 26), "the eks-lint version calendar")
    assert support_dates(Inventory(), "1.99") is None


def test_support_dates_accept_boto3_datetimes():
    from datetime import datetime, timezone

    inv = inventory("cluster-version-support/cluster-1.32.json")
    for row in inv.parts["cluster_versions"]:
        for key in ("endOfStandardSupportDate", "endOfExtendedSupportDate"):
            row[key] = datetime.fromisoformat(row[key]).astimezone(timezone.utc)
    assert support_dates(inv, "1.32").end_of_standard == date(2026, 3, 23)
