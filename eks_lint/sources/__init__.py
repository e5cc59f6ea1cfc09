"""Sources turn an input (manifests, a snapshot, live AWS, live Kubernetes) into an Inventory."""
