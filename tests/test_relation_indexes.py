"""Relations between objects come from indexes: answers as a scan gives them, at linear cost.

The linearity test counts selector evaluations (never time): 2,000 workloads,
2,000 Services and 2,000 PodDisruptionBudgets in one namespace, every one
carrying a label shared by all (``team: shop``) as monorepos do.
"""

from __future__ import annotations

import sys

import pytest
from helpers import run_rule

import eks_lint.eks.k8s as k8s
import eks_lint.eks.relations as relations
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject

LB_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "external",
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
}


def deployment(name: str, labels: dict, namespace: str = "shop", replicas: int = 3) -> K8sObject:
    return K8sObject(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {
                        "containers": [
                            {
                                "name": "app",
                                "image": "example.com/app:1.0",
                                "ports": [{"containerPort": 8080}],
                            }
                        ]
                    },
                },
            },
        }
    )


def service(name: str, selector: dict | None, namespace: str = "shop") -> K8sObject:
    spec: dict = {"type": "LoadBalancer", "ports": [{"port": 80, "targetPort": 8080}]}
    if selector is not None:
        spec["selector"] = selector
    meta = {"name": name, "namespace": namespace, "annotations": dict(LB_ANNOTATIONS)}
    return K8sObject({"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec})


def pdb(name: str, selector: dict, namespace: str = "shop", **limits: int) -> K8sObject:
    return K8sObject(
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": selector, **limits},
        }
    )


def inventory_of(*objects: K8sObject) -> Inventory:
    inventory = Inventory()
    inventory.add_objects(list(objects))
    return inventory


# -- the answers: what a scan over the namespace gives, in its order ----------------


def test_find_is_a_lookup_that_keeps_the_first_of_duplicates_and_defaults_the_namespace():
    first = deployment("api", {"app": "api"}, namespace="default")
    twin = deployment("api", {"app": "other"}, namespace="default")
    other = deployment("api", {"app": "api"}, namespace="shop")
    inventory = inventory_of(first, twin, other)
    assert inventory.find("Deployment", None, "api") is first
    assert inventory.find("Deployment", "shop", "api") is other
    assert inventory.find("Service", "shop", "api") is None
    late = service("late", None)
    inventory.add_objects([late])  # adding objects drops the indexes
    assert inventory.find("Service", "shop", "late") is late


def test_memo_builds_once_per_inventory_and_is_dropped_when_objects_are_added():
    inventory = inventory_of()
    builds: list[int] = []

    def build(inv: Inventory) -> int:
        builds.append(len(inv.objects))
        return len(inv.objects)

    assert inventory.memo("count", build) == 0
    assert inventory.memo("count", build) == 0
    inventory.add_objects([service("a", None)])
    assert inventory.memo("count", build) == 1
    assert builds == [0, 1]


def test_services_selecting_matches_plain_selectors_in_input_order():
    api = deployment("api", {"app": "api", "team": "shop", "tier": 1})
    services = [
        service("by-team", {"team": "shop"}),
        service("by-app", {"app": "api", "team": "shop"}),
        service("other-app", {"app": "web"}),
        service("manual", None),  # no selector: endpoints by hand, selects nothing
        service("number", {"tier": "1"}),  # values compare as strings, as the API server's do
        service("other-namespace", {"app": "api"}, namespace="dev"),
    ]
    inventory = inventory_of(api, *services)
    names = [s.name for s in relations.services_selecting(inventory, api)]
    assert names == ["by-team", "by-app", "number"]


def test_pdbs_selecting_checks_expression_only_and_empty_selectors_too():
    api = deployment("api", {"app": "api", "team": "shop"})
    budgets = [
        pdb("expression", {"matchExpressions": [{"key": "app", "operator": "In", "values": ["api"]}]}),
        pdb("by-app", {"matchLabels": {"app": "api"}}),
        pdb("empty", {}),  # policy/v1: an empty selector selects every pod of the namespace
        pdb("no-match", {"matchLabels": {"app": "api", "team": "web"}}),
        pdb("excluded", {"matchExpressions": [{"key": "team", "operator": "NotIn", "values": ["shop"]}]}),
        pdb("malformed", {"matchLabels": ["app"]}),
        pdb("elsewhere", {"matchLabels": {"app": "api"}}, namespace="dev"),
    ]
    inventory = inventory_of(api, *budgets)
    assert [p.name for p in relations.pdbs_selecting(inventory, api)] == ["expression", "by-app", "empty"]


def test_workloads_selected_and_served_keep_scan_order_kind_by_kind():
    web_set = deployment("web-set", {"app": "web"})
    web_set.data["kind"] = "StatefulSet"
    web_set.kind = "StatefulSet"
    web = deployment("web", {"app": "web", "team": "shop"})
    api = deployment("api", {"app": "api", "team": "shop"})
    elsewhere = deployment("web", {"app": "web"}, namespace="dev")
    inventory = inventory_of(web_set, web, api, elsewhere)
    kinds = ("Deployment", "StatefulSet")
    by_app = {"matchLabels": {"app": "web"}}
    assert [w.name for w in relations.workloads_selected(inventory, by_app, "shop", kinds)] == [
        "web",
        "web-set",
    ]
    everything = {"matchExpressions": [{"key": "app", "operator": "Exists"}]}
    assert [w.name for w in relations.workloads_selected(inventory, everything, "shop", kinds)] == [
        "web",
        "api",
        "web-set",
    ]
    assert relations.workloads_selected(inventory, None, "shop", kinds) == []
    assert [w.name for w in relations.workloads_served(inventory, service("s", {"app": "web"}), kinds)] == [
        "web",
        "web-set",
    ]
    assert relations.workloads_served(inventory, service("s", None), kinds) == []


def test_pod_labels_are_read_once_per_object():
    api = deployment("api", {"app": "api"})
    first = k8s.pod_labels(api)
    api.data["spec"]["template"] = {"metadata": {"labels": {"app": "changed"}}}
    assert k8s.pod_labels(api) is first


# -- the cost: selector evaluations grow linearly --------------------------------------


def monorepo(n: int, replicas: int = 3, target: str = "ip") -> Inventory:
    """n workloads, n Services, n PDBs in one namespace, plus a few expression-only budgets.

    One Fargate profile runs the first app's pods (for the Fargate target rule).
    """
    objects = [
        K8sObject({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}),
    ]
    for i in range(n):
        labels = {"team": "shop", "app": f"app-{i}"}
        objects.append(deployment(f"app-{i}", labels, replicas=replicas))
        front = service(f"app-{i}", {"team": "shop", "app": f"app-{i}"})
        front.annotations["service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"] = target
        objects.append(front)
        objects.append(
            pdb(f"app-{i}", {"matchLabels": {"team": "shop", "app": f"app-{i}"}}, maxUnavailable=0)
        )
    for i in range(3):
        expression = {"matchExpressions": [{"key": "app", "operator": "In", "values": [f"app-{i}"]}]}
        objects.append(pdb(f"expression-{i}", expression, maxUnavailable=1))
    inventory = inventory_of(*objects)
    selector = {"namespace": "shop", "labels": {"app": "app-0"}}
    inventory.parts["fargate_profiles"] = [
        {"fargateProfileName": "fp", "status": "ACTIVE", "selectors": [selector]}
    ]
    return inventory


#: Each rule that pairs objects, with the shape that makes it pair them all.
PAIRING_RULES = {
    "missing-readiness-probe": {},
    "pdb-blocks-drain": {},
    "missing-pdb": {},
    "single-replica-workload": {"replicas": 1},
    "lb-ip-targets-without-readiness-gate": {},
    "lb-target-type-instance-on-fargate": {"target": "instance"},
}


@pytest.fixture
def evaluations(monkeypatch):
    """Counts every call of selector_matches and service_selects, wherever a module imported them."""
    counts = {"n": 0}
    originals = {"selector_matches": k8s.selector_matches, "service_selects": relations.service_selects}
    run_rule("missing-pdb", inventory_of())  # load the built-in rule modules first

    def counting(original):
        def wrapper(*args, **kwargs):
            counts["n"] += 1
            return original(*args, **kwargs)

        return wrapper

    for module in list(sys.modules.values()):
        for name, original in originals.items():
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, counting(original))
    return counts


def count_for(rule: str, n: int, evaluations: dict) -> tuple[int, int]:
    evaluations["n"] = 0
    result = run_rule(rule, monorepo(n, **PAIRING_RULES[rule]))
    assert result.tracebacks == []
    return evaluations["n"], len(result.findings)


@pytest.mark.parametrize("rule", PAIRING_RULES)
def test_selector_evaluations_grow_linearly_in_one_namespace(rule, evaluations):
    small, small_findings = count_for(rule, 500, evaluations)
    large, large_findings = count_for(rule, 2000, evaluations)
    # A scan pairs every workload with every Service or budget: 4 million at 2,000.
    # An index meets each object about once, plus the 3 expression-only budgets.
    assert large <= 5 * 2000
    assert large <= 4.2 * max(small, 1)
    assert large_findings >= 4 * small_findings - 3  # same findings per object as n grows


def test_the_pairing_rules_really_pair_at_scale(evaluations):
    """The count test is worth something only if the rules do pair the objects."""
    assert count_for("missing-readiness-probe", 2000, evaluations)[1] == 2000
    assert count_for("pdb-blocks-drain", 2000, evaluations)[1] == 2000
    assert count_for("missing-pdb", 2000, evaluations)[1] == 0  # every workload has its budget
    assert count_for("lb-ip-targets-without-readiness-gate", 2000, evaluations)[1] == 1
    assert count_for("single-replica-workload", 2000, evaluations)[1] == 2000
    assert count_for("lb-target-type-instance-on-fargate", 2000, evaluations)[1] == 1


def test_a_workloads_pod_template_is_read_once_whatever_the_number_of_rules_asking(monkeypatch):
    """Rules ask every workload's pod template about thirty times on a large input:
    it is kept on the object after the first read (loaded objects never change)."""
    from eks_lint.engine import model

    reads = []
    get = K8sObject.get

    def counting(self, *path, default=None):
        reads.append(path)
        return get(self, *path, default=default)

    monkeypatch.setattr(K8sObject, "get", counting)
    workload = deployment("web", {"app": "web"})
    config = K8sObject({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}})
    pod = K8sObject({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {}})
    first = model.pod_template(workload)
    assert first is not None and first[1] == ("spec", "template")
    assert first[0] is workload.data["spec"]["template"]
    for _ in range(5):
        assert model.pod_template(workload) is first
        assert model.pod_template(config) is None
        assert model.pod_template(pod) == (pod.data, ())
    assert reads == [("spec", "template")]


def test_an_images_aws_component_is_found_once_per_image():
    from eks_lint.data.aws_workloads import component_for

    component_for.cache_clear()
    image = "public.ecr.aws/karpenter/controller:1.6.0"
    found = component_for(image)
    assert found is not None and found.name == "Karpenter"
    assert component_for("registry.example.com/app:1.0") is None
    for _ in range(3):
        assert component_for(image) is found
    assert component_for.cache_info().hits == 3 and component_for.cache_info().misses == 2
