"""A container image with no tag, the `latest` tag, or another moving tag.

## What it checks
Each container image (init containers included) of every workload kind that
has neither a digest (`@sha256:...`) nor a tag, or whose tag names a branch
or a channel rather than a release: `latest`, `main`, `master`, `nightly`,
`edge`, `dev`, `develop`, `stable`, `mainline`, `canary`, `snapshot`, ...
(the list and its sources are in `eks_lint/data/moving_tags.py`). Major or
minor tags (`7`, `7.2-alpine`) are not reported: they follow patch releases
of one line, which teams choose on purpose.

An image that still holds a placeholder (`${IMAGE}`, `$(TAG)`,
`{{ .Values.image }}`, ko's `ko://` references) is not judged: the tool that
renders it sets the real reference.

## Why it matters on EKS
Nodes pull the image when a pod first lands on them. With a moving tag the
nodes that managed node group updates, Karpenter and Spot replacements bring
up pull whatever the tag points to that day: replicas of one Deployment run
different code, a rollback does not roll back, and a bad push reaches
production without a rollout.

## How to fix
Use an immutable version tag (and ECR tag immutability) or a digest.

## Example
```yaml
image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
(Use immutable tags); https://kubernetes.io/docs/concepts/containers/images/#image-names
(no tag means `latest`).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.moving_tags import MOVING_TAGS
from eks_lint.eks.k8s import WORKLOAD_KINDS, containers, is_placeholder
from eks_lint.eks.relations import is_owned_pod
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS608",
    name="latest-image-tag",
    severity="warning",
    summary="A container image has no tag, latest or another moving tag, so nodes can run different code.",
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html",
)


def image_tag(image: str) -> str | None:
    """The tag of an image reference; None when it has none. Digests are handled by the caller."""
    name = image.rsplit("/", 1)[-1]
    return name.split(":", 1)[1] if ":" in name else None


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        if is_owned_pod(workload):
            continue
        for container, path in containers(workload, ("initContainers", "containers")):
            image = container.get("image")
            if not isinstance(image, str) or not image or "@" in image or is_placeholder(image):
                continue
            tag = image_tag(image)
            if tag is None:
                problem = "has no tag, so it pulls latest"
            elif tag.lower() in MOVING_TAGS:
                problem = f"uses the moving tag {tag}"
            else:
                continue
            yield workload.finding(
                f"container {container.get('name', '?')} image {image} {problem}: nodes that join "
                "later pull different code; pin a version tag or a digest",
                (*path, "image"),
            )
