"""Cluster add-ons whose project has been retired: no more releases or security fixes.

The community Ingress NGINX controller (kubernetes/ingress-nginx): Kubernetes
SIG Network and the Security Response Committee announced on 2025-11-11 that
best-effort maintenance continues until March 2026, after which there are no
further releases, bug fixes or fixes for security vulnerabilities; existing
deployments keep working and the images stay available. They recommend
migrating to a Gateway API implementation or another Ingress controller.
Source: https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/ and the
project README (https://github.com/kubernetes/ingress-nginx). The retirement
date is taken as the end of March 2026, the last day the announcement covers.

Not the same project: F5 NGINX's own "NGINX Ingress Controller"
(``nginx/nginx-ingress``, ``nginx.org/`` annotations), which is maintained.
Image repositories: the controller as the project's manifests and chart
publish it (``registry.k8s.io/ingress-nginx/controller`` and its ``-chroot``
variant), its former homes (``k8s.gcr.io``, ``us.gcr.io/k8s-artifacts-prod``)
and the pre-2020 image (``quay.io/kubernetes-ingress-controller/nginx-ingress-controller``).
"""

from __future__ import annotations

from collections import namedtuple

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"


#: One retired controller: what users call it, its image repositories (without
#: tag or digest), the ISO date after which no fix ships, the source, and the
#: migration path for messages. (``collections.namedtuple``: ``typing`` costs
#: 4 ms of start-up on the manifest path.)
Retired = namedtuple("Retired", ("name", "repositories", "retired_on", "source", "instead"))


RETIRED: tuple[Retired, ...] = (
    Retired(
        name="community ingress-nginx controller",
        repositories=(
            "registry.k8s.io/ingress-nginx/controller",
            "registry.k8s.io/ingress-nginx/controller-chroot",
            "k8s.gcr.io/ingress-nginx/controller",
            "k8s.gcr.io/ingress-nginx/controller-chroot",
            "us.gcr.io/k8s-artifacts-prod/ingress-nginx/controller",
            "quay.io/kubernetes-ingress-controller/nginx-ingress-controller",
        ),
        retired_on="2026-03-31",
        source="https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/",
        instead=(
            "move to a Gateway API implementation or a maintained Ingress controller "
            "(on EKS: the AWS Load Balancer Controller, or Auto Mode's built-in ALB)"
        ),
    ),
)


def image_repository(image: str) -> str:
    """``registry/path/name`` of an image reference, without its tag or digest."""
    name = image.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return name[:colon] if colon > slash else name


def retired_image(image: str) -> Retired | None:
    """The retired project an image belongs to (an optional ``docker.io``-style host prefix is not added)."""
    repository = image_repository(image.strip()).lower()
    for entry in RETIRED:
        if repository in entry.repositories:
            return entry
    return None
