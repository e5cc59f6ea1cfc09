"""Values of the wrong type are checked at the boundary (a usage error naming
the path) or skipped by the shared helpers; never a rule crash or a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from helpers import FIXTURES, cli, lint

CONFIG = str(FIXTURES / "empty-config.yaml")
PLAN = json.loads((FIXTURES / "terraform" / "plain-resources.plan.json").read_text())


def _check(*args: str):
    # a day before the built-in tables go stale: stderr holds only the error checked
    return cli("check", "--config", CONFIG, "--today", "2026-10-30", *args)


def _set_everywhere(module: dict, key: str, value) -> int:
    count = 0
    for resource in module.get("resources", []):
        values = resource.get("values") or {}
        if key in values:
            values[key] = value
            count += 1
        for nested in values.values():
            for block in nested if isinstance(nested, list) else []:
                if isinstance(block, dict) and key in block:
                    block[key] = value
                    count += 1
    return count + sum(_set_everywhere(child, key, value) for child in module.get("child_modules", []))


def test_plan_whose_root_module_is_not_an_object(tmp_path):
    plan = copy.deepcopy(PLAN)
    plan["planned_values"]["root_module"] = "x"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    done = _check("--terraform-plan", str(path))
    assert (done.code, done.stderr) == (
        2,
        f"eks-lint: {path}: not a Terraform plan eks-lint can read (1 problem):\n"
        "  $.planned_values.root_module: 'x' is not of type 'object'\n",
    )


def test_plan_values_of_the_wrong_type_name_the_api_field(tmp_path):
    cases = {
        "ami_type": ([], "  $.nodegroups[0].amiType: [] is not of type 'string'\n"),
        "public_access_cidrs": (
            1,
            "  $.cluster.resourcesVpcConfig.publicAccessCidrs: 1 is not of type 'array'\n",
        ),
    }
    for key, (value, line) in cases.items():
        plan = copy.deepcopy(PLAN)
        assert _set_everywhere(plan["planned_values"]["root_module"], key, value) == 1
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps(plan))
        done = _check("--terraform-plan", str(path))
        assert done.code == 2, key
        assert done.stderr == (
            f"eks-lint: {path}: values of the wrong type (named by their AWS API fields) (1 problem):\n"
            + line
        )


def _bad_eksctl_config(tmp_path):
    text = (FIXTURES / "eksctl" / "cluster.yaml").read_text()
    assert text.count("minSize: 3") == 1 and text.count("desiredCapacity: 1\n") == 1
    text = text.replace("minSize: 3", "minSize: two").replace(
        "desiredCapacity: 1\n", "desiredCapacity: [1]\n"
    )
    path = tmp_path / "cluster.yaml"
    path.write_text(text)
    return path


def _error(line: int, column: int, field: str, message: str) -> tuple[str, int, int, str]:
    return (
        "cluster.yaml",
        line,
        column,
        f"eksctl ClusterConfig 'shop': $.{field}: {message}; "
        "eksctl rejects it, and the cluster it declares was not checked",
    )


#: A scalar is located at its value, a list at its key (as every finding is).
BAD_VALUES = [
    _error(31, 14, "managedNodeGroups[0].minSize", "'two' is not of type 'integer'"),
    _error(44, 5, "nodeGroups[0].desiredCapacity", "[1] is not of type 'integer'"),
]


def test_eksctl_config_with_values_eksctl_rejects_is_an_error_at_each_value(tmp_path):
    """Not a usage error that stops the run: an invalid-yaml error at each bad
    value, exit 1 (it fails the gate), and no cluster rule judges the config."""
    _bad_eksctl_config(tmp_path)
    done = lint("--today", "2026-10-30", "--config", CONFIG, str(tmp_path))
    assert done.code == 1, done.stderr
    located = [
        (Path(f["location"]["file"]).name, f["location"]["line"], f["location"]["column"], f["message"])
        for f in done.findings
    ]
    assert located == BAD_VALUES
    assert {f["name"] for f in done.findings} == {"invalid-yaml"}
    assert "clusters" not in done.report["summary"]  # the config was not adapted into a cluster


def test_a_bad_eksctl_config_among_manifests_leaves_the_rest_of_the_run_going(tmp_path):
    _bad_eksctl_config(tmp_path)
    (tmp_path / "pdb.yaml").write_text((FIXTURES / "manifests" / "pdb-blocks-drain" / "bad.yaml").read_text())
    alone = lint("--today", "2026-10-30", "--config", CONFIG, str(tmp_path / "pdb.yaml"))
    done = lint("--today", "2026-10-30", "--config", CONFIG, str(tmp_path))
    assert done.code == 1, done.stderr
    bad = [
        (Path(f["location"]["file"]).name, f["location"]["line"], f["location"]["column"], f["message"])
        for f in done.findings
        if f["location"]["file"].endswith("cluster.yaml")
    ]
    assert bad == BAD_VALUES
    # Every finding of the manifests beside it is still there, as when linted alone.
    others = [
        (f["name"], f["location"]["line"])
        for f in done.findings
        if f["location"]["file"].endswith("pdb.yaml")
    ]
    assert others == [(f["name"], f["location"]["line"]) for f in alone.findings]
    assert any(name == "pdb-blocks-drain" for name, _ in others)


def test_a_good_eksctl_config_is_still_judged_as_a_cluster(tmp_path):
    path = tmp_path / "cluster.yaml"
    path.write_text((FIXTURES / "eksctl" / "cluster.yaml").read_text())
    done = lint("--today", "2026-10-30", "--config", CONFIG, str(tmp_path))
    assert "invalid-yaml" not in {f["name"] for f in done.findings}
    assert done.report["summary"].get("clusters"), done.report["summary"]


ODD = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: n}
spec:
  replicas: 1
  template:
    spec:
      volumes: 1.5
      containers:
      - name: c
        image: i:1
        env: 5
        command: run
        args: [--x]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h, namespace: n}
spec:
  scaleTargetRef: {kind: {}, name: d, apiVersion: apps/v1}
  minReplicas: 1
  maxReplicas: 3
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds, namespace: n}
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: 3}]}
      volumes: [1, {name: v, hostPath: 5}, {name: s, hostPath: {path: /var/run/docker.sock}}]
      containers: [{name: c, image: 'i:1', env: [5, {name: 3, value: 4}], envFrom: x}]
"""


def test_odd_types_in_pod_specs_do_not_crash_rules(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text(ODD)
    outcome = lint(str(path))
    assert outcome.stderr == ""
    names = [f["name"] for f in outcome.findings]
    assert "internal-error" not in names
    # the checks still run: the docker socket beside the odd volumes is found (the
    # HPA naming an odd kind crashed nothing: no internal-error above)
    found = {(f["name"], f["location"]["line"]) for f in outcome.findings}
    assert ("docker-socket-mount", 33) in found


def test_plan_whose_provider_config_is_not_an_object(tmp_path):
    """Found by the property tests: the region was read from a provider_config of any type."""
    plan = copy.deepcopy(PLAN)
    plan.setdefault("configuration", {})["provider_config"] = {"aws": 7}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    done = _check("--terraform-plan", str(path))
    assert (done.code, done.stderr) == (
        2,
        f"eks-lint: {path}: not a Terraform plan eks-lint can read (1 problem):\n"
        "  $.configuration.provider_config.aws: 7 is not of type 'object'\n",
    )


#: Fields rules and eks/* helpers read that the snapshot schema now types (their
#: botocore shapes): a value of another type is exit 2 naming the field. Before,
#: a number for NetworkInterfaces[].Groups crashed multiple-cluster-tagged-security-groups
#: and the others were judged as if the value were of the right type.
NEWLY_TYPED = [
    ("healthy.json", ("launch_template_versions", 0, "LaunchTemplateData", "SecurityGroupIds"), 3),
    ("multiple-cluster-tagged-security-groups/bad.json", ("launch_template_versions", 2, "LaunchTemplateData", "NetworkInterfaces", 0, "Groups"), 3),  # noqa: E501
    ("asg-autoscaler-tags-missing/snapshot-good.json", ("auto_scaling_groups", 0, "MixedInstancesPolicy", "LaunchTemplate", "Overrides"), 3),  # noqa: E501
    ("healthy.json", ("instance_types", 0, "NetworkInfo", "NetworkCards", 0, "NetworkCardIndex"), "0"),
    ("al2-ami-end-of-life/bad.json", ("nodegroups", 0, "updateConfig", "maxUnavailable"), "1"),
    ("asg-autoscaler-tags-missing/snapshot-good.json", ("cluster", "encryptionConfig", 0, "resources"), 3),
]  # fmt: skip


def test_newly_typed_snapshot_fields_are_usage_errors_naming_the_field(tmp_path):
    from helpers import SNAPSHOTS

    from eks_lint.sources.snapshot import json_path

    for file, path, wrong in NEWLY_TYPED:
        data = json.loads((SNAPSHOTS / file).read_text())
        node = data
        for part in path[:-1]:
            node = node[part]
        assert path[-1] in node, (file, path)  # the fixture has the field: the test can fail
        node[path[-1]] = wrong
        target = tmp_path / "snap.json"
        target.write_text(json.dumps(data))
        done = _check("--snapshot", str(target))
        assert done.code == 2, (path, done.stderr)
        assert f"  {json_path(path)}: {json.dumps(wrong)} is not of type" in done.stderr.replace("'", '"'), (
            path,
            done.stderr,
        )
