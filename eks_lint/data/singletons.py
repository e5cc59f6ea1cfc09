"""Workloads that run one replica by design, so one replica is not a finding.

Sources:
- Leader election (one active replica, the rest standby): Kubernetes client-go
  leader election, flag ``--leader-elect`` of controller-runtime managers and
  kube components, https://kubernetes.io/docs/concepts/architecture/leases/
  (Leader election).
- cluster-autoscaler: its FAQ and example manifests run one replica; more
  replicas only stand by (leader election is on by default),
  https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md
- Argo CD application controller: replicas are shards, not copies,
  https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/
- The pause image is what overprovisioning placeholders run (cluster-autoscaler
  FAQ, "How can I configure overprovisioning").
- Prometheus exporters and scrapers: a second replica duplicates every series
  or scrape; they are single by design (kube-state-metrics docs, "Scaling";
  Prometheus HA is two independent servers, not replicas of one Deployment,
  https://prometheus.io/docs/introduction/faq/).
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-06-30"

#: Container args/commands that turn leader election on (``=false`` turns it off).
LEADER_ELECTION_FLAGS = (
    "--leader-elect",
    "--leader-election",
    "--enable-leader-election",
    "--leader-elect-resource-lock",
)

#: Image repository names (the last path segment, no tag) of components that run
#: one active replica by design.
SINGLETON_IMAGES = frozenset(
    {
        "cluster-autoscaler",
        "cluster-proportional-autoscaler",
        "kube-state-metrics",
        "pause",
        "cni-metrics-helper",
        "prometheus",
    }
)

#: Suffixes of image repository names for single-instance exporters and operators.
SINGLETON_IMAGE_SUFFIXES = ("-exporter", "_exporter", "-operator")

#: Container commands (first word, last path segment) of single-active controllers.
SINGLETON_COMMANDS = frozenset(
    {
        "argocd-application-controller",
        "argocd-applicationset-controller",
        "argocd-notifications",
        "cluster-autoscaler",
    }
)
