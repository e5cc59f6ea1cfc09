"""eks-lint: production-readiness linter for AWS EKS."""

__version__ = "0.1.0"
