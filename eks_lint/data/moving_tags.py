"""Image tags that name a branch or a channel, not a release: they move with every push.

Sources:
- Kubernetes: "avoid using the :latest tag when deploying containers in
  production", and tags are mutable pointers,
  https://kubernetes.io/docs/concepts/configuration/overview/#container-images
- AWS EKS best practices, "Use immutable tags with ECR",
  https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
- Channel tags published by widely used images: nginx `stable` and
  `mainline`, Docker `edge` and `dind` channels, Ubuntu `rolling`/`devel`,
  and the `nightly`/`edge`/`dev`/`main`/`master` builds projects push from
  their default branch (https://hub.docker.com/_/nginx, https://hub.docker.com/_/ubuntu).

Not in the list: major or minor tags (`7`, `7.2`, `1.27-alpine`). They move
too, but to patch releases of one line, which teams choose on purpose.
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"

#: Lower-case tags that always point at the newest build of a branch or channel.
MOVING_TAGS = frozenset(
    {
        "latest",
        "master",
        "main",
        "trunk",
        "head",
        "nightly",
        "edge",
        "dev",
        "devel",
        "develop",
        "development",
        "snapshot",
        "canary",
        "unstable",
        "testing",
        "stable",
        "mainline",
        "rolling",
        "current",
    }
)
