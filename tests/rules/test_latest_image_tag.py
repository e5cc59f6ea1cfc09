from helpers import MANIFESTS, lint, located

FIXTURES = MANIFESTS / "latest-image-tag"
BAD = "fixtures/manifests/latest-image-tag/bad.yaml"


def test_bad_fixture_reports_each_problem_at_its_field():
    outcome = lint("--select", "latest-image-tag", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 14, 18, "latest-image-tag"),
        (BAD, 17, 18, "latest-image-tag"),
    ]
    assert "image busybox has no tag" in outcome.findings[0]["message"]
    assert "registry.example.com:5000/shop/api:latest uses the latest tag" in outcome.findings[1]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "latest-image-tag", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_image_tag_parsing_ignores_registry_ports():
    from eks_lint.engine.registry import discover

    module = next(r for r in discover(plugins=False) if r.name == "latest-image-tag").check.__globals__
    image_tag = module["image_tag"]
    assert image_tag("registry:5000/api") is None
    assert image_tag("registry:5000/api:1.2") == "1.2"
    assert image_tag("redis") is None
