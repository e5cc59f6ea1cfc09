"""A fleet of snapshots for the fleet tests, as ``collect -o DIR`` lays them out.

Each is ``fixtures/snapshots/healthy.json`` (a real collector's shapes) moved to
another account, region and cluster name, with a few settings varied by index
so that the fleet has findings to count: every 5th cluster logs nothing to
CloudWatch, every 11th has its public endpoint open to the Internet, every 2nd
runs 1.34 instead of 1.33 (its node groups stay on 1.33, as after a control
plane upgrade), and every 13th records a denied read (eks:DescribeAddon), as
the collector does when a role lacks a permission.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import SNAPSHOTS

TEMPLATE = (SNAPSHOTS / "healthy.json").read_text(encoding="utf-8")
ACCOUNT, REGION, NAME = "111122223333", "eu-west-1", "prod"
ACCOUNTS = tuple(f"{210000000000 + 1_000_003 * i:012d}" for i in range(10))
REGIONS = ("eu-west-1", "us-east-1", "ap-southeast-2")
#: ``prod`` where it is the cluster's name: in ARNs, tags, role names.
_NAME = re.compile(r'(?<=[/"])prod(?=[/"-])')


def where(index: int) -> tuple[str, str, str]:
    """Account, region and cluster name of the fleet's cluster number ``index``."""
    return ACCOUNTS[index % len(ACCOUNTS)], REGIONS[(index // len(ACCOUNTS)) % len(REGIONS)], f"c{index:03d}"


def config_maps(count: int) -> list[dict]:
    """Application ConfigMaps (no rule reads them): bulk, as a real cluster's objects are."""
    return [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {
                "name": f"settings-{k}",
                "namespace": "apps",
                "uid": f"5e1f0a3c-0000-4000-8000-{k:012d}",
            },
            "data": {"settings.json": json.dumps({"feature": f"flag-{k}", "rules": ["allow"] * 60})},
        }
        for k in range(count)
    ]


def snapshot(index: int, padding: int = 0) -> dict:
    account, region, name = where(index)
    text = TEMPLATE.replace(ACCOUNT, account).replace(REGION, region)
    data = json.loads(_NAME.sub(name, text))
    cluster = data["cluster"]
    if index % 2:
        cluster["version"] = "1.34"
    if index % 5 == 0:
        cluster["logging"]["clusterLogging"][0]["enabled"] = False
    if index % 11 == 0:
        cluster["resourcesVpcConfig"]["publicAccessCidrs"] = ["0.0.0.0/0"]
    if index % 13 == 0:
        data["errors"] = [
            {
                "operation": "eks:DescribeAddon",
                "target": "vpc-cni",
                "code": "AccessDeniedException",
                "message": "User is not authorized to perform: eks:DescribeAddon",
            }
        ]
    data["kubernetes"].extend(config_maps(padding))
    return data


def relative_path(index: int) -> str:
    account, region, name = where(index)
    return f"{account}/{region}/{name}.json"


def write_fleet(root: Path, count: int, shards: int = 1, padding: int = 0) -> list[Path]:
    """Write ``count`` snapshots under ``root`` (``root/shard-K/...`` with ``shards`` > 1,
    cluster ``i`` in shard ``i % shards``), each with ``padding`` more ConfigMaps;
    returns the folders written."""
    folders = [root / f"shard-{k}" for k in range(shards)] if shards > 1 else [root]
    for index in range(count):
        path = folders[index % shards] / relative_path(index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(snapshot(index, padding), indent=1), encoding="utf-8")
    return folders
