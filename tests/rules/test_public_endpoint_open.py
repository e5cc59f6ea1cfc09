from helpers import SNAPSHOTS, by_resource, lint, run_rule

from eks_lint.engine.inventory import Inventory

FIXTURES = SNAPSHOTS / "public-endpoint-open"
CLUSTER = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


def check(name):
    return lint(
        "--select", "public-endpoint-open", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_open_public_endpoint_is_reported_on_the_cluster():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("public-endpoint-open", CLUSTER)]
    finding = outcome.findings[0]
    assert finding["severity"] == "warning"
    assert finding["path"] == "resourcesVpcConfig.publicAccessCidrs"
    assert "accepts 0.0.0.0/0 (private endpoint off)" in finding["message"]


def test_restricted_or_private_endpoints_are_clean():
    assert check("good.json").findings == []
    assert check("good-private.json").findings == []


def test_an_empty_cidr_list_means_open_to_the_world_and_no_list_is_not_judged():
    """DescribeCluster always returns publicAccessCidrs; an empty list is what EKS
    reads as 0.0.0.0/0. No list at all is a value not known yet (a Terraform plan
    setting it from something known only after apply): not judged."""
    cluster = {
        "name": "prod",
        "resourcesVpcConfig": {
            "endpointPublicAccess": True,
            "endpointPrivateAccess": True,
            "publicAccessCidrs": [],
        },
    }
    result = run_rule("public-endpoint-open", Inventory(parts={"cluster": cluster}))
    assert [f.message.split(":")[0] for f in result.findings] == [
        "the public API endpoint accepts 0.0.0.0/0 (private endpoint on)"
    ]
    del cluster["resourcesVpcConfig"]["publicAccessCidrs"]
    assert run_rule("public-endpoint-open", Inventory(parts={"cluster": cluster})).findings == []
