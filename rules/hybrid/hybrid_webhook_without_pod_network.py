"""A webhook is served by pods that run only on hybrid nodes, and the cluster has no remote pod network.

## What it checks
On a cluster with hybrid nodes configured (`remoteNetworkConfig` lists remote
node networks) and no remote pod networks: each validating or mutating
webhook whose `clientConfig.service` names a Service in the input, whose
selector matches a workload in the input whose pod template can only run on
hybrid nodes (a `nodeSelector`, or a required node affinity in every term, on
`eks.amazonaws.com/compute-type: hybrid`). Workloads that may run on cloud
nodes are not reported. The finding is an error when the webhook's
`failurePolicy` is `Fail` (the default), a warning when it is `Ignore`.

## Why it matters on EKS
The API server calls webhooks from the EKS control plane in the VPC. It can
reach a pod on a hybrid node only when the pod's CIDR is routable from the VPC
and declared in the cluster's `remotePodNetworks`; without it the call times
out. With `failurePolicy: Fail` every create or update the webhook matches is
refused (for a cert-manager or load balancer controller webhook: deployments
stop); with `Ignore` the policy it enforces silently does not apply.

## How to fix
Either make the on-premises pod CIDR routable (BGP with Cilium or Calico) and
add it to the cluster's remote pod networks, or run the webhook's pods on
cloud nodes (node affinity `eks.amazonaws.com/compute-type NotIn [hybrid]`).

## Example
```yaml
remoteNetworkConfig:
  remoteNodeNetworks: [{cidrs: ["10.80.0.0/16"]}]
  remotePodNetworks: [{cidrs: ["10.85.0.0/16"]}]
```

Sources: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html;
https://docs.aws.amazon.com/eks/latest/APIReference/API_RemotePodNetwork.html
("network CIDRs that can contain pods that run Kubernetes webhooks on hybrid nodes").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec
from eks_lint.eks.network import remote_networks, runs_on_hybrid_nodes
from eks_lint.eks.relations import workloads_served
from eks_lint.rule import Finding, Inventory, Rule

KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")

RULE = Rule(
    code="EKS835",
    name="hybrid-webhook-without-pod-network",
    severity="warning",
    summary="A webhook runs only on hybrid nodes but the cluster declares no remote pod network.",
    needs=("cluster",),
    kinds=(*KINDS, "Service", *WORKLOAD_KINDS),
    source="https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-webhooks.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    nodes, pods = remote_networks(inventory.cluster)
    if not nodes or pods:
        return
    for configuration in inventory.of_kind(*KINDS):
        webhooks = configuration.get("webhooks")
        for index, webhook in enumerate(webhooks if isinstance(webhooks, list) else []):
            if not isinstance(webhook, dict):
                continue
            reference = (webhook.get("clientConfig") or {}).get("service")
            if not isinstance(reference, dict) or not reference.get("name"):
                continue
            service = inventory.find("Service", str(reference.get("namespace") or ""), str(reference["name"]))
            if service is None:
                continue
            hybrid = [
                w
                for w in workloads_served(inventory, service, WORKLOAD_KINDS)
                if (found := pod_spec(w)) is not None and runs_on_hybrid_nodes(found[0])
            ]
            if not hybrid:
                continue
            policy = str(webhook.get("failurePolicy") or "Fail")
            finding = configuration.finding(
                f"webhook {webhook.get('name')} calls Service {service.namespace}/{service.name}, served by "
                f"{hybrid[0].display()} which runs only on hybrid nodes, and the cluster declares no "
                f"remote pod network: the control plane cannot reach it (failurePolicy {policy}); make the "
                "pod CIDR routable and add it to remotePodNetworks, or run the webhook on cloud nodes",
                ("webhooks", index, "clientConfig", "service"),
            )
            if policy != "Ignore":
                finding.level = "error"
            yield finding
