from helpers import MANIFESTS, lint, located

BAD = "fixtures/manifests/docker-socket-mount/bad.yaml"


def test_docker_and_dockershim_sockets_are_reported():
    outcome = lint("--select", "docker-socket-mount", BAD)
    assert outcome.code == 0  # warning
    assert located(outcome.findings) == [
        (BAD, 19, 19, "docker-socket-mount"),
        (BAD, 39, 32, "docker-socket-mount"),
    ]
    assert [f["resource"]["kind"] for f in outcome.findings] == ["DaemonSet", "CronJob"]
    assert outcome.findings[1]["path"] == "spec.jobTemplate.spec.template.spec.volumes[0].hostPath.path"


def test_containerd_socket_is_fine():
    outcome = lint("--select", "docker-socket-mount", str(MANIFESTS / "docker-socket-mount" / "good.yaml"))
    assert outcome.findings == []


def test_a_docker_fallback_beside_the_containerd_socket_is_fine():
    good = str(MANIFESTS / "docker-socket-mount" / "good-fallback.yaml")
    outcome = lint("--select", "docker-socket-mount", good)
    assert outcome.findings == []


def test_a_fallback_that_must_exist_still_stops_the_pod():
    bad = "fixtures/manifests/docker-socket-mount/bad-fallback.yaml"
    outcome = lint("--select", "docker-socket-mount", bad)
    assert located(outcome.findings) == [(bad, 17, 28, "docker-socket-mount")]
