"""The trust-policy matcher and IAM helpers (eks_lint/iam.py), tested once for every identity rule."""

import json
from urllib.parse import quote

import pytest

from eks_lint.eks import iam

HOST = "oidc.eks.eu-west-1.amazonaws.com/id/5C5A1F3B2E9D4A7B8C6D0E1F2A3B4C5D"
OTHER = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
PROVIDER = f"arn:aws:iam::111122223333:oidc-provider/{HOST}"
SUB = "system:serviceaccount:payments:api"


def trust(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def irsa(condition=None, principal=PROVIDER, action=iam.WEB_IDENTITY_ACTION, effect="Allow"):
    statement = {"Effect": effect, "Principal": {"Federated": principal}, "Action": action}
    if condition is not None:
        statement["Condition"] = condition
    return statement


def scoped(sub=SUB, operator="StringEquals", aud="sts.amazonaws.com", host=HOST):
    block = {f"{host}:sub": sub}
    if aud is not None:
        block[f"{host}:aud"] = aud
    return {operator: block}


def verdict(document, sub=SUB, audience="sts.amazonaws.com"):
    return iam.check_web_identity(document, PROVIDER, sub, audience)


# -- helpers ---------------------------------------------------------------------------------


def test_parse_arn_and_role_key_ignore_the_path():
    arn = iam.parse_arn("arn:aws-cn:iam::111122223333:role/team/app")
    assert (arn.partition, arn.service, arn.account, arn.resource_name) == (
        "aws-cn",
        "iam",
        "111122223333",
        "app",
    )
    assert iam.role_key("arn:aws:iam::111122223333:role/team/app") == ("111122223333", "app")
    assert iam.role_key("arn:aws:iam::111122223333:user/app") is None
    assert iam.parse_arn("not-an-arn") is None


def test_oidc_provider_arn_for_the_partition():
    issuer = f"https://{HOST}"
    assert iam.oidc_provider_arn(issuer, "111122223333") == PROVIDER
    assert iam.oidc_provider_arn(issuer + "/", "111122223333", "aws-us-gov").startswith(
        "arn:aws-us-gov:iam::"
    )
    assert iam.provider_host(PROVIDER) == HOST
    assert iam.provider_host("arn:aws:iam::111122223333:role/x") is None
    assert iam.issuer_host(HOST) == HOST


def test_policy_document_accepts_dict_json_and_url_encoded_json():
    document = trust(irsa(scoped()))
    assert iam.policy_document(document) is document
    assert iam.policy_document(json.dumps(document)) == document
    assert iam.policy_document(quote(json.dumps(document))) == document
    assert iam.policy_document("%7Bnot json") is None
    assert verdict(quote(json.dumps(document))).admitted


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("system:serviceaccount:payments:*", SUB, True),
        ("system:serviceaccount:payments:a?i", SUB, True),
        ("system:serviceaccount:payments:a?", SUB, False),
        ("system:serviceaccount:*:api", SUB, True),
        ("*", "", True),
        ("a.b", "axb", False),  # regex characters are literal
        ("SYSTEM:*", SUB, False),  # StringLike is case-sensitive
    ],
)
def test_glob_match(pattern, value, expected):
    assert iam.glob_match(pattern, value) is expected


# -- the matrix the issue asks for -----------------------------------------------------------


def test_string_equals_admits_exactly_that_service_account():
    assert verdict(trust(irsa(scoped()))).admitted
    result = verdict(trust(irsa(scoped())), sub="system:serviceaccount:payments:worker")
    assert not result.admitted and result.part == "sub"
    assert "'system:serviceaccount:payments:api'" in result.reason


def test_string_like_star_and_question_mark():
    star = trust(irsa(scoped("system:serviceaccount:payments:*", "StringLike")))
    assert verdict(star).admitted
    assert verdict(star, sub="system:serviceaccount:payments:anything").admitted
    assert not verdict(star, sub="system:serviceaccount:billing:api").admitted
    question = trust(irsa(scoped("system:serviceaccount:payments:ap?", "StringLike")))
    assert verdict(question).admitted
    assert not verdict(question, sub="system:serviceaccount:payments:apis").admitted


def test_string_equals_does_not_glob():
    document = trust(irsa(scoped("system:serviceaccount:payments:*")))
    result = verdict(document)
    assert not result.admitted and result.part == "sub"


def test_several_statements_any_one_admits():
    document = trust(
        irsa(scoped("system:serviceaccount:billing:api")),
        irsa(scoped(SUB)),
    )
    assert verdict(document).admitted
    assert verdict(document).statement == 1


def test_several_subjects_in_one_condition_are_alternatives():
    document = trust(irsa(scoped(["system:serviceaccount:billing:api", SUB])))
    assert verdict(document).admitted
    assert verdict(document, sub="system:serviceaccount:billing:api").admitted
    assert not verdict(document, sub="system:serviceaccount:other:api").admitted


def test_condition_keys_in_the_wrong_case_still_match():
    block = {f"{HOST.upper()}:SUB": SUB, f"{HOST.lower()}:Aud": "sts.amazonaws.com"}
    assert verdict(trust(irsa({"StringEquals": block}))).admitted


def test_condition_values_keep_their_case_unless_ignore_case():
    upper = SUB.upper()
    assert not verdict(trust(irsa(scoped(upper)))).admitted
    assert verdict(trust(irsa(scoped(upper, "StringEqualsIgnoreCase")))).admitted


def test_for_any_value_prefix_and_if_exists_suffix():
    assert verdict(trust(irsa(scoped(SUB, "ForAnyValue:StringLike")))).admitted
    assert verdict(trust(irsa({"StringEqualsIfExists": {"aws:SourceIp": "10.0.0.1"}, **scoped()}))).admitted


def test_negated_operators():
    assert not verdict(trust(irsa({"StringNotEquals": {f"{HOST}:sub": SUB}}))).admitted
    assert verdict(
        trust(irsa({"StringNotLike": {f"{HOST}:sub": "system:serviceaccount:kube-system:*"}}))
    ).admitted


# -- which part fails ------------------------------------------------------------------------


def test_issuer_of_another_cluster_is_named():
    document = trust(irsa(scoped(host=OTHER), principal=f"arn:aws:iam::111122223333:oidc-provider/{OTHER}"))
    result = verdict(document)
    assert not result.admitted and result.part == "principal"
    assert OTHER in result.reason and "re-created" in result.reason


def test_conditions_left_on_the_old_issuer_are_named():
    result = verdict(trust(irsa(scoped(host=OTHER))))
    assert not result.admitted and result.part == "principal"
    assert OTHER in result.reason


def test_provider_in_another_account():
    other_account = f"arn:aws:iam::444455556666:oidc-provider/{HOST}"
    result = verdict(trust(irsa(scoped(), principal=other_account)))
    assert not result.admitted and "444455556666" in result.reason


def test_federated_principal_list():
    assert verdict(
        trust(irsa(scoped(), principal=["arn:aws:iam::111122223333:saml-provider/x", PROVIDER]))
    ).admitted


def test_wrong_action_and_wildcard_actions():
    result = verdict(trust(irsa(scoped(), action="sts:AssumeRole")))
    assert not result.admitted and result.part == "action" and "sts:AssumeRole" in result.reason
    assert verdict(trust(irsa(scoped(), action="sts:*"))).admitted
    assert verdict(trust(irsa(scoped(), action=["sts:TagSession", "STS:assumerolewithwebidentity"]))).admitted
    assert verdict(trust({**irsa(scoped()), "NotAction": "sts:AssumeRole"} | {"Action": None})).admitted


def test_audience_must_match():
    result = verdict(trust(irsa(scoped(aud="vault"))))
    assert not result.admitted and result.part == "aud"
    assert verdict(trust(irsa(scoped(aud="vault"))), audience="vault").admitted
    assert verdict(trust(irsa(scoped(aud=None)))).admitted  # no aud condition: any audience


def test_deny_and_service_principals_do_not_grant():
    assert not verdict(trust(irsa(scoped(), effect="Deny"))).admitted
    pod_identity = {
        "Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
    }
    result = verdict(trust(pod_identity))
    assert not result.admitted and result.part == "principal"
    assert not verdict({"Version": "2012-10-17"}).admitted


def test_unknown_condition_keys_are_taken_as_satisfied():
    condition = {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, **scoped()}
    assert verdict(trust(irsa(condition))).admitted


# -- breadth -----------------------------------------------------------------------------------


def test_admits_many():
    statement = irsa(scoped("system:serviceaccount:payments:*", "StringLike"))
    assert iam.admits_many(statement, HOST, "payments")
    assert not iam.admits_many(statement, HOST, None)
    assert iam.namespaces_named(statement) == ["payments"]
    anywhere = irsa({"StringEquals": {f"{HOST}:aud": "sts.amazonaws.com"}})
    assert iam.admits_many(anywhere, HOST, None)
    exact = irsa(scoped())
    assert not iam.admits_many(exact, HOST, "payments")
    prefixed = irsa(scoped("system:serviceaccount:payments:api-*", "StringLike"))
    assert not iam.admits_many(prefixed, HOST, "payments")
    # a wildcard narrowed by a second operator on the same key is not broad
    narrowed = irsa({**scoped("system:serviceaccount:*", "StringLike"), "StringEquals": {f"{HOST}:sub": SUB}})
    assert not iam.admits_many(narrowed, HOST, "payments")


def test_admits_many_with_a_custom_audience():
    statement = irsa(scoped("system:serviceaccount:vault:*", "StringLike", aud="vault"))
    assert iam.admits_many(statement, HOST, "vault")


def test_is_web_identity_statement():
    assert iam.is_web_identity_statement(irsa(scoped()))
    assert not iam.is_web_identity_statement(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    assert iam.is_web_identity_statement({"Effect": "Allow", "Principal": "*", "Action": "sts:*"})


# -- inventory helpers -------------------------------------------------------------------------


def test_irsa_users_from_service_accounts_and_addons():
    from eks_lint.engine.inventory import Inventory
    from eks_lint.engine.model import K8sObject

    def sa(namespace, name, annotations):
        return K8sObject(
            {
                "apiVersion": "v1",
                "kind": "ServiceAccount",
                "metadata": {"name": name, "namespace": namespace, "annotations": annotations},
            }
        )

    role = "arn:aws:iam::111122223333:role/x"
    inventory = Inventory(
        parts={
            "addons": [
                {"addonName": "vpc-cni", "serviceAccountRoleArn": role},
                {"addonName": "aws-ebs-csi-driver", "serviceAccountRoleArn": role},
                {"addonName": "unknown-addon", "serviceAccountRoleArn": role},
                {"addonName": "coredns"},
            ],
            "cluster": {
                "arn": "arn:aws-cn:eks:cn-north-1:111122223333:cluster/c",
                "identity": {"oidc": {"issuer": f"https://{HOST}"}},
            },
        }
    )
    inventory.add_objects(
        [
            sa("kube-system", "aws-node", {iam.ROLE_ANNOTATION: role}),
            sa("team", "bad", {iam.ROLE_ANNOTATION: "not-an-arn"}),
            sa("team", "vault", {iam.ROLE_ANNOTATION: role, iam.AUDIENCE_ANNOTATION: "vault"}),
        ]
    )
    users = iam.irsa_users(inventory)
    assert [(u.label, u.sub, u.audience) for u in users] == [
        (
            "ServiceAccount kube-system/aws-node",
            "system:serviceaccount:kube-system:aws-node",
            "sts.amazonaws.com",
        ),
        ("ServiceAccount team/vault", "system:serviceaccount:team:vault", "vault"),
        (
            "add-on aws-ebs-csi-driver (kube-system/ebs-csi-controller-sa)",
            "system:serviceaccount:kube-system:ebs-csi-controller-sa",
            "sts.amazonaws.com",
        ),
        ("add-on unknown-addon (its service account)", None, "sts.amazonaws.com"),
    ]
    assert iam.cluster_identity(inventory) == (HOST, "111122223333", "aws-cn")
    assert iam.cluster_identity(Inventory(parts={"cluster": {"arn": "x"}})) is None


def test_complete_reads_collector_errors():
    from eks_lint.engine.inventory import Inventory

    def errors(*entries):
        return Inventory(errors=[{"operation": e[0], "code": e[1]} for e in entries])

    assert iam.complete(errors(), "addons")
    assert not iam.complete(errors(("eks:DescribeAddon", "AccessDeniedException")), "addons")
    assert iam.complete(errors(("eks:DescribeAddon", "AccessDeniedException")), "pod_identity_associations")
    assert iam.complete(errors(("iam:GetRole", "NoSuchEntity")), "iam_roles")
    assert not iam.complete(errors(("k8s:list daemonsets", "Forbidden")), "k8s:daemonsets")
    assert iam.complete(errors(("k8s:list nodes", "Forbidden")), "k8s:daemonsets")


# -- service principals (Auto Mode cluster role, Pod Identity roles) ----------------------------

BOTH = ("sts:AssumeRole", "sts:TagSession")


def _allow(principal, action, **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


@pytest.mark.parametrize(
    "statements, missing",
    [
        ([_allow({"Service": "pods.eks.amazonaws.com"}, list(BOTH))], []),
        ([_allow({"Service": ["ec2.amazonaws.com", "pods.eks.amazonaws.com"]}, "sts:*")], []),
        ([_allow({"Service": "PODS.eks.amazonaws.com"}, ["STS:AssumeRole", "sts:tagsession"])], []),
        ([_allow("*", list(BOTH))], []),
        ([_allow({"Service": "pods.eks.amazonaws.com"}, "sts:AssumeRole")], ["sts:TagSession"]),
        ([_allow({"Service": "eks.amazonaws.com"}, list(BOTH))], list(BOTH)),
        ([_allow({"AWS": "arn:aws:iam::111122223333:root"}, list(BOTH))], list(BOTH)),
        (
            [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "pods.eks.amazonaws.com"},
                    "NotAction": "sts:TagSession",
                }
            ],
            ["sts:TagSession"],
        ),
        (
            [
                _allow({"Service": "pods.eks.amazonaws.com"}, list(BOTH)),
                {"Effect": "Deny", "Principal": "*", "Action": "sts:TagSession"},
            ],
            ["sts:TagSession"],
        ),
        (
            # a Deny with a condition may not apply: not counted
            [
                _allow({"Service": "pods.eks.amazonaws.com"}, list(BOTH)),
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "sts:TagSession",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
            [],
        ),
        (
            # conditions on keys unknown offline count as met
            [
                _allow(
                    {"Service": "pods.eks.amazonaws.com"},
                    list(BOTH),
                    Condition={"StringEquals": {"aws:SourceAccount": "111122223333"}},
                )
            ],
            [],
        ),
        (
            [
                {
                    "Effect": "Allow",
                    "NotPrincipal": {"Service": "pods.eks.amazonaws.com"},
                    "Action": list(BOTH),
                }
            ],
            list(BOTH),
        ),
    ],
)
def test_service_actions_missing(statements, missing):
    document = {"Version": "2012-10-17", "Statement": statements}
    assert iam.service_actions_missing(document, "pods.eks.amazonaws.com", BOTH) == missing


def test_service_actions_missing_reads_the_url_encoded_text_of_the_raw_api():
    statement = {"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}
    text = quote(json.dumps({"Statement": statement}))
    assert iam.service_actions_missing(text, "eks.amazonaws.com", BOTH) == ["sts:TagSession"]
    assert iam.service_actions_missing(None, "eks.amazonaws.com", BOTH) == list(BOTH)


ROLE = "arn:aws:iam::111122223333:role/pod-identity"


@pytest.mark.parametrize(
    "statement, context, missing",
    [
        (_allow({"AWS": ROLE}, list(BOTH)), None, []),
        (_allow({"AWS": "arn:aws:iam::111122223333:root"}, list(BOTH)), None, []),
        (_allow({"AWS": ["444455556666", "111122223333"]}, list(BOTH)), None, []),
        (_allow({"AWS": "*"}, list(BOTH)), None, []),
        (_allow({"AWS": "arn:aws:iam::111122223333:role/other"}, list(BOTH)), None, list(BOTH)),
        (_allow({"AWS": "arn:aws:iam::444455556666:root"}, list(BOTH)), None, list(BOTH)),
        (_allow({"Service": "pods.eks.amazonaws.com"}, list(BOTH)), None, list(BOTH)),
        (
            _allow({"AWS": ROLE}, list(BOTH), Condition={"StringEquals": {"sts:ExternalId": "a/b"}}),
            {"sts:ExternalId": "a/b"},
            [],
        ),
        (
            _allow({"AWS": ROLE}, list(BOTH), Condition={"StringEquals": {"sts:ExternalId": "a/b"}}),
            {"sts:ExternalId": "a/c"},
            list(BOTH),
        ),
        # no external ID known: the condition cannot be judged and counts as met
        (_allow({"AWS": ROLE}, list(BOTH), Condition={"StringEquals": {"sts:ExternalId": "a/b"}}), None, []),
    ],
)
def test_role_actions_missing(statement, context, missing):
    document = {"Version": "2012-10-17", "Statement": [statement]}
    assert iam.role_actions_missing(document, ROLE, BOTH, context) == missing
