"""A manifest file that could not be read as YAML or JSON.

## What it checks
Every file given to eks-lint is parsed; a file that is malformed YAML, binary
data, not UTF-8, larger than the size limit, or built to explode when read
(an alias bomb, absurd nesting) is reported here at the file, line and
column where reading stopped. So is what a folder holds but is not a regular
file (a FIFO, a device, a symbolic link loop or a dangling link, a file deleted
while eks-lint ran), and a mapping key given twice, at the second one (the
objects are still checked, with the last value, as most tools read them).
An eksctl `ClusterConfig` with a value of the wrong type for eksctl
(`minSize: two`) is reported here too, at that value; the cluster it declares
is not checked. The other files are still linted.

## Why it matters on EKS
`kubectl apply` and GitOps controllers (Flux, Argo CD) reject the whole file,
so nothing in it reaches the cluster; in a pipeline that only logs the error,
the change silently never ships. `eksctl create cluster -f` refuses a config
whose values do not fit its types (`Error: loading config file "cluster.yaml":
... ReadString: expects " or n, but found 1` for `version: 1.22`,
https://github.com/eksctl-io/eksctl/issues/5556), so nothing in it is created.
kubectl 1.21 and later reject a duplicate key
(`mapping key "spec" already defined`), while kustomize and other tools keep
the last value silently, so the first one is lost without a word.

## How to fix
Fix the syntax at the reported position (`yamllint` gives more detail on
style). Helm chart templates are skipped automatically; check the chart with
`--helm CHART_DIR` (or pipe `helm template` output in). Keep one of two duplicate keys
(the YAML spec requires keys to be unique), and keep only regular files where
eks-lint looks.

## Example
```
deploy/app.yaml:7:3: error EKS000 invalid-yaml: malformed YAML: mapping values are not allowed here
```
"""

from __future__ import annotations

from collections.abc import Iterator

from eks_lint.rule import FileTarget, Finding, Inventory, Location, Rule

RULE = Rule(
    code="EKS000",
    name="invalid-yaml",
    severity="error",
    summary="A manifest file is not valid YAML/JSON, or is hostile input; nothing in it was checked.",
    source="https://yaml.org/spec/1.2.2/#mapping",
)


def check(inventory: Inventory, options: dict) -> Iterator[Finding]:
    for problem in inventory.settings.get("load_problems", ()):
        yield Finding(
            target=FileTarget(problem.file),
            message=problem.message,
            location=Location(problem.file, problem.line, problem.column),
        )
