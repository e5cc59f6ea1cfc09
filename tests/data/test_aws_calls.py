"""The call table against botocore's own service models: every method is a real
read-only operation, paginated exactly where botocore has a paginator."""

from __future__ import annotations

import boto3
import pytest

from eks_lint.data.aws_calls import CALLS, OPERATION_PARTS
from eks_lint.engine.model import INVENTORY_PARTS

READ_ONLY_PREFIXES = ("Describe", "List", "Get")


@pytest.fixture(scope="module")
def clients():
    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="eu-west-1")
    return {service: session.client(service) for service in {call.service for call in CALLS}}


@pytest.mark.parametrize("call", CALLS, ids=[call.action for call in CALLS])
def test_each_call_is_a_read_only_operation_of_its_service(call, clients):
    client = clients[call.service]
    model = client.meta.service_model
    operation = call.action.split(":", 1)[1]
    assert operation in model.operation_names
    if call.group == "write":
        assert call.action == "s3:PutObject"  # the one write, only to the user's s3:// prefix
    elif call.action != "sts:AssumeRole":  # reads nothing, changes nothing: mints credentials
        assert operation.startswith(READ_ONLY_PREFIXES)
    assert call.group in ("collect", "discovery", "write")
    assert call.needs_permission or call.action == "sts:GetCallerIdentity"
    assert client.meta.method_to_api_mapping[call.method] == operation
    assert call.action.split(":", 1)[0] == model.signing_name
    assert client.can_paginate(call.method) == call.paginated
    assert call.part is None or call.part in INVENTORY_PARTS


def test_every_part_but_kubernetes_has_a_call_that_fills_it():
    assert set(OPERATION_PARTS.values()) == INVENTORY_PARTS - {"kubernetes"}


def test_the_discovery_and_write_groups():
    groups = {call.action: call.group for call in CALLS if call.group != "collect"}
    assert groups == {
        "eks:ListClusters": "discovery",
        "sts:GetCallerIdentity": "discovery",
        "organizations:ListAccounts": "discovery",
        "sts:AssumeRole": "discovery",
        "ec2:DescribeRegions": "discovery",
        "s3:PutObject": "write",
    }
    assert all(call.part is None for call in CALLS if call.group != "collect")
