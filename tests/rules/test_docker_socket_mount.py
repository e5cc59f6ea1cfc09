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
