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
    assert (
        "registry.example.com:5000/shop/api:latest uses the moving tag latest"
        in outcome.findings[1]["message"]
    )


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


def test_branch_and_channel_tags_are_moving_tags():
    bad = "fixtures/manifests/latest-image-tag/bad-moving.yaml"
    outcome = lint("--select", "latest-image-tag", bad)
    assert located(outcome.findings) == [
        (bad, 13, 18, "latest-image-tag"),
        (bad, 15, 18, "latest-image-tag"),
        (bad, 17, 18, "latest-image-tag"),
    ]
    assert "ghcr.io/example/storefront:main uses the moving tag main" in outcome.findings[0]["message"]
    assert "nginx:stable uses the moving tag stable" in outcome.findings[1]["message"]
    assert "uses the moving tag Nightly" in outcome.findings[2]["message"]


def test_placeholders_and_version_lines_are_not_judged():
    """${...}, $(...), {{ ... }} and ko:// are rendered later; redis:7.2 follows one line on purpose."""
    good = "fixtures/manifests/latest-image-tag/good-placeholders.yaml"
    outcome = lint("--select", "latest-image-tag", good)
    assert outcome.findings == []
