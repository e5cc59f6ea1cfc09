"""A Service of type LoadBalancer that leaves the choice of load balancer to the cluster.

## What it checks
A Service with `type: LoadBalancer`, no `spec.loadBalancerClass`, and no
`service.beta.kubernetes.io/aws-load-balancer-type` annotation of `external`,
`nlb-ip` or `nlb`.

## Why it matters on EKS
Such a Service goes to the legacy in-tree cloud provider, which creates a
Classic Load Balancer: a previous-generation load balancer that the in-tree
controller only gets critical fixes for, with instance targets through
NodePorts and no IPv6. Where the AWS Load Balancer Controller v2.5 or later
runs, its webhook instead turns the same Service into an internal NLB. The
same manifest gets a different, and maybe unreachable, load balancer
depending on what the cluster has installed.

## How to fix
Say which controller you want: `spec.loadBalancerClass: service.k8s.aws/nlb`
(AWS Load Balancer Controller) or `eks.amazonaws.com/nlb` (EKS Auto Mode),
with the scheme and target type annotations.

## Example
```yaml
metadata:
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
```

Sources: https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html
(use the AWS Load Balancer Controller rather than the legacy in-tree controller);
https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/
(Configuration); https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/
(v2.5+ service mutator webhook).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.lb import IN_TREE_CLB, is_load_balancer, service_controller
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS320",
    name="clb-service",
    severity="warning",
    summary="A LoadBalancer Service names no load balancer class, so it gets a Classic Load Balancer.",
    kinds=("Service",),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for service in inventory.of_kind("Service"):
        if is_load_balancer(service) and service_controller(service) == IN_TREE_CLB:
            yield service.finding(
                "type LoadBalancer with no loadBalancerClass or aws-load-balancer-type annotation gets a "
                "legacy Classic Load Balancer from the in-tree controller (or an internal NLB where the "
                "AWS Load Balancer Controller 2.5+ runs): set loadBalancerClass: service.k8s.aws/nlb",
                ("spec", "type"),
            )
