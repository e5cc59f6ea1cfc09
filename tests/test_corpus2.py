"""The second real-world corpus (../shared/corpus/manifests2, see its README) linted with every rule.

Like tests/test_corpus.py: no rule crashes, no internal-error, and every
finding at warning or above is recorded here, per file, with the reason a
maintainer of that project would accept it. A new warning fails this test
until it is recorded with its reason or the rule is fixed. Info findings are
advice and are not recorded. The corpus itself is never edited.

Things the corpus holds that rules must leave alone (and do): Grafana
`{{ ... }}` legends in ConfigMaps, kustomize bases without a selector, `ko://`
images (tekton), a `<YOUR_ACCOUNT_ID>` role ARN (adot), Services that expose
only metrics and probe ports (tekton's controllers), Prometheus (one instance
by design), two Deployment versions behind one Service (helloworld, bookinfo's
reviews), and 8 empty documents.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS, assert_lints_without_a_crash, lint, resource_name
from helpers import CORPUS_PINNED as PINNED

MANIFESTS2 = CORPUS / "manifests2"

#: The reasons shared by many files.
LATEST = "image without a tag or with :latest; nodes that join later pull whatever it points to that day"
REQUESTS = (
    "containers set no cpu (and/or memory) request, so the scheduler, Karpenter and "
    "Fargate size them as needing nothing"
)
READINESS = (
    "a Service port targets this container and it has no readinessProbe, so it gets "
    "traffic before it listens on every rollout and drain"
)
SERVED_SINGLE = (
    "one replica behind a Service that routes client traffic to it: every node drain is an outage of it"
)
NAKED = "a bare Pod: nothing recreates it after a node drain, Spot interruption or AMI update"
NO_PDB = "2+ replicas and no PodDisruptionBudget: a drain or node group update may evict them all at once"
NO_SPREAD = "2+ replicas and no zone spread: all of them can land in one Availability Zone"
OTEL_LATEST = "aws-otel-collector:latest (public.ecr.aws) in a template users apply as is"
ISTIO_ADDON_SINGLE = "a sample addon (Istio says: not for production) with 1 replica behind its Service"
UNTAGGED_NGINX = "image nginx with no tag, so it pulls latest"
INGRESS_NGINX = (
    "the project's own last manifests, as users apply them: the controller image is the one its "
    "maintainers retired in March 2026 (no security fixes since), and the finding says where to move"
)

#: kubernetes-dashboard's two install manifests (aio/deploy) declare the same workloads
DASHBOARD: list[tuple[str, list[str], str]] = [
    (
        "missing-readiness-probe",
        [
            "Deployment/kubernetes-dashboard/kubernetes-dashboard",
            "Deployment/kubernetes-dashboard/dashboard-metrics-scraper",
        ],
        ("both have a livenessProbe but no readinessProbe, and a Service targets their ports"),
    ),
    (
        "missing-resource-requests",
        [
            "Deployment/kubernetes-dashboard/kubernetes-dashboard",
            "Deployment/kubernetes-dashboard/dashboard-metrics-scraper",
        ],
        REQUESTS,
    ),
    (
        "single-replica-workload",
        [
            "Deployment/kubernetes-dashboard/kubernetes-dashboard",
            "Deployment/kubernetes-dashboard/dashboard-metrics-scraper",
        ],
        (
            "dashboard and its metrics scraper run 1 replica behind their Services: the UI "
            "(and its graphs) is down while the pod moves"
        ),
    ),
]

#: the FSx CSI driver's two example Pods
FSX_EXAMPLE_POD: list[tuple[str, list[str], str]] = [
    (
        "missing-resource-requests",
        [
            "Pod/fsx-app",
        ],
        REQUESTS,
    ),
    (
        "naked-pod",
        [
            "Pod/fsx-app",
        ],
        ("the example app is a bare Pod (fine for a demo, but nothing recreates it after a drain)"),
    ),
]

#: ingress-nginx's two AWS static manifests (NLB, NLB with TLS termination)
INGRESS_NGINX_AWS: list[tuple[str, list[str], str]] = [
    (
        "missing-resource-requests",
        [
            "Job/ingress-nginx/ingress-nginx-admission-create",
            "Job/ingress-nginx/ingress-nginx-admission-patch",
        ],
        "the admission create/patch Jobs set no requests (the controller does)",
    ),
    (
        "single-replica-workload",
        [
            "Deployment/ingress-nginx/ingress-nginx-controller",
        ],
        (
            "the controller (replicas unset) is the only backend of the NLB Service: every "
            "drain drops ingress traffic"
        ),
    ),
    ("ingress-nginx-retired", ["Deployment/ingress-nginx/ingress-nginx-controller"], INGRESS_NGINX),
]

#: Istio's bookinfo, with and without Pod Security labels
BOOKINFO: list[tuple[str, list[str], str]] = [
    (
        "missing-readiness-probe",
        [
            "Deployment/details-v1",
            "Deployment/ratings-v1",
            "Deployment/reviews-v1",
            "Deployment/reviews-v2",
            "Deployment/reviews-v3",
            "Deployment/productpage-v1",
        ],
        READINESS,
    ),
    (
        "missing-resource-requests",
        [
            "Deployment/details-v1",
            "Deployment/ratings-v1",
            "Deployment/reviews-v1",
            "Deployment/reviews-v2",
            "Deployment/reviews-v3",
            "Deployment/productpage-v1",
        ],
        REQUESTS,
    ),
    (
        "single-replica-workload",
        [
            "Deployment/details-v1",
            "Deployment/ratings-v1",
            "Deployment/productpage-v1",
        ],
        (
            "details, ratings and productpage run 1 replica each behind their Services "
            "(reviews has 3 versions behind one Service, so it is not reported)"
        ),
    ),
]

#: file -> [(rule, [resources it reports], why a maintainer would accept it)]
EXPECTED: dict[str, list[tuple[str, list[str], str]]] = {
    "adot--deployment-template__eks__otel-container-insights-infra.yaml": [
        (
            "latest-image-tag",
            [
                "DaemonSet/aws-otel-eks/aws-otel-eks-ci",
            ],
            OTEL_LATEST,
        ),
    ],
    "adot--deployment-template__eks__otel-fargate-container-insights.yaml": [
        (
            "latest-image-tag",
            [
                "StatefulSet/fargate-container-insights/adot-collector",
            ],
            OTEL_LATEST,
        ),
    ],
    "adot--examples__eks__aws-cloudwatch__otel-sidecar.yaml": [
        (
            "latest-image-tag",
            [
                "Deployment/aws-otel-eks/aws-otel-eks-sidecar",
                "Deployment/aws-otel-eks/aws-otel-eks-sidecar",
            ],
            "both containers (app and collector sidecar) use :latest",
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/aws-otel-eks/aws-otel-eks-sidecar",
            ],
            REQUESTS,
        ),
    ],
    "adot--examples__eks__aws-prometheus__prometheus-daemonset.yaml": [
        (
            "latest-image-tag",
            [
                "DaemonSet/adot-col/adot-collector",
            ],
            ("the collector uses :latest (the <YOUR_ACCOUNT_ID> role ARN is a placeholder and not judged)"),
        ),
    ],
    "dashboard--aio__deploy__alternative.yaml": DASHBOARD,
    "dashboard--aio__deploy__recommended.yaml": DASHBOARD,
    "fsx-csi--examples__kubernetes__dynamic_provisioning__specs__pod.yaml": FSX_EXAMPLE_POD,
    "fsx-csi--examples__kubernetes__efa__specs__pod.yaml": FSX_EXAMPLE_POD,
    "gatekeeper--demo__agilebank__good_resources__opa.yaml": [
        (
            "naked-pod",
            [
                "Pod/production/opa",
            ],
            (
                "the demo's 'good' resource is a bare Pod: it passes the policy, but nothing "
                "recreates it after a drain"
            ),
        ),
    ],
    "ingress-nginx--deploy__grafana__deployment.yaml": [
        (
            "latest-image-tag",
            [
                "Deployment/ingress-nginx/grafana",
            ],
            "grafana/grafana with no tag: kustomize does not pin it either",
        ),
    ],
    "ingress-nginx--deploy__static__provider__aws__deploy.yaml": INGRESS_NGINX_AWS,
    "ingress-nginx--deploy__static__provider__aws__nlb-with-tls-termination__deploy.yaml": INGRESS_NGINX_AWS,
    "ingress-nginx--docs__examples__http-svc.yaml": [
        (
            "missing-readiness-probe",
            [
                "Deployment/http-svc",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/http-svc",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/http-svc",
            ],
            SERVED_SINGLE,
        ),
    ],
    "ingress-nginx--docs__examples__multi-tls__multi-tls.yaml": [
        (
            "latest-image-tag",
            [
                "ReplicationController/nginx",
            ],
            "the nginx ReplicationController uses an untagged/latest image",
        ),
        (
            "missing-resource-requests",
            [
                "ReplicationController/nginx",
                "ReplicationController/http-svc",
            ],
            REQUESTS,
        ),
    ],
    "istio--samples__addons__grafana.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/istio-system/grafana",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/istio-system/grafana",
            ],
            ISTIO_ADDON_SINGLE,
        ),
    ],
    "istio--samples__addons__jaeger.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/istio-system/jaeger",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/istio-system/jaeger",
            ],
            ("a sample addon (Istio says: not for production) with 1 replica behind its Services"),
        ),
    ],
    "istio--samples__addons__kiali.yaml": [
        (
            "single-replica-workload",
            [
                "Deployment/istio-system/kiali",
            ],
            ISTIO_ADDON_SINGLE,
        ),
    ],
    "istio--samples__addons__loki.yaml": [
        (
            "missing-resource-requests",
            [
                "StatefulSet/istio-system/loki",
                "StatefulSet/istio-system/loki",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "StatefulSet/istio-system/loki",
            ],
            ("a one-member Loki StatefulSet behind its Service: logs are unavailable while it moves"),
        ),
    ],
    "istio--samples__addons__prometheus.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/istio-system/prometheus",
                "Deployment/istio-system/prometheus",
            ],
            REQUESTS,
        ),
    ],
    "istio--samples__bookinfo__platform__kube__bookinfo-db.yaml": [
        (
            "missing-readiness-probe",
            [
                "Deployment/mongodb-v1",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/mongodb-v1",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/mongodb-v1",
            ],
            "one MongoDB pod behind its Service: ratings lose their store on every drain",
        ),
    ],
    "istio--samples__bookinfo__platform__kube__bookinfo-psa.yaml": BOOKINFO,
    "istio--samples__bookinfo__platform__kube__bookinfo.yaml": BOOKINFO,
    "istio--samples__curl__curl.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/curl",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/curl",
            ],
            "the curl sample has a Service routing to it (port 80) and 1 replica",
        ),
    ],
    "istio--samples__helloworld__helloworld.yaml": [
        (
            "missing-readiness-probe",
            [
                "Deployment/helloworld-v1",
                "Deployment/helloworld-v2",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/helloworld-v1",
                "Deployment/helloworld-v2",
            ],
            REQUESTS,
        ),
    ],
    "istio--samples__httpbin__httpbin.yaml": [
        (
            "missing-readiness-probe",
            [
                "Deployment/httpbin",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/httpbin",
            ],
            REQUESTS,
        ),
        (
            "single-replica-workload",
            [
                "Deployment/httpbin",
            ],
            "1 replica behind the httpbin Service",
        ),
    ],
    "otel-demo--kubernetes__opentelemetry-demo.yaml": [
        (
            "latest-image-tag",
            [
                "Deployment/accounting",
                "Deployment/cart",
                "Deployment/checkout",
                "Deployment/flagd",
                "Deployment/fraud-detection",
            ],
            (
                "busybox:latest / untagged busybox init containers (wait-for-kafka, wait-for-"
                "valkey-cart, init-config)"
            ),
        ),
        (
            "missing-readiness-probe",
            [
                "Deployment/ad",
                "Deployment/cart",
                "Deployment/checkout",
                "Deployment/currency",
                "Deployment/email",
                "Deployment/flagd",
                "Deployment/flagd",
                "Deployment/frontend",
                "Deployment/frontend-proxy",
                "Deployment/image-provider",
                "Deployment/kafka",
                "Deployment/load-generator",
                "Deployment/payment",
                "Deployment/postgresql",
                "Deployment/product-catalog",
                "Deployment/quote",
                "Deployment/recommendation",
                "Deployment/shipping",
                "Deployment/valkey-cart",
            ],
            (
                "no service of the demo has a readinessProbe, and each has a Service targeting "
                "its port (flagd twice: flagd and flagd-ui)"
            ),
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/otel-demo/grafana",
                "Deployment/jaeger",
                "Deployment/otel-demo/otel-collector",
                "Deployment/otel-demo/prometheus",
                "Deployment/accounting",
                "Deployment/ad",
                "Deployment/cart",
                "Deployment/checkout",
                "Deployment/currency",
                "Deployment/email",
                "Deployment/flagd",
                "Deployment/flagd",
                "Deployment/fraud-detection",
                "Deployment/frontend",
                "Deployment/frontend-proxy",
                "Deployment/image-provider",
                "Deployment/kafka",
                "Deployment/load-generator",
                "Deployment/payment",
                "Deployment/postgresql",
                "Deployment/product-catalog",
                "Deployment/quote",
                "Deployment/recommendation",
                "Deployment/shipping",
                "Deployment/valkey-cart",
            ],
            "the demo sets memory limits only: no cpu request anywhere",
        ),
        (
            "single-replica-workload",
            [
                "Deployment/otel-demo/grafana",
                "Deployment/otel-demo/otel-collector",
                "Deployment/ad",
                "Deployment/cart",
                "Deployment/checkout",
                "Deployment/currency",
                "Deployment/email",
                "Deployment/flagd",
                "Deployment/frontend",
                "Deployment/frontend-proxy",
                "Deployment/image-provider",
                "Deployment/kafka",
                "Deployment/load-generator",
                "Deployment/payment",
                "Deployment/postgresql",
                "Deployment/product-catalog",
                "Deployment/quote",
                "Deployment/recommendation",
                "Deployment/shipping",
                "Deployment/valkey-cart",
                "StatefulSet/opensearch",
            ],
            (
                "every service runs 1 replica behind its Service (prometheus and single-instance "
                "exporters are left out by design)"
            ),
        ),
    ],
    "secrets-provider-aws--examples__ExampleDeployment-IRSA.yaml": [
        (
            "latest-image-tag",
            [
                "Deployment/nginx-irsa-deployment",
            ],
            UNTAGGED_NGINX,
        ),
        (
            "missing-pdb",
            [
                "Deployment/nginx-irsa-deployment",
            ],
            NO_PDB,
        ),
        (
            "missing-readiness-probe",
            [
                "Deployment/nginx-irsa-deployment",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/nginx-irsa-deployment",
            ],
            REQUESTS,
        ),
        (
            "no-zone-spread",
            [
                "Deployment/nginx-irsa-deployment",
            ],
            NO_SPREAD,
        ),
    ],
    "secrets-provider-aws--examples__ExampleDeployment-PodIdentity.yaml": [
        (
            "latest-image-tag",
            [
                "Deployment/nginx-pod-identity-deployment",
            ],
            UNTAGGED_NGINX,
        ),
        (
            "missing-pdb",
            [
                "Deployment/nginx-pod-identity-deployment",
            ],
            NO_PDB,
        ),
        (
            "missing-readiness-probe",
            [
                "Deployment/nginx-pod-identity-deployment",
            ],
            READINESS,
        ),
        (
            "missing-resource-requests",
            [
                "Deployment/nginx-pod-identity-deployment",
            ],
            REQUESTS,
        ),
        (
            "no-zone-spread",
            [
                "Deployment/nginx-pod-identity-deployment",
            ],
            NO_SPREAD,
        ),
    ],
    "tekton--config__controller.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/tekton-pipelines/tekton-pipelines-controller",
            ],
            "the controller sets no resources at all",
        ),
    ],
    "tekton--config__events.yaml": [
        (
            "missing-resource-requests",
            [
                "Deployment/tekton-pipelines/tekton-events-controller",
            ],
            "the events controller sets no resources at all",
        ),
    ],
    "tekton--config__webhook-hpa.yaml": [
        (
            "single-replica-workload",
            [
                "HorizontalPodAutoscaler/tekton-pipelines/tekton-pipelines-webhook",
            ],
            (
                "the HPA's minReplicas 1 lets the admission webhook (failurePolicy Fail) run one "
                "pod: a drain at low load blocks Tekton resource writes"
            ),
        ),
    ],
    "tekton--config__webhook.yaml": [
        (
            "missing-pdb",
            [
                "Deployment/tekton-pipelines/tekton-pipelines-webhook",
            ],
            "the HPA scales the webhook to 5 and no PodDisruptionBudget protects it",
        ),
        (
            "no-zone-spread",
            [
                "Deployment/tekton-pipelines/tekton-pipelines-webhook",
            ],
            ("up to 5 webhook pods with only a hostname anti-affinity preference, none on the zone key"),
        ),
    ],
}


def test_the_second_corpus_is_there():
    assert MANIFESTS2.is_dir(), f"{MANIFESTS2} is missing: the corpus lives in shared/ beside the checkout"
    assert len([p for p in MANIFESTS2.iterdir() if p.suffix == ".yaml"]) == 80
    assert set(EXPECTED) <= {p.name for p in MANIFESTS2.iterdir()}


def test_every_warning_on_the_second_corpus_is_recorded_with_its_reason():
    outcome = lint(*PINNED, str(MANIFESTS2))
    assert outcome.code == 0, outcome.stderr
    assert not [f for f in outcome.findings if f["name"] == "internal-error"]
    assert outcome.report["summary"]["skipped_documents"] == {"empty document": 8}
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in outcome.findings:
        if finding["severity"] == "info":
            continue
        found.setdefault(Path(finding["location"]["file"]).name, []).append(
            (finding["name"], resource_name(finding))
        )
    for file in sorted(set(found) | set(EXPECTED)):
        expected = [(rule, name) for rule, names, _why in EXPECTED.get(file, []) for name in names]
        assert Counter(found.get(file, [])) == Counter(expected), file
    assert not [f for f in outcome.findings if f["severity"] == "error"]


def test_every_recorded_finding_states_a_reason():
    for file, entries in EXPECTED.items():
        for rule, names, why in entries:
            assert names and len(why) > 20, (file, rule)


@pytest.mark.parametrize("file", sorted(p.name for p in MANIFESTS2.iterdir()) if MANIFESTS2.is_dir() else [])
def test_each_file_alone_lints_without_a_crash(file):
    assert_lints_without_a_crash(lint(*PINNED, str(MANIFESTS2 / file)))
