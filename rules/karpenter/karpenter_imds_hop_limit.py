"""A Karpenter EC2NodeClass that lets pods reach the node's instance metadata credentials.

## What it checks
An EC2NodeClass (`karpenter.k8s.aws/v1` or `v1beta1`) whose
`spec.metadataOptions` sets `httpPutResponseHopLimit` above `max-hop-limit`
(default 1), or `httpTokens: optional` (IMDSv1). Karpenter v1 defaults to a
hop limit of 1 and `httpTokens: required`, so a v1 class that leaves them out
is fine; a `v1beta1` class that leaves out the hop limit gets that API's
default of 2 and is reported.

## Why it matters on EKS
With a hop limit of 2 or more, or IMDSv1, any pod (not only host-network
ones) can read the node role's credentials from the instance metadata
service and act with the node's permissions (ENI and EC2 calls, ECR pulls),
bypassing the scoping that IRSA and EKS Pod Identity give each workload.

## How to fix
Use `httpPutResponseHopLimit: 1` and `httpTokens: required`; give pods AWS
access through IRSA or EKS Pod Identity.

## Example
```yaml
spec:
  metadataOptions:
    httpEndpoint: enabled
    httpTokens: required
    httpPutResponseHopLimit: 1
```

Threshold: hop limit 1 (option `max-hop-limit`). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Restrict access to the instance profile assigned to the worker node);
https://karpenter.sh/docs/concepts/nodeclasses/#specmetadataoptions (v1 defaults);
https://karpenter.sh/v0.37/concepts/nodeclasses/#specmetadataoptions (v1beta1 default hop limit 2);
https://karpenter.sh/docs/upgrading/v1-migration/ (default hop limit changed from 2 to 1).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.relations import as_dict
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS540",
    name="karpenter-imds-hop-limit",
    severity="warning",
    summary="A Karpenter EC2NodeClass lets pods reach IMDS (hop limit above 1 or IMDSv1).",
    kinds=("EC2NodeClass",),
    options={"max-hop-limit": 1},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
)


#: Karpenter v1beta1 (v0.32-v0.37) defaulted the hop limit to 2; v1 to 1.
V1BETA1_DEFAULT_HOPS = 2


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for node_class in inventory.of_kind("EC2NodeClass"):
        if node_class.group != "karpenter.k8s.aws":
            continue
        metadata = node_class.get("spec", "metadataOptions")
        metadata = metadata if isinstance(metadata, dict) else {}
        hops = metadata.get("httpPutResponseHopLimit")
        if hops is None and node_class.api_version == "karpenter.k8s.aws/v1beta1":
            yield node_class.finding(
                f"no httpPutResponseHopLimit on a v1beta1 EC2NodeClass means the old default of "
                f"{V1BETA1_DEFAULT_HOPS}, so every pod can read the node role's credentials from IMDS: set "
                f"metadataOptions.httpPutResponseHopLimit: {options['max-hop-limit']}",
                ("spec", "metadataOptions")
                if "metadataOptions" in as_dict(node_class.get("spec"))
                else ("spec",),
            )
        elif isinstance(hops, int) and not isinstance(hops, bool) and hops > options["max-hop-limit"]:
            yield node_class.finding(
                f"httpPutResponseHopLimit is {hops}, so every pod can read the node role's credentials "
                f"from IMDS: set it to {options['max-hop-limit']} and use IRSA or Pod Identity",
                ("spec", "metadataOptions", "httpPutResponseHopLimit"),
            )
        if str(metadata.get("httpTokens", "")).lower() == "optional":
            yield node_class.finding(
                "httpTokens is optional (IMDSv1), so pods can read the node role's credentials with one "
                "GET: set httpTokens: required",
                ("spec", "metadataOptions", "httpTokens"),
            )
