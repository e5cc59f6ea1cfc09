from helpers import SNAPSHOTS, by_resource, lint

FIXTURES = SNAPSHOTS / "fargate-public-subnet"
PROFILE = (
    "arn:aws:eks:eu-west-1:111122223333:fargateprofile/prod/serverless/9ac7b1d4-2e3f-4c21-8b5a-1f0e2d3c4b5a"
)


def check(name):
    return lint(
        "--select", "fargate-public-subnet", "--snapshot", str(FIXTURES / name), "--today", "2026-11-24"
    )


def test_public_subnets_are_reported_with_the_reason():
    outcome = check("bad.json")
    assert by_resource(outcome.findings) == [("fargate-public-subnet", PROFILE)] * 2
    mapped, tagged = outcome.findings
    assert mapped["path"] == "subnets[1]" and tagged["path"] == "subnets[2]"
    assert "uses subnet-0e5f7a9b1c3d64825, which is public (MapPublicIpOnLaunch is true)" in mapped["message"]
    assert "(it is tagged kubernetes.io/role/elb=1 for internet-facing load balancers)" in tagged["message"]


def test_private_subnets_are_clean():
    assert check("good.json").findings == []
