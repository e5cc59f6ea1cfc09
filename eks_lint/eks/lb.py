"""Which controller provisions a Service's or Ingress's AWS load balancer, and how it targets pods.

Sources: AWS Load Balancer Controller docs, guide/service/nlb.md and
guide/service/annotations.md (``aws-load-balancer-type: external`` or
``loadBalancerClass: service.k8s.aws/nlb`` hand a Service to the controller;
``nlb-ip`` is the legacy spelling of ip targets; ``aws-load-balancer-nlb-target-type``
defaults to ``instance``), guide/ingress/annotations.md (``alb.ingress.kubernetes.io/target-type``
defaults to ``instance``; a Service annotation overrides the Ingress one);
EKS Auto Mode: https://docs.aws.amazon.com/eks/latest/userguide/auto-configure-nlb.html.
"""

from __future__ import annotations

from eks_lint.engine.model import K8sObject

LB_TYPE = "service.beta.kubernetes.io/aws-load-balancer-type"
NLB_TARGET_TYPE = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"
ALB_TARGET_TYPE = "alb.ingress.kubernetes.io/target-type"
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
LBC_SERVICE_CLASS = "service.k8s.aws/nlb"
AUTO_MODE_SERVICE_CLASS = "eks.amazonaws.com/nlb"
ALB_CONTROLLERS = ("ingress.k8s.aws/alb", "eks.amazonaws.com/alb")

IN_TREE_CLB = "in-tree-clb"
IN_TREE_NLB = "in-tree-nlb"
LBC = "aws-load-balancer-controller"
AUTO_MODE = "eks-auto-mode"
OTHER = "other"


def is_load_balancer(service: K8sObject) -> bool:
    return service.kind == "Service" and service.get("spec", "type") == "LoadBalancer"


def service_controller(service: K8sObject) -> str:
    """Which controller provisions a ``type: LoadBalancer`` Service's load balancer."""
    lb_class = service.get("spec", "loadBalancerClass")
    if lb_class:
        if lb_class == LBC_SERVICE_CLASS:
            return LBC
        if lb_class == AUTO_MODE_SERVICE_CLASS:
            return AUTO_MODE
        return OTHER
    lb_type = str(service.annotations.get(LB_TYPE, "")).strip().lower()
    if lb_type in ("external", "nlb-ip"):
        return LBC
    if lb_type == "nlb":
        return IN_TREE_NLB
    return IN_TREE_CLB


def service_target_type(service: K8sObject) -> str:
    """``ip`` or ``instance``: how the Service's NLB or CLB registers its backends."""
    controller = service_controller(service)
    if controller in (IN_TREE_CLB, IN_TREE_NLB):
        return "instance"
    if str(service.annotations.get(LB_TYPE, "")).strip().lower() == "nlb-ip":
        return "ip"
    return str(service.annotations.get(NLB_TARGET_TYPE, "instance")).strip().lower()


def ingress_is_alb(ingress: K8sObject, ingress_classes: list[K8sObject]) -> bool:
    """The Ingress is served by the AWS Load Balancer Controller (or Auto Mode's ALB)."""
    name = ingress.get("spec", "ingressClassName") or ingress.annotations.get(INGRESS_CLASS_ANNOTATION)
    if not name:
        return False
    for ingress_class in ingress_classes:
        if ingress_class.name == name:
            return ingress_class.get("spec", "controller") in ALB_CONTROLLERS
    return name == "alb"


def ingress_target_type(ingress: K8sObject, service: K8sObject | None) -> str:
    """``ip`` or ``instance`` for one backend: the Service's annotation wins over the Ingress's."""
    if service is not None and ALB_TARGET_TYPE in service.annotations:
        return str(service.annotations[ALB_TARGET_TYPE]).strip().lower()
    return str(ingress.annotations.get(ALB_TARGET_TYPE, "instance")).strip().lower()


def ingress_backend_services(ingress: K8sObject) -> list[tuple[str, tuple[str | int, ...]]]:
    """(Service name, path to it) for the default backend and every rule's backends."""
    out: list[tuple[str, tuple[str | int, ...]]] = []
    name = ingress.get("spec", "defaultBackend", "service", "name")
    if isinstance(name, str) and name:
        out.append((str(name), ("spec", "defaultBackend", "service", "name")))
    rules = ingress.get("spec", "rules")
    for r_index, rule in enumerate(rules if isinstance(rules, list) else []):
        http = rule.get("http") if isinstance(rule, dict) else None
        paths = http.get("paths") if isinstance(http, dict) else None
        for p_index, path in enumerate(paths if isinstance(paths, list) else []):
            backend = path.get("backend") if isinstance(path, dict) else None
            service = backend.get("service") if isinstance(backend, dict) else None
            name = service.get("name") if isinstance(service, dict) else None
            if isinstance(name, str) and name:
                out.append(
                    (
                        str(name),
                        ("spec", "rules", r_index, "http", "paths", p_index, "backend", "service", "name"),
                    )
                )
    return out
