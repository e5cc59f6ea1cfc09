from helpers import MANIFESTS, lint, located

from eks_lint.data.retired_controllers import image_repository, retired_image

FIXTURES = MANIFESTS / "ingress-nginx-retired"
BAD = "fixtures/manifests/ingress-nginx-retired/bad.yaml"


def test_controller_images_are_reported_at_their_image_after_the_retirement():
    outcome = lint("--select", "ingress-nginx-retired", "--today", "2026-12-04", str(FIXTURES / "bad.yaml"))
    assert located(outcome.findings) == [
        (BAD, 18, 18, "ingress-nginx-retired"),
        (BAD, 39, 18, "ingress-nginx-retired"),
    ]
    assert {f["severity"] for f in outcome.findings} == {"warning"}
    first = outcome.findings[0]["message"]
    assert "controller:v1.13.3" in first and "was retired in March 2026" in first
    assert "Gateway API" in first and "AWS Load Balancer Controller" in first


def test_before_the_retirement_it_is_advice():
    outcome = lint("--select", "ingress-nginx-retired", "--today", "2026-03-31", str(FIXTURES / "bad.yaml"))
    assert [f["severity"] for f in outcome.findings] == ["info", "info"]
    assert "retires at the end of March 2026" in outcome.findings[0]["message"]


def test_good_fixture_is_clean():
    outcome = lint("--select", "ingress-nginx-retired", "--today", "2026-12-04", str(FIXTURES / "good.yaml"))
    assert outcome.findings == []


def test_image_repository_drops_tag_and_digest_but_not_a_registry_port():
    assert image_repository("registry.k8s.io/ingress-nginx/controller:v1.9.4@sha256:ab") == (
        "registry.k8s.io/ingress-nginx/controller"
    )
    assert image_repository("mirror.example:5000/ingress-nginx/controller") == (
        "mirror.example:5000/ingress-nginx/controller"
    )
    assert retired_image("registry.k8s.io/ingress-nginx/controller-chroot:v1.12.0") is not None
    # A private mirror of the image is not recognised: the rule names only what it can tell.
    assert retired_image("mirror.example:5000/ingress-nginx/controller:v1.12.0") is None
    assert retired_image("nginx/nginx-ingress:5.2.1") is None
