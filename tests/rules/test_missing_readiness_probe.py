from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "missing-readiness-probe"
BAD = "fixtures/manifests/missing-readiness-probe/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "missing-readiness-probe", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 22, 17, "missing-readiness-probe"),
    ]
    assert "Service api routes to it" in outcome.findings[0]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "missing-readiness-probe", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_service_ports_are_matched_to_container_ports_by_name_and_number():
    bad = "fixtures/manifests/missing-readiness-probe/bad-ports.yaml"
    outcome = lint("--select", "missing-readiness-probe", bad)
    assert located(outcome.findings) == [
        (bad, 12, 17, "missing-readiness-probe"),  # targetPort: http
        (bad, 35, 17, "missing-readiness-probe"),  # no targetPort: port 9000, headless but not metrics
    ]
    assert "Service web routes to it" in outcome.findings[0]["message"]
    assert "Service search routes to it" in outcome.findings[1]["message"]


def test_metrics_services_and_untargeted_containers_are_not_traffic():
    outcome = lint(
        "--select", "missing-readiness-probe", "fixtures/manifests/missing-readiness-probe/good-ports.yaml"
    )
    assert outcome.findings == []
