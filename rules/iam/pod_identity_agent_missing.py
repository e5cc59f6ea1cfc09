"""Pod Identity associations exist but the EKS Pod Identity Agent is not installed.

## What it checks
When `pod_identity_associations` is not empty, the cluster must run the
agent: the `eks-pod-identity-agent` EKS add-on (not in `CREATE_FAILED`,
`DELETING` or `DELETE_FAILED`), or a DaemonSet `kube-system/eks-pod-identity-agent`
(self-managed install). EKS Auto Mode clusters (`computeConfig.enabled`) run
the agent themselves and are not reported. The rule needs both the add-on
list and the cluster's DaemonSets, so a snapshot without Kubernetes objects
skips it, and it stays silent when an add-on or the DaemonSet list could not
be read.

## Why it matters on EKS
EKS injects `AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials`
into the associated pods; the agent on each node answers it. Without the
agent the SDK's credential call fails (or the SDK falls through to the node
role), so every associated workload loses its AWS access.

## How to fix
`aws eks create-addon --cluster-name NAME --addon-name eks-pod-identity-agent`,
and make sure the node role can call `eks-auth:AssumeRoleForPodIdentity`
(`AmazonEKSWorkerNodePolicy`).

## Example
`3 Pod Identity associations (kube-system/karpenter, ...) but no eks-pod-identity-agent add-on or DaemonSet`

Threshold: at least one association and no agent (error). Sources:
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html;
https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks import iam
from eks_lint.rule import Finding, Inventory, Rule

RULE = Rule(
    code="EKS110",
    name="pod-identity-agent-missing",
    severity="error",
    summary="Pod Identity associations exist but the eks-pod-identity-agent add-on or DaemonSet does not.",
    needs=("pod_identity_associations", "addons"),
    wants=("cluster",),
    kinds=("DaemonSet",),
    source="https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html",
)

AGENT = "eks-pod-identity-agent"
BROKEN = ("CREATE_FAILED", "DELETING", "DELETE_FAILED")


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    associations = [a for a in inventory.part("pod_identity_associations") or [] if isinstance(a, dict)]
    if not associations:
        return
    cluster = inventory.part("cluster") or {}
    if isinstance(cluster, dict) and (cluster.get("computeConfig") or {}).get("enabled"):
        return  # EKS Auto Mode runs the agent itself
    if inventory.find("DaemonSet", "kube-system", AGENT) is not None:
        return
    if not (iam.complete(inventory, "addons") and iam.complete(inventory, "k8s:daemonsets")):
        return  # the agent may be what could not be read
    addon = next(
        (a for a in inventory.part("addons") or [] if isinstance(a, dict) and a.get("addonName") == AGENT),
        None,
    )
    if addon is not None and addon.get("status") not in BROKEN:
        return
    names = [f"{a.get('namespace')}/{a.get('serviceAccount')}" for a in associations]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    count = f"{len(names)} Pod Identity association{'s' if len(names) != 1 else ''} ({shown})"
    count += " exist" if len(names) != 1 else " exists"
    if addon is not None:
        state = f"the {AGENT} add-on is {addon.get('status')} and no DaemonSet kube-system/{AGENT} exists"
    else:
        state = f"neither the {AGENT} add-on nor a DaemonSet kube-system/{AGENT} is installed"
    yield Finding(
        target=iam.cluster_resource(inventory),
        message=(f"{count} but {state}, so those pods get no AWS credentials: install the {AGENT} add-on"),
        path=("addons",),
    )
