"""The rule engine: the rule contract, the inventory, discovery, running rules,
configuration, suppression, baselines and locations. Nothing EKS-specific.
Rule authors use it through ``eks_lint.rule``."""
