"""Instance metadata (IMDS) options EKS applies to a managed node group created without a launch template.

A managed node group has no metadata-options field of its own: without a
launch template, EKS generates one, and what it puts in ``MetadataOptions``
depends on the AMI family.

- AL2023: IMDSv2 required, hop limit 1. Source: Amazon EKS User Guide,
  https://docs.aws.amazon.com/eks/latest/userguide/al2023.html ("AL2023
  requires IMDSv2 by default"; "For IMDSv2 with AL2023, the default hop count
  for managed node groups can vary: When not using a launch template, the
  default is set to 1").
- Amazon Linux 2: IMDSv1 allowed (``HttpTokens: optional``), hop limit 2.
  Source: observed on EKS-generated launch templates, reported in
  hashicorp/terraform-provider-aws#38516 (hop limit 2 for ``AL2_x86_64``,
  1 after switching to AL2023) and cds-snc/notification-terraform#985 (IMDSv2
  "not part of the default launch template"); AWS documents no value.
- Bottlerocket: IMDSv2 required, hop limit 2. Source: METR/hawk#1402 and the
  aws-samples eks-operation-review skill (lens-11, live-verified: an EKS-generated
  launch template with ``HttpPutResponseHopLimit: 2``, ``HttpTokens: required``).
- Windows and CUSTOM: not known (CUSTOM always has a launch template); rules
  say nothing rather than guess.

When a launch template is given but leaves a field out, the instance gets the
EC2 default, which depends on the AMI's ``ImdsSupport`` and the account's
IMDS defaults; rules treat such a field as unknown.
"""

from __future__ import annotations

CHECKED = "2026-11-24"
REVIEW_BY = "2027-05-31"

#: amiType prefix -> (HttpTokens, HttpPutResponseHopLimit) of the launch template EKS generates.
DEFAULTS_WITHOUT_LAUNCH_TEMPLATE: dict[str, tuple[str, int]] = {
    "AL2023_": ("required", 1),
    "AL2_": ("optional", 2),
    "BOTTLEROCKET_": ("required", 2),
}


def defaults_for(ami_type: str | None) -> tuple[str, int] | None:
    """(HttpTokens, hop limit) EKS applies without a launch template, or None when not known."""
    for prefix, options in DEFAULTS_WITHOUT_LAUNCH_TEMPLATE.items():
        if str(ami_type or "").startswith(prefix):
            return options
    return None
