from identity_fixtures import findings, fixture_problems, summary

RULE = "imds-reachable-from-pods"
NG = "arn:aws:eks:eu-west-1:111122223333:nodegroup/shop/{}/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
ASG = (
    "arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d:"
    "autoScalingGroupName/shop-self-managed"
)


def test_fixtures_use_real_api_shapes():
    assert fixture_problems(RULE) == {}


def test_imdsv1_and_hop_limits():
    found = findings(RULE, "bad.json")
    assert summary(found) == [
        (RULE, ASG, "LaunchTemplate"),
        (RULE, NG.format("al2-default"), "amiType"),
        (RULE, NG.format("bottlerocket-default"), "amiType"),
        (RULE, NG.format("hop-two"), "launchTemplate"),
        (RULE, NG.format("v1-allowed"), "launchTemplate"),
    ]
    messages = [f["message"] for f in found]
    # $Latest resolves to version 2 of the self-managed group's template
    assert messages[0].startswith(
        "launch template shop-self version 2 (Auto Scaling group shop-self-managed) allows IMDSv1 "
        "(HttpTokens optional) and has HttpPutResponseHopLimit 3 (above 1)"
    )
    assert messages[1] == (
        "the launch template EKS generates for amiType AL2_x86_64 allows IMDSv1 (HttpTokens optional) "
        "and has HttpPutResponseHopLimit 2 (above 1), so pods can take the node role's credentials: create "
        "a replacement node group with a launch template that has HttpTokens required and "
        "HttpPutResponseHopLimit 1 (a node group created without one cannot be given one)"
    )
    assert "BOTTLEROCKET_x86_64 has HttpPutResponseHopLimit 2" in messages[2]
    assert messages[3].endswith(
        "set HttpPutResponseHopLimit 1 in a new launch template version and update the node group to it"
    )
    # the node group's version 4 allows IMDSv1 even though version 3 did not
    assert messages[4].startswith("launch template shop-v1 version 4 allows IMDSv1 (HttpTokens optional), so")
    assert {f["severity"] for f in found} == {"warning"}


def test_good_fixture_is_clean():
    # AL2023 defaults, Windows (unknown defaults), IMDSv2 with hop limit 1, IMDS disabled, a template
    # without MetadataOptions, a version the snapshot lacks, an ASG on $Default, an EKS-managed ASG
    assert findings(RULE, "good.json") == []


def test_max_hop_limit_option(tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text("rules:\n  imds-reachable-from-pods:\n    options: {max-hop-limit: 2}\n")
    found = findings(RULE, "bad.json", "--config", str(config))
    assert [f["resource"]["id"] for f in found] == ["shop-self-managed", "al2-default", "v1-allowed"]
