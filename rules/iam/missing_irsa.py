"""A controller or agent that calls AWS runs on the node's instance role.

## What it checks
Deployments, StatefulSets and DaemonSets running a known AWS-calling
component (AWS Load Balancer Controller, external-dns with `--provider=aws`,
cluster-autoscaler with `--cloud-provider=aws`, Karpenter, the EBS and EFS CSI
controllers, aws-for-fluent-bit, the CloudWatch agent,
aws-node-termination-handler in queue mode, ACK controllers, and
external-secrets when a SecretStore uses the AWS provider without its own
`auth`), matched on the image repository, whose ServiceAccount has:

- no `eks.amazonaws.com/role-arn` annotation,
- no Pod Identity association (`pod_identity_associations`),
- no role through the EKS add-on that installs it (`serviceAccountRoleArn`
  or `podIdentityAssociations`),

and whose pods get no other credentials (`AWS_ACCESS_KEY_ID`,
`AWS_ROLE_ARN`, a kube2iam/kiam `iam.amazonaws.com/role` annotation). The
rule runs only when the Pod Identity associations are known (a snapshot or
a live cluster; and every association and add-on could be read) and the
ServiceAccount is in the input, so a manifest repository using Pod Identity
sees no false alarm. `kube-system/aws-node` is
`aws-node-uses-node-role`'s business.

## Why it matters on EKS
Without its own role the SDK falls back to the instance profile through IMDS.
The node role then needs the controller's permissions (ELB, Route 53, EC2
launch, ...), and every pod on the node that can reach IMDS gets them too.

## How to fix
Create a role with the component's documented policy and bind it to the
ServiceAccount with a Pod Identity association (`aws eks
create-pod-identity-association`) or the IRSA annotation, then restart the
pods.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: aws-load-balancer-controller
  namespace: kube-system
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/aws-load-balancer-controller
```

Threshold: a known AWS-calling component with no role of its own (warning).
Sources: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
(Restrict access to the instance profile assigned to the worker node; use
IRSA or Pod Identity); component list and its sources in
eks_lint/data/aws_workloads.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.data.aws_workloads import ADDON_SERVICE_ACCOUNTS, AwsComponent, component_for
from eks_lint.eks import iam
from eks_lint.eks.k8s import container_words, containers, pod_template_annotations, service_account_name
from eks_lint.eks.relations import workloads
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS107",
    name="missing-irsa",
    severity="warning",
    summary="A controller that calls AWS has no IRSA or Pod Identity role and runs on the node role.",
    needs=("pod_identity_associations",),
    wants=("addons",),
    kinds=("Deployment", "StatefulSet", "DaemonSet", "ServiceAccount", "SecretStore", "ClusterSecretStore"),
    source="https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
)

_OWN_CREDENTIALS = (
    "AWS_ACCESS_KEY_ID",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    if not all(iam.complete(inventory, part) for part in ("pod_identity_associations", "addons")):
        return  # an association or add-on role the collector could not read may exist
    covered = _covered_accounts(inventory)
    ambient_store = _aws_store_without_auth(inventory)
    for workload in workloads(inventory, "Deployment", "StatefulSet", "DaemonSet"):
        namespace = workload.namespace or "default"
        account = service_account_name(workload)
        if (namespace, account) in covered or (namespace, account) == ("kube-system", "aws-node"):
            continue
        if "iam.amazonaws.com/role" in pod_template_annotations(workload):
            continue  # kube2iam / kiam
        sa = inventory.find("ServiceAccount", namespace, account)
        if sa is None or iam.ROLE_ANNOTATION in sa.annotations:
            continue
        for container, path in containers(workload, ("containers",)):
            component = component_for(str(container.get("image") or ""))
            if component is None or not _applies(component, workload, container, ambient_store):
                continue
            if any(
                isinstance(e, dict) and e.get("name") in _OWN_CREDENTIALS for e in container.get("env") or []
            ):
                continue
            yield workload.finding(
                f"{component.name} {component.what}, but ServiceAccount {namespace}/{account} has no IRSA "
                "annotation and no Pod Identity association, so it runs on the node's instance role, which "
                f"every pod on the node can use: give {namespace}/{account} its own IAM role",
                (*path, "image"),
            )
            break


def _applies(component: AwsComponent, workload: K8sObject, container: dict, ambient_store: bool) -> bool:
    if workload.kind not in component.kinds:
        return False
    if component.only_if == "aws-store-without-auth" and not ambient_store:
        return False
    if component.args_any:
        words = container_words(container)
        text = " ".join(words)
        return any(fragment in text for fragment in component.args_any)
    return True


def _covered_accounts(inventory: Inventory) -> set[tuple[str, str]]:
    """Service accounts with a role from a Pod Identity association or their EKS add-on."""
    covered = set()
    for association in inventory.part("pod_identity_associations") or []:
        if isinstance(association, dict):
            covered.add((str(association.get("namespace")), str(association.get("serviceAccount"))))
    for addon in inventory.part("addons") or []:
        if not isinstance(addon, dict):
            continue
        account = ADDON_SERVICE_ACCOUNTS.get(str(addon.get("addonName")))
        if account and (addon.get("serviceAccountRoleArn") or addon.get("podIdentityAssociations")):
            covered.add(account)
    return covered


def _aws_store_without_auth(inventory: Inventory) -> bool:
    """A SecretStore/ClusterSecretStore on the AWS provider with no auth: the controller's own identity."""
    for store in inventory.of_kind("SecretStore", "ClusterSecretStore"):
        provider = store.get("spec", "provider", "aws")
        if isinstance(provider, dict) and not provider.get("auth"):
            return True
    return False
