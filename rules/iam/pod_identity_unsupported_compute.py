"""Pods that use a Pod Identity association run on Fargate or Windows nodes, where it does not work.

## What it checks
Each workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ...) whose
service account has a Pod Identity association (same namespace and name), and
whose pods either

- are selected by an active Fargate profile (its namespace and labels match a
  selector, and the pod template does not set
  `eks.amazonaws.com/compute-type: ec2`), or
- are pinned to Windows nodes (`nodeSelector` `kubernetes.io/os: windows`).

## Why it matters on EKS
EKS Pod Identity works only for pods on Linux EC2 instances: its agent is a
DaemonSet, and AWS lists Linux and Windows pods on Fargate and pods on
Windows EC2 instances as not supported. Those pods get the Pod Identity
environment variables but no agent answers them, so they have no AWS
credentials.

## How to fix
Use IAM roles for service accounts (IRSA) for these pods, or run them on
Linux EC2 nodes.

## Example
```
kubectl annotate serviceaccount -n batch reports \
  eks.amazonaws.com/role-arn=arn:aws:iam::111122223333:role/reports
```

Source: https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
("EKS Pod Identity restrictions").
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.fargate import workload_profile
from eks_lint.eks.k8s import WORKLOAD_KINDS, pod_spec, service_account_name
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS812",
    name="pod-identity-unsupported-compute",
    severity="error",
    summary="A workload using Pod Identity runs on Fargate or Windows, where Pod Identity is not supported.",
    needs=("pod_identity_associations",),
    wants=("fargate_profiles",),
    kinds=WORKLOAD_KINDS,
    source="https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    associated = {
        (str(a.get("namespace")), str(a.get("serviceAccount"))): a
        for a in inventory.part("pod_identity_associations") or []
        if isinstance(a, dict)
    }
    if not associated:
        return
    profiles = inventory.part("fargate_profiles") or []
    for workload in inventory.of_kind(*WORKLOAD_KINDS):
        found = pod_spec(workload)
        if found is None:
            continue
        spec, path = found
        namespace = workload.namespace or "default"
        account = service_account_name(workload)
        if (namespace, account) not in associated:
            continue
        profile = workload_profile(workload, profiles)
        selector = spec.get("nodeSelector")
        windows = (
            isinstance(selector, dict) and str(selector.get("kubernetes.io/os", "")).lower() == "windows"
        )
        if profile is not None:
            where, at = f"on Fargate (profile {profile.get('fargateProfileName')})", path
        elif windows:
            where, at = "on Windows nodes", (*path, "nodeSelector", "kubernetes.io/os")
        else:
            continue
        yield workload.finding(
            f"{workload.kind} {workload.name} uses ServiceAccount {namespace}/{account}, which has a Pod "
            f"Identity association, but its pods run {where}, where Pod Identity is not supported, so "
            "they get no AWS credentials: use IRSA for them",
            at,
        )
