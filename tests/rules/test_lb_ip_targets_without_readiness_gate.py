from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "lb-ip-targets-without-readiness-gate"
BAD = "fixtures/manifests/lb-ip-targets-without-readiness-gate/bad.yaml"


def test_bad_fixture_reports_each_namespace_once_with_its_load_balancers():
    outcome = lint("--select", "lb-ip-targets-without-readiness-gate", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 5, 3, "lb-ip-targets-without-readiness-gate"),
        (BAD, 59, 18, "lb-ip-targets-without-readiness-gate"),
    ]
    assert [f["resource"]["name"] for f in outcome.findings] == ["shop", "api"]
    assert (
        "(Service web-nlb -> Deployment web; Ingress web -> Deployment web)" in outcome.findings[0]["message"]
    )
    assert "(Service api -> StatefulSet api)" in outcome.findings[1]["message"]  # legacy nlb-ip


def test_good_fixture_is_clean():
    outcome = lint("--select", "lb-ip-targets-without-readiness-gate", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_a_namespace_not_in_the_input_is_not_judged():
    text = (FIXTURES / "bad.yaml").read_text()
    without_namespaces = "---".join(doc for doc in text.split("---") if "kind: Namespace" not in doc)
    outcome = lint("--select", "lb-ip-targets-without-readiness-gate", "-", stdin=without_namespaces.encode())
    assert outcome.findings == []
