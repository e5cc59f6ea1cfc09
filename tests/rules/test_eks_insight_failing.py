from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "eks-insight-failing"


def check(name):
    return lint(
        "--select", "eks-insight-failing", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_error_and_warning_insights_pass_through_with_their_recommendation():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [
        ("eks-insight-failing", "insight/a1b2c3d4-0101-4e5f-8a9b-0c1d2e3f4a5b"),
        ("eks-insight-failing", "insight/a1b2c3d4-0102-4e5f-8a9b-0c1d2e3f4a5b"),
    ]
    error, warning = outcome.findings
    assert error["severity"] == "error" and warning["severity"] == "warning"
    assert error["message"].startswith(
        "insight 'Deprecated APIs removed in Kubernetes v1.34' (UPGRADE_READINESS) is ERROR"
    )
    assert "update manifests and API clients to use newer Kubernetes APIs" in error["message"]
    assert "upgrade your worker nodes" in warning["message"]


def test_passing_and_unknown_insights_are_clean():
    assert check("good.json").findings == []


def test_every_category_is_reported_rollback_readiness_included(tmp_path):
    import json

    snapshot = json.loads((FIXTURES / "good.json").read_text())
    insight = dict(snapshot["insights"][0])
    insight.update(
        id="a1b2c3d4-0301-4e5f-8a9b-0c1d2e3f4a5b",
        name="Rollback readiness",
        category="ROLLBACK_READINESS",
        insightStatus={"status": "WARNING", "reason": "Add-on versions are not compatible with 1.33"},
        recommendation="Keep add-on versions compatible with the previous Kubernetes version.",
    )
    snapshot["insights"] = [insight]
    path = tmp_path / "rollback.json"
    path.write_text(json.dumps(snapshot))
    outcome = lint("--select", "eks-insight-failing", "--snapshot", str(path), "--today", "2026-11-24")
    [finding] = outcome.findings
    assert finding["severity"] == "warning"
    assert finding["message"] == (
        "insight 'Rollback readiness' (ROLLBACK_READINESS) is WARNING: Add-on versions are not compatible "
        "with 1.33; keep add-on versions compatible with the previous Kubernetes version"
    )


def test_the_categories_table_is_the_api_enum():
    import botocore.session

    from eks_lint.data.eks_platform import INSIGHT_CATEGORIES

    model = botocore.session.get_session().get_service_model("eks")
    assert set(INSIGHT_CATEGORIES) == set(model.shape_for("Category").enum)
    assert "ROLLBACK_READINESS" in INSIGHT_CATEGORIES
