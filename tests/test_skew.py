import pytest

from eks_lint.eks.skew import allowed_lag, minor_steps, minors_between, skew


@pytest.mark.parametrize(
    ("plane", "component", "behind", "within"),
    [
        ("1.33", "1.33", 0, True),
        ("1.33", "v1.30.14-eks-3abbec1", 3, True),
        ("1.33", "1.29", 4, False),
        ("1.33", "1.34", -1, False),
        ("1.26", "1.24", 2, True),  # below 1.25 only two minors of lag
        ("1.27", "1.24", 3, False),
        ("1.28", "1.25", 3, True),
    ],
)
def test_skew_policy(plane, component, behind, within):
    position = skew(plane, component)
    assert position.behind == behind
    assert position.within_policy is within
    assert position.newer is (behind < 0)


def test_unknown_versions_give_no_skew():
    assert skew(None, "1.30") is None
    assert skew("1.30", "latest") is None


def test_allowed_lag_and_minor_arithmetic():
    assert allowed_lag((1, 24)) == 2
    assert allowed_lag((1, 25)) == 3
    assert minors_between((1, 9), (1, 10)) == 1  # numbers, not strings


def test_minor_steps_one_at_a_time():
    assert minor_steps("v1.16.0-eksbuild.1", "v1.20.1-eksbuild.3") == ["1.17", "1.18", "1.19", "1.20"]
    assert minor_steps("1.31", "1.32") == ["1.32"]
    assert minor_steps("1.32", "1.31") == []
    assert minor_steps("1.32", "nonsense") == []
