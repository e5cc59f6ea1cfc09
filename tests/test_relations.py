"""eks_lint.eks.relations, eks_lint.eks.fargate and eks_lint.eks.lb: the shared semantics my rules rely on."""

from eks_lint.eks.fargate import profile_for, workload_profile
from eks_lint.eks.lb import (
    IN_TREE_CLB,
    IN_TREE_NLB,
    LBC,
    ingress_backend_services,
    ingress_is_alb,
    ingress_target_type,
    service_controller,
    service_target_type,
)
from eks_lint.eks.relations import (
    claim_storage_class,
    ebs_volume_type,
    is_patch,
    pdbs_covering,
    replicas,
    scalers,
    service_selects,
)
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject


def obj(kind, name, namespace=None, annotations=None, **rest):
    meta = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    if annotations:
        meta["annotations"] = annotations
    return K8sObject({"apiVersion": "v1", "kind": kind, "metadata": meta, **rest})


def deployment(name="api", namespace="shop", replicas=None, labels=None, annotations=None):
    spec = {
        "template": {
            "metadata": {"labels": labels or {"app": name}},
            "spec": {"containers": [{"name": name, "image": f"example.com/{name}:1.0"}]},
        }
    }
    if annotations:
        spec["template"]["metadata"]["annotations"] = annotations
    if replicas is not None:
        spec["replicas"] = replicas
    return obj("Deployment", name, namespace, spec=spec)


def test_replicas_default_to_one_and_a_scaler_owns_the_range():
    hpa = obj(
        "HorizontalPodAutoscaler",
        "api",
        "shop",
        spec={"scaleTargetRef": {"kind": "Deployment", "name": "api"}, "maxReplicas": 6},
    )
    keda = obj("ScaledObject", "worker", "shop", spec={"scaleTargetRef": {"name": "worker"}})
    inventory = Inventory()
    inventory.add_objects([hpa, keda])
    known = scalers(inventory)
    assert sorted(known) == [("Deployment", "shop", "api"), ("Deployment", "shop", "worker")]
    assert replicas(deployment(name="web"), known) == (1, 1, None)  # unset: the API default
    assert replicas(deployment(name="web", replicas=3), known) == (3, 3, None)
    assert replicas(deployment(name="web", replicas=0), known).runs_pods is False
    # The HPA owns the count: minReplicas defaults to 1, spec.replicas is ignored.
    assert replicas(deployment(replicas=2), known) == (1, 6, hpa)
    # replicas: 0 under an HPA: the HPA stops scaling it.
    assert replicas(deployment(replicas=0), known) == (0, 0, None)
    # KEDA: 0..100 by default, and it scales from zero whatever spec.replicas says.
    scaled = replicas(deployment(name="worker", replicas=0), known)
    assert scaled == (0, 100, keda) and scaled.low_running == 1


def test_a_kustomize_patch_is_not_a_workload():
    patch = obj("Deployment", "api", "shop", spec={"replicas": 3})
    resources_patch = obj(
        "Deployment",
        "api",
        "shop",
        spec={"template": {"spec": {"containers": [{"name": "api", "resources": {"limits": {"cpu": "1"}}}]}}},
    )
    assert is_patch(patch) and is_patch(resources_patch)
    assert not is_patch(deployment())
    assert not is_patch(obj("Pod", "p", spec={}))


def test_pdbs_and_services_match_by_namespace_and_labels():
    api = deployment(labels={"app": "api", "tier": "web"})
    pdb = obj("PodDisruptionBudget", "api", "shop", spec={"selector": {"matchLabels": {"app": "api"}}})
    other_ns = obj("PodDisruptionBudget", "api", "other", spec={"selector": {"matchLabels": {"app": "api"}}})
    assert pdbs_covering(api, [pdb, other_ns]) == [pdb]
    assert service_selects(obj("Service", "api", "shop", spec={"selector": {"app": "api"}}), api)
    assert not service_selects(obj("Service", "api", "shop", spec={"selector": {"app": "web"}}), api)
    assert not service_selects(obj("Service", "api", "shop", spec={}), api)  # no selector: manual endpoints


def test_claims_resolve_the_beta_annotation_the_default_class_and_no_class():
    gp2 = obj(
        "StorageClass",
        "gp2",
        annotations={"storageclass.kubernetes.io/is-default-class": "true"},
        provisioner="kubernetes.io/aws-ebs",
    )
    gp3 = obj("StorageClass", "gp3", provisioner="ebs.csi.aws.com")
    classes = [gp2, gp3]
    assert claim_storage_class({"spec": {}}, classes) is gp2
    assert claim_storage_class({"spec": {"storageClassName": "gp3"}}, classes) is gp3
    assert claim_storage_class({"spec": {"storageClassName": ""}}, classes) is None
    beta = {
        "metadata": {"annotations": {"volume.beta.kubernetes.io/storage-class": "gp3"}},
        "spec": {"storageClassName": "gp2"},
    }
    assert claim_storage_class(beta, classes) is gp3
    assert claim_storage_class({"spec": {"storageClassName": "missing"}}, classes) is None
    assert (ebs_volume_type(gp2), ebs_volume_type(gp3)) == ("gp2", "gp3")


PROFILES = [
    {
        "fargateProfileName": "b-apps",
        "status": "ACTIVE",
        "selectors": [{"namespace": "apps-*", "labels": {"tier": "w?b"}}],
    },
    {
        "fargateProfileName": "a-system",
        "status": "ACTIVE",
        "selectors": [{"namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}}],
    },
    {"fargateProfileName": "c-gone", "status": "DELETING", "selectors": [{"namespace": "batch"}]},
]


def test_fargate_selectors_use_wildcards_labels_and_skip_inactive_profiles():
    assert profile_for("apps-eu", {"tier": "web", "x": "y"}, PROFILES)["fargateProfileName"] == "b-apps"
    assert profile_for("apps-eu", {"tier": "worker"}, PROFILES) is None
    assert profile_for("kube-system", {"k8s-app": "kube-dns"}, PROFILES)["fargateProfileName"] == "a-system"
    assert profile_for("batch", {}, PROFILES) is None
    assert profile_for("batch", {}, None) is None


def test_the_compute_type_annotation_keeps_a_workload_on_ec2():
    coredns = deployment("coredns", "kube-system", labels={"k8s-app": "kube-dns"})
    assert workload_profile(coredns, PROFILES)["fargateProfileName"] == "a-system"
    pinned = deployment(
        "coredns",
        "kube-system",
        labels={"k8s-app": "kube-dns"},
        annotations={"eks.amazonaws.com/compute-type": "ec2"},
    )
    assert workload_profile(pinned, PROFILES) is None


def test_service_controller_and_target_type():
    def service(annotations=None, **spec):
        return obj("Service", "s", "shop", annotations=annotations, spec={"type": "LoadBalancer", **spec})

    assert service_controller(service()) == IN_TREE_CLB
    assert (
        service_controller(service({"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"}))
        == IN_TREE_NLB
    )
    assert service_controller(service(loadBalancerClass="service.k8s.aws/nlb")) == LBC
    assert service_target_type(service(loadBalancerClass="service.k8s.aws/nlb")) == "instance"
    assert (
        service_target_type(service({"service.beta.kubernetes.io/aws-load-balancer-type": "nlb-ip"})) == "ip"
    )
    ip = {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    }
    assert service_target_type(service(ip)) == "ip"


def test_ingress_class_target_type_and_backends():
    ingress = obj(
        "Ingress",
        "web",
        "shop",
        annotations={"kubernetes.io/ingress.class": "public"},
        spec={
            "defaultBackend": {"service": {"name": "a"}},
            "rules": [{"http": {"paths": [{"backend": {"service": {"name": "b"}}}]}}],
        },
    )
    public = obj("IngressClass", "public", spec={"controller": "ingress.k8s.aws/alb"})
    assert ingress_is_alb(ingress, [public])
    assert not ingress_is_alb(ingress, [])
    assert [name for name, _ in ingress_backend_services(ingress)] == ["a", "b"]
    assert ingress_target_type(ingress, None) == "instance"
    backend = obj("Service", "b", "shop", annotations={"alb.ingress.kubernetes.io/target-type": "ip"})
    assert ingress_target_type(ingress, backend) == "ip"


def test_owned_pods_are_recognised():
    from eks_lint.eks.relations import is_owned_pod

    owned = K8sObject({"kind": "Pod", "metadata": {"name": "p", "ownerReferences": [{"kind": "ReplicaSet"}]}})
    assert is_owned_pod(owned)
    assert not is_owned_pod(obj("Pod", "bare"))
    assert not is_owned_pod(deployment())


def test_system_critical_priority_marks_cluster_components():
    from eks_lint.eks.relations import is_system_critical

    component = deployment("coredns", "kube-system")
    component.data["spec"]["template"]["spec"]["priorityClassName"] = "system-cluster-critical"
    assert is_system_critical(component)
    assert not is_system_critical(deployment())
