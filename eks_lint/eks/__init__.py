"""What we know about EKS and Kubernetes objects, shared by rules and tested once:
trust policies, IP arithmetic, node capacity, add-on versions and skew, cluster and
node-group readers, Fargate selection, load balancers, aws-auth, workload relations
and the upgrade model."""
