"""A Fargate profile selects CoreDNS, but CoreDNS is still annotated to run on EC2.

## What it checks
The `kube-system/coredns` Deployment when a Fargate profile selects its
pods (namespace `kube-system` and its pod labels, such as
`k8s-app: kube-dns`) and its pod template still carries the annotation
`eks.amazonaws.com/compute-type: ec2` that EKS puts on it. The message says
when the input shows no EC2 capacity at all (the `nodegroups` part is empty
and no self-managed Auto Scaling group is tagged for the cluster), and the
finding is then an error instead of a warning.

## Why it matters on EKS
The annotation tells EKS to schedule CoreDNS on EC2 nodes, and it wins over
the Fargate profile: the profile that was meant to run CoreDNS does nothing.
On a cluster without EC2 nodes, CoreDNS stays Pending and nothing in the
cluster can resolve a name; on a mixed cluster, CoreDNS silently keeps
depending on the node groups you meant to take it off.

## How to fix
Remove the annotation (or, for the CoreDNS EKS add-on, set the
configuration value `computeType: Fargate`), then restart the Deployment.

## Example
```
kubectl patch deployment coredns -n kube-system --type json \
  -p='[{"op": "remove", "path": "/spec/template/metadata/annotations/eks.amazonaws.com~1compute-type"}]'
kubectl rollout restart -n kube-system deployment coredns
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html
(Update CoreDNS); https://docs.aws.amazon.com/eks/latest/userguide/add-ons-coredns.html;
hashicorp/terraform-provider-aws#11327 (the ec2 annotation keeps CoreDNS off Fargate).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.cluster import cluster_asgs
from eks_lint.eks.fargate import COMPUTE_TYPE as ANNOTATION
from eks_lint.eks.fargate import profile_for
from eks_lint.eks.k8s import pod_labels, pod_template_annotations
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS532",
    name="fargate-coredns",
    severity="warning",
    summary="A Fargate profile selects CoreDNS, but its compute-type: ec2 annotation keeps it off Fargate.",
    needs=("fargate_profiles",),
    wants=("nodegroups", "auto_scaling_groups", "cluster"),
    kinds=("Deployment",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/fargate-getting-started.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    deployment = inventory.find("Deployment", "kube-system", "coredns")
    if deployment is None:
        return
    inventory.last_object = deployment
    if str(pod_template_annotations(deployment).get(ANNOTATION)) != "ec2":
        return
    profile = profile_for("kube-system", pod_labels(deployment), inventory.parts.get("fargate_profiles"))
    if profile is None:
        return
    message = (
        f"Fargate profile {profile.get('fargateProfileName')} selects CoreDNS but its pod template keeps "
        f"{ANNOTATION}: ec2, which overrides the profile"
    )
    nodegroups = inventory.parts.get("nodegroups")
    no_ec2 = nodegroups == [] and not any(True for _ in cluster_asgs(inventory))
    if no_ec2:
        message += "; the cluster has no EC2 nodes, so CoreDNS stays Pending and cluster DNS is down"
    finding = deployment.finding(
        f"{message}: remove the annotation (add-on: computeType Fargate) and restart CoreDNS",
        ("spec", "template", "metadata", "annotations", ANNOTATION),
    )
    finding.level = "error" if no_ec2 else None
    yield finding
