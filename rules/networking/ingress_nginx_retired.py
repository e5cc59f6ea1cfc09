"""A workload runs the community ingress-nginx controller, retired in March 2026.

## What it checks
Every container (init containers included) of a workload whose image is the
community Ingress NGINX controller of the Kubernetes project
(`registry.k8s.io/ingress-nginx/controller`, its `-chroot` variant, and the
older `k8s.gcr.io`, `us.gcr.io/k8s-artifacts-prod` and
`quay.io/kubernetes-ingress-controller` homes), whatever its tag or digest.
Before the retirement date (the end of March 2026) the finding is info: a
migration to plan; from then on it is a warning. F5's NGINX Ingress Controller
(`nginx/nginx-ingress`) is a different, maintained project and is not reported,
nor are the project's helper images (`kube-webhook-certgen`).

## Why it matters on EKS
Kubernetes SIG Network and the Security Response Committee retired the
project: after March 2026 there are no releases, no bug fixes and no fixes for
security vulnerabilities. The controller is usually the internet-facing entry
point of the cluster, behind an NLB, and it has had critical CVEs
(CVE-2025-1974 let anyone on the pod network take over the cluster); the next
one will not be fixed. Existing deployments keep working, which is why this is
easy to miss.

## How to fix
Move the routes to a Gateway API implementation or to a maintained Ingress
controller. On EKS the usual paths are the AWS Load Balancer Controller (ALB
Ingress, `ingressClassName: alb`) or, on Auto Mode, its built-in load
balancing (`eks.amazonaws.com/alb` IngressClass); `ingress2gateway` converts
Ingress objects and many ingress-nginx annotations to Gateway API routes.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
spec:
  ingressClassName: alb
```

Sources: https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/
(the retirement announcement: best-effort maintenance until March 2026);
https://github.com/kubernetes/ingress-nginx (README: no releases, bug fixes or
security updates after March 2026); CVE-2025-1974 (CVSS 9.8, March 2025).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from eks_lint.data.retired_controllers import retired_image
from eks_lint.eks.k8s import WORKLOAD_KINDS, containers
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS838",
    name="ingress-nginx-retired",
    severity="warning",
    summary="A workload runs the community ingress-nginx controller, retired in March 2026.",
    kinds=WORKLOAD_KINDS,
    source="https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    today = inventory.settings.get("today")
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        for container, path in containers(workload, ("initContainers", "containers")):
            image = container.get("image")
            entry = retired_image(image) if isinstance(image, str) else None
            if entry is None:
                continue
            retired_on = date.fromisoformat(entry.retired_on)
            retired = not isinstance(today, date) or today > retired_on
            when = "was retired in March 2026" if retired else "retires at the end of March 2026"
            finding = workload.finding(
                f"container {container.get('name')} runs {image}, the {entry.name}, which {when}: "
                f"no releases or security fixes after that; {entry.instead}",
                (*path, "image"),
            )
            if not retired:
                finding.level = "info"
            yield finding
