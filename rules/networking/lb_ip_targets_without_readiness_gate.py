"""Pods behind load balancer IP targets in a namespace without LBC pod readiness gates.

## What it checks
A Namespace in the input without the label
`elbv2.k8s.aws/pod-readiness-gate-inject: enabled`, holding a Deployment or
StatefulSet whose pods are IP targets of an AWS Load Balancer Controller
load balancer in the input: a Service with `loadBalancerClass: service.k8s.aws/nlb`
(or `aws-load-balancer-type: external`) and `nlb-target-type: ip` (or the
legacy `nlb-ip`), or an ALB Ingress with `target-type: ip` whose backend
Service selects the pods. Namespaces not in the input are not judged, nor
are instance targets (readiness gates only work with IP targets).

## Why it matters on EKS
With IP targets the load balancer sends traffic straight to pod IPs. In a
rolling update the new pods are Ready before the controller has registered
them and the target group has seen them healthy, so Kubernetes terminates
the old pods while the only registered targets are still `initial` or
`draining`: the load balancer has no healthy target and the service is down
for the length of the health checks, on every deploy and node drain.

## How to fix
Label the namespace; the controller's webhook then adds a readiness gate to
new pods that turns true only once the target is healthy.

## Example
```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: storefront
  labels:
    elbv2.k8s.aws/pod-readiness-gate-inject: enabled
```

Sources: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/;
https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html (Availability and Pod Lifecycle).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.lb import (
    LBC,
    ingress_backend_services,
    ingress_is_alb,
    ingress_target_type,
    is_load_balancer,
    service_controller,
    service_target_type,
)
from eks_lint.eks.relations import workloads_served
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS323",
    name="lb-ip-targets-without-readiness-gate",
    severity="warning",
    summary="Pods are IP targets of an AWS load balancer in a namespace without readiness gate injection.",
    kinds=("Namespace", "Service", "Ingress", "IngressClass", "Deployment", "StatefulSet"),
    source="https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/",
)

LABEL = "elbv2.k8s.aws/pod-readiness-gate-inject"


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    namespaces = {ns.name: ns for ns in inventory.of_kind("Namespace") if ns.labels.get(LABEL) != "enabled"}
    if not namespaces:
        return
    services = list(inventory.of_kind("Service"))
    fronted: dict[str, list[str]] = {}  # namespace -> "load balancer -> workload" descriptions

    def note(front: K8sObject, service: K8sObject) -> None:
        if (service.namespace or "default") not in namespaces:
            return
        # A Service selects pods of its own namespace only.
        for workload in workloads_served(inventory, service, ("Deployment", "StatefulSet")):
            text = f"{front.kind} {front.name} -> {workload.kind} {workload.name}"
            entries = fronted.setdefault(workload.namespace or "default", [])
            if text not in entries:
                entries.append(text)

    for service in services:
        if (
            is_load_balancer(service)
            and service_controller(service) == LBC
            and service_target_type(service) == "ip"
        ):
            note(service, service)
    classes = list(inventory.of_kind("IngressClass"))
    for ingress in inventory.of_kind("Ingress"):
        if not ingress_is_alb(ingress, classes):
            continue
        for name, _ in ingress_backend_services(ingress):
            service = inventory.find("Service", ingress.namespace, name)
            if service is not None and ingress_target_type(ingress, service) == "ip":
                note(ingress, service)
    for name, entries in fronted.items():
        namespace = namespaces[name]
        yield namespace.finding(
            f"pods here are load balancer IP targets ({'; '.join(entries)}) but the namespace lacks "
            f"{LABEL}: enabled, so rollouts can leave the target group with no healthy target: add the label",
            ("metadata", "labels") if namespace.labels else ("metadata", "name"),
        )
