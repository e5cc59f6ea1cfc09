"""eks_lint.eks.aws_auth: the ConfigMap read the way aws-iam-authenticator reads it."""

from eks_lint.eks.aws_auth import aws_auth_configmaps, parse
from eks_lint.engine.inventory import Inventory
from eks_lint.engine.model import K8sObject


def configmap(data, name="aws-auth", namespace="kube-system"):
    return K8sObject(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": namespace},
            "data": data,
        }
    )


def test_only_kube_system_aws_auth_is_the_authenticators():
    inventory = Inventory(
        objects=[configmap({}), configmap({}, namespace="default"), configmap({}, name="other")]
    )
    assert [obj.namespace for obj in aws_auth_configmaps(inventory)] == ["kube-system"]


def test_keys_match_case_insensitively_and_arns_and_groups_are_read():
    parsed = parse(
        configmap(
            {
                "mapRoles": "- RoleArn: arn:aws:iam::111122223333:role/a\n  UserName: a\n  Groups: [x, y]\n",
                "mapUsers": "- userarn: arn:aws:iam::111122223333:user/b\n  username: b\n",
                "mapAccounts": "- '111122223333'\n",
            }
        )
    )
    assert parsed.problems == []
    assert [(m.section, m.arn, m.groups) for m in parsed.mappings] == [
        ("mapRoles", "arn:aws:iam::111122223333:role/a", ["x", "y"]),
        ("mapUsers", "arn:aws:iam::111122223333:user/b", []),
    ]


def test_empty_and_skippable_sections_are_fine():
    for text in ("", "  ", "``", '""', "[]"):
        assert parse(configmap({"mapRoles": text})).problems == []
    assert parse(configmap(None)).problems == []


def test_a_bad_entry_drops_the_whole_section_like_go_json():
    parsed = parse(
        configmap({"mapRoles": "- rolearn: arn:aws:iam::111122223333:role/a\n  groups: admins\n- junk\n"})
    )
    assert parsed.mappings == []
    assert parsed.problems == [
        (
            "mapRoles",
            "mapRoles entry 1 has groups that is not a list, so the authenticator drops every mapping "
            "in mapRoles",
            (0, 2),
        )
    ]


def test_structural_problems():
    assert parse(configmap({"mapRoles": "rolearn: x"})).problems == [
        ("mapRoles", "mapRoles is not a YAML list, so the authenticator drops all of it", (0, 0))
    ]
    assert parse(configmap({"mapAccounts": "- {a: 1}"})).problems[0][0] == "mapAccounts"
    assert parse(configmap(["not", "a", "map"])).problems == [("data", "data is not a map of strings", None)]
    (problem,) = parse(configmap({"mapUsers": "- username: b\n  groups: []\n"})).problems
    assert problem == ("mapUsers", "mapUsers entry 1 has no userarn, so it maps nothing", (0, 2))


def test_entries_and_keys_know_their_line_and_column_in_the_text():
    text = "- rolearn: arn:aws:iam::111122223333:role/a\n  username: a\n  groups:\n    - x\n"
    (mapping,) = parse(configmap({"mapRoles": text})).mappings
    assert mapping.line == (0, 2)
    assert mapping.key_lines == {"rolearn": (0, 2), "username": (1, 2), "groups": (2, 2)}
