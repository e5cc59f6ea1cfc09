"""A replicated workload whose EBS volumes hold all its replicas in one Availability Zone.

## What it checks
A Deployment, StatefulSet or ReplicaSet that can run 2 or more replicas
(`spec.replicas`, or the `maxReplicas` of an HPA or KEDA ScaledObject that scales it) and either:
- mounts a PersistentVolumeClaim from the input (a `persistentVolumeClaim`
  volume) whose StorageClass, resolved in the input, provisions EBS: every
  replica shares that one volume; or
- is a StatefulSet whose `volumeClaimTemplates` use an EBS StorageClass
  pinned to a single zone (`allowedTopologies` listing one zone, or the
  in-tree `parameters.zone`).
A claim whose class is not in the input (or `storageClassName: ""`) is not
judged. The default class is used for claims that name none, when the input
has exactly one.

## Why it matters on EKS
An EBS volume lives in one Availability Zone and attaches to one node
(ReadWriteOnce). Replicas sharing one volume all run on that node or stay
stuck in `ContainerCreating` with a Multi-Attach error; a StatefulSet on a
one-zone class puts every replica's volume, and so every replica, in that
zone. Either way one node or one AZ failure takes down all replicas, and the
replicas give no redundancy at all.

## How to fix
Give each replica its own volume (a StatefulSet with `volumeClaimTemplates`)
on a class without a zone pin and with `volumeBindingMode: WaitForFirstConsumer`,
spread the replicas across zones, or use EFS for data shared between pods.

## Example
```yaml
volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: gp3          # no allowedTopologies, WaitForFirstConsumer
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 20Gi}}
```

Threshold: 2 replicas (option `min-replicas`). Sources:
https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html
(Ensure ability to launch nodes in each AZ when using EBS volumes);
https://docs.aws.amazon.com/ebs/latest/userguide/ebs-attaching-volume.html
(a volume attaches to instances in its own Availability Zone).
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.eks.k8s import pod_spec
from eks_lint.eks.relations import as_dict, as_list, claim_storage_class, is_ebs, replicas, scalers, workloads
from eks_lint.rule import Finding, Inventory, K8sObject, Rule

RULE = Rule(
    code="EKS703",
    name="ebs-volume-single-az-workload",
    severity="warning",
    summary="Replicas share one EBS volume or a one-zone EBS class, so all of them sit in one AZ.",
    kinds=(
        "Deployment",
        "StatefulSet",
        "ReplicaSet",
        "PersistentVolumeClaim",
        "StorageClass",
        "HorizontalPodAutoscaler",
        "ScaledObject",
    ),
    options={"min-replicas": 2},
    source="https://docs.aws.amazon.com/eks/latest/best-practices/data-plane.html",
)

ZONE_KEYS = (
    "topology.ebs.csi.aws.com/zone",
    "topology.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/zone",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    classes = list(inventory.of_kind("StorageClass"))
    known = scalers(inventory)
    for workload in workloads(inventory, "Deployment", "StatefulSet", "ReplicaSet"):
        peak = replicas(workload, known).high
        found = pod_spec(workload)
        if peak < options["min-replicas"] or found is None:
            continue
        spec, path = found
        for index, volume in enumerate(as_list(spec.get("volumes"))):
            source = volume.get("persistentVolumeClaim") if isinstance(volume, dict) else None
            if not isinstance(source, dict):
                continue
            claim = inventory.find(
                "PersistentVolumeClaim", workload.namespace, str(source.get("claimName", ""))
            )
            storage_class = claim_storage_class(claim.data, classes) if claim else None
            if storage_class is None or not is_ebs(storage_class):
                continue
            yield workload.finding(
                f"its {peak} replicas all mount PersistentVolumeClaim {claim.name} (EBS class "
                f"{storage_class.name}), one volume that attaches to one node in one Availability Zone: "
                "give each replica its own volume with a StatefulSet volumeClaimTemplate, or use EFS",
                (*path, "volumes", index, "persistentVolumeClaim", "claimName"),
            )
        if workload.kind != "StatefulSet":
            continue
        for index, template in enumerate(as_list(workload.get("spec", "volumeClaimTemplates"))):
            if not isinstance(template, dict):
                continue
            storage_class = claim_storage_class(template, classes)
            if storage_class is None or not is_ebs(storage_class):
                continue
            zone = _single_zone(storage_class)
            if zone:
                name = as_dict(template.get("metadata")).get("name", "?")
                yield workload.finding(
                    f"volumeClaimTemplate {name} uses EBS class {storage_class.name}, pinned to {zone}, "
                    f"so all {peak} replicas run in that one Availability Zone: use a class without "
                    "a zone pin and WaitForFirstConsumer",
                    ("spec", "volumeClaimTemplates", index),
                )


def _single_zone(storage_class: K8sObject) -> str | None:
    """The one zone a class confines its volumes to, or None."""
    zones: set[str] = set()
    for term in as_list(storage_class.get("allowedTopologies")):
        for expression in as_list(as_dict(term).get("matchLabelExpressions")):
            if isinstance(expression, dict) and expression.get("key") in ZONE_KEYS:
                zones.update(str(v) for v in as_list(expression.get("values")))
    parameters = storage_class.get("parameters")
    if isinstance(parameters, dict):
        if parameters.get("zone"):
            zones.add(str(parameters["zone"]))
        if parameters.get("zones"):
            zones.update(z.strip() for z in str(parameters["zones"]).split(",") if z.strip())
    return next(iter(zones)) if len(zones) == 1 else None
