"""Components that call AWS APIs, and the service accounts EKS add-ons run under.

``AWS_COMPONENTS``: controllers and agents whose job is to call AWS, matched on
the image repository (the part before the tag, without the registry). Each
needs its own IAM role (IRSA or Pod Identity); without one the SDK falls back
to the node's instance role. Only the parts that call AWS with their own
identity are listed: the EBS/EFS CSI *controllers* (Deployments), not their
node DaemonSets; external-dns only with ``--provider=aws``; cluster-autoscaler
only for the AWS cloud provider; the node termination handler only in queue
mode (a Deployment). Sources: each project's install docs:
kubernetes-sigs/aws-load-balancer-controller docs/deploy/installation.md;
kubernetes-sigs/external-dns docs/tutorials/aws.md;
kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md;
https://karpenter.sh/docs/getting-started/; kubernetes-sigs/aws-ebs-csi-driver
docs/install.md; kubernetes-sigs/aws-efs-csi-driver README;
aws/aws-for-fluent-bit README; aws/amazon-cloudwatch-agent;
aws/aws-node-termination-handler README (queue processor);
aws-controllers-k8s/community (ACK controllers); external-secrets.io AWS provider.

``ADDON_SERVICE_ACCOUNTS``: the service account an EKS add-on's
``serviceAccountRoleArn`` is applied to. Sources: Amazon EKS User Guide,
https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html (aws-node),
.../ebs-csi.html (ebs-csi-controller-sa), .../efs-csi.html
(efs-csi-controller-sa), .../s3-csi.html (s3-csi-driver-sa),
.../install-CloudWatch-Observability-EKS-addon.html (amazon-cloudwatch/cloudwatch-agent),
.../fsx-csi-create.html (``eksctl create iamserviceaccount --name fsx-csi-controller-sa
--namespace kube-system``). An add-on installed with ``namespaceConfig.namespace``
(eks:CreateAddon, botocore ``AddonNamespaceConfigResponse``) runs its service account
in that namespace instead: ``addon_service_account`` follows it.
"""

from __future__ import annotations

CHECKED = "2026-12-04"
REVIEW_BY = "2027-05-31"


class AwsComponent:
    """A component that calls AWS with its own identity. A plain class, not a
    dataclass: ``dataclasses`` costs every manifest run milliseconds of imports."""

    __slots__ = ("name", "repositories", "kinds", "args_any", "what", "only_if")

    def __init__(
        self,
        name: str,
        repositories: tuple[str, ...],
        kinds: tuple[str, ...] = ("Deployment", "StatefulSet", "DaemonSet"),
        args_any: tuple[str, ...] = (),
        what: str = "calls AWS APIs",
        only_if: str = "",
    ) -> None:
        self.name = name
        #: Image repository suffixes (registry and tag stripped), e.g. "eks/aws-load-balancer-controller".
        self.repositories = repositories
        #: Workload kinds in which the component calls AWS with its own identity.
        self.kinds = kinds
        #: Fragments of the container's command and args joined by spaces, one of which must
        #: appear for it to call AWS (empty: always).
        self.args_any = args_any
        self.what = what
        #: "aws-store-without-auth": calls AWS with its own identity only when a SecretStore or
        #: ClusterSecretStore uses the AWS provider without its own ``auth`` (external-secrets).
        self.only_if = only_if

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"AwsComponent({', '.join(f'{n}={getattr(self, n)!r}' for n in self.__slots__)})"


AWS_COMPONENTS: tuple[AwsComponent, ...] = (
    AwsComponent(
        "AWS Load Balancer Controller",
        ("aws-load-balancer-controller",),
        ("Deployment",),
        what="creates and updates load balancers and target groups",
    ),
    AwsComponent(
        "external-dns",
        ("external-dns/external-dns", "bitnami/external-dns"),
        ("Deployment",),
        args_any=("--provider=aws", "--provider aws"),
        what="writes Route 53 records",
    ),
    AwsComponent(
        "cluster-autoscaler",
        ("autoscaling/cluster-autoscaler",),
        ("Deployment",),
        args_any=("--cloud-provider=aws", "--cloud-provider aws"),
        what="resizes Auto Scaling groups",
    ),
    AwsComponent(
        "Karpenter",
        ("karpenter/controller", "karpenter/karpenter"),
        ("Deployment",),
        what="launches EC2 instances",
    ),
    AwsComponent(
        "EBS CSI controller",
        ("ebs-csi-driver/aws-ebs-csi-driver", "eks/aws-ebs-csi-driver", "amazon/aws-ebs-csi-driver"),
        ("Deployment",),
        what="creates and attaches EBS volumes",
    ),
    AwsComponent(
        "EFS CSI controller",
        ("eks/aws-efs-csi-driver", "amazon/aws-efs-csi-driver", "efs-csi-driver/amazon/aws-efs-csi-driver"),
        ("Deployment",),
        what="creates EFS access points",
    ),
    AwsComponent(
        "aws-for-fluent-bit",
        ("aws-observability/aws-for-fluent-bit", "amazon/aws-for-fluent-bit"),
        what="ships logs to CloudWatch, Firehose or S3",
    ),
    AwsComponent(
        "CloudWatch agent",
        ("cloudwatch-agent/cloudwatch-agent", "amazon/cloudwatch-agent"),
        what="publishes metrics and logs to CloudWatch",
    ),
    AwsComponent(
        "aws-node-termination-handler (queue mode)",
        ("aws-ec2/aws-node-termination-handler", "amazon/aws-node-termination-handler"),
        ("Deployment",),
        what="reads the SQS queue and Auto Scaling lifecycle hooks",
    ),
    AwsComponent(
        "external-secrets",
        ("external-secrets/external-secrets",),
        ("Deployment",),
        what="reads Secrets Manager or Parameter Store",
        only_if="aws-store-without-auth",
    ),
    AwsComponent(
        "an ACK controller",
        ("aws-controllers-k8s/",),
        ("Deployment",),
        what="manages AWS resources",
    ),
)

#: EKS add-on name -> (namespace, service account) that serviceAccountRoleArn applies to.
ADDON_SERVICE_ACCOUNTS: dict[str, tuple[str, str]] = {
    "vpc-cni": ("kube-system", "aws-node"),
    "aws-ebs-csi-driver": ("kube-system", "ebs-csi-controller-sa"),
    "aws-efs-csi-driver": ("kube-system", "efs-csi-controller-sa"),
    "aws-mountpoint-s3-csi-driver": ("kube-system", "s3-csi-driver-sa"),
    "amazon-cloudwatch-observability": ("amazon-cloudwatch", "cloudwatch-agent"),
    "aws-fsx-csi-driver": ("kube-system", "fsx-csi-controller-sa"),
}


def addon_service_account(addon: dict) -> tuple[str, str] | None:
    """(namespace, service account) an EKS add-on's role applies to, honouring ``namespaceConfig``."""
    known = ADDON_SERVICE_ACCOUNTS.get(str(addon.get("addonName")))
    if known is None:
        return None
    config = addon.get("namespaceConfig")
    namespace = config.get("namespace") if isinstance(config, dict) else None
    return (namespace if isinstance(namespace, str) and namespace else known[0]), known[1]


def image_repository(image: str) -> str:
    """``public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1`` -> ``eks/aws-load-balancer-controller``."""
    text = str(image or "").split("@", 1)[0]
    name, _, tag = text.rpartition(":")
    if name and "/" not in tag:
        text = name
    first, _, rest = text.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        text = rest
    return text


#: image -> its component: a cluster runs a few images thousands of times.
_COMPONENTS: dict[str, AwsComponent | None] = {}


def component_for(image: str) -> AwsComponent | None:
    """The AWS component an image is a build of, or None."""
    if image not in _COMPONENTS:
        if len(_COMPONENTS) >= 4096:
            _COMPONENTS.clear()  # bounded: a long-lived process checking many inputs
        _COMPONENTS[image] = _component_for(image)
    return _COMPONENTS[image]


def _component_for(image: str) -> AwsComponent | None:
    repository = image_repository(image)
    for component in AWS_COMPONENTS:
        for suffix in component.repositories:
            if suffix.endswith("/"):
                if repository.startswith(suffix) or f"/{suffix}" in repository:
                    return component
            elif repository == suffix or repository.endswith("/" + suffix):
                return component
    return None
