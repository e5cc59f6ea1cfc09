"""A load balancer with instance targets in front of pods that run on Fargate.

## What it checks
With the cluster's Fargate profiles from a snapshot (`fargate_profiles`):
- a Service of type LoadBalancer whose load balancer uses instance targets
  (the in-tree controller always does; the AWS Load Balancer Controller does
  unless `aws-load-balancer-nlb-target-type: ip`), and
- an Ingress served by the AWS Load Balancer Controller (class `alb`, or an
  IngressClass with controller `ingress.k8s.aws/alb`) whose
  `alb.ingress.kubernetes.io/target-type` is not `ip` (the default is
  `instance`; the Service's annotation overrides the Ingress's),

when the pods behind it (workloads in the input that the Service selects)
match a Fargate profile selector (namespace and labels, with wildcards).
EKS Auto Mode load balancers are not judged.

## Why it matters on EKS
Fargate pods run on their own micro-VMs, not on nodes: there is no NodePort
for an instance target to reach. The target group stays empty or unhealthy
and the load balancer serves errors.

## How to fix
Use IP targets: `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip`
with `loadBalancerClass: service.k8s.aws/nlb`, or
`alb.ingress.kubernetes.io/target-type: ip` on the Ingress.

## Example
```yaml
metadata:
  annotations:
    alb.ingress.kubernetes.io/target-type: ip
spec:
  ingressClassName: alb
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/fargate.html
(Fargate considerations: NLB and ALB with IP targets only);
https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#target-type.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.fargate import workload_profile
from eks_lint.eks.k8s import WORKLOAD_KINDS
from eks_lint.eks.lb import (
    AUTO_MODE,
    OTHER,
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
    code="EKS321",
    name="lb-target-type-instance-on-fargate",
    severity="error",
    summary="A load balancer uses instance targets for pods that run on Fargate, which have no node.",
    needs=("fargate_profiles",),
    kinds=("Service", "Ingress", "IngressClass", *WORKLOAD_KINDS),
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate.html",
)

SERVED_KINDS = ("Deployment", "StatefulSet", "ReplicaSet", "Pod")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    profiles = inventory.part("fargate_profiles") or []
    services = list(inventory.of_kind("Service"))

    def on_fargate(service: K8sObject) -> tuple[K8sObject, str] | None:
        # A Service selects pods of its own namespace only.
        for workload in workloads_served(inventory, service, SERVED_KINDS):
            profile = workload_profile(workload, profiles)
            if profile is not None:
                return workload, str(profile.get("fargateProfileName", "?"))
        return None

    for service in services:
        if not is_load_balancer(service) or service_controller(service) in (AUTO_MODE, OTHER):
            continue
        if service_target_type(service) != "instance":
            continue
        hit = on_fargate(service)
        if hit:
            yield service.finding(
                f"its load balancer uses instance targets but {hit[0].display()} runs on Fargate "
                f"(profile {hit[1]}), which has no node to target: set "
                "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip with "
                "loadBalancerClass: service.k8s.aws/nlb",
                ("spec", "type"),
            )
    classes = list(inventory.of_kind("IngressClass"))
    for ingress in inventory.of_kind("Ingress"):
        if not ingress_is_alb(ingress, classes):
            continue
        for name, path in ingress_backend_services(ingress):
            service = inventory.find("Service", ingress.namespace, name)
            if service is None or ingress_target_type(ingress, service) != "instance":
                continue
            hit = on_fargate(service)
            if hit:
                yield ingress.finding(
                    f"backend Service {name} is served by ALB instance targets but {hit[0].display()} runs "
                    f"on Fargate (profile {hit[1]}), which has no node to target: set "
                    "alb.ingress.kubernetes.io/target-type: ip",
                    path,
                )
