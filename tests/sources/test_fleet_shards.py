"""Four shards in four processes read together exactly what one run reads.

One moto server on 127.0.0.1 holds an Organization of 10 accounts x 3
regions (200 clusters); every ``eks-lint`` below is a separate process
reaching it through ``AWS_ENDPOINT_URL``, as separate machines would reach
AWS: ``targets --organization``, one ``collect --targets``, then four
``collect --targets --shard I/4`` at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fleet_world import REGIONS, ROLE_NAME, build_fleet
from helpers import FIXTURES

SELECT = ("--config", str(FIXTURES / "empty-config.yaml"), "--select", "public-endpoint-open")


@pytest.fixture
def moto_server(aws_env):
    import urllib.request

    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"), timeout=30).close()
    yield url
    server.stop()


def eks_lint(url: str, *args: str) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=url,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="eu-west-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "eks_lint", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=240)
    return process.returncode, out, err


def comparable(folder: Path) -> dict[str, dict]:
    files = {}
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("collected_at")
        files[str(path.relative_to(folder))] = data
    return files


def test_four_shard_processes_equal_one_run(moto_server, tmp_path):
    import boto3

    world = build_fleet(boto3.Session(region_name="eu-west-1"), endpoint_url=moto_server)
    targets = tmp_path / "targets.jsonl"
    code, _, err = finish(
        eks_lint(
            moto_server,
            "targets",
            "--organization",
            "--role-name",
            ROLE_NAME,
            "--regions",
            ",".join(REGIONS),
            "-o",
            str(targets),
        )
    )
    assert code == 0, err
    assert len(targets.read_text().splitlines()) == 200

    # The single run and the four shards run at once: five processes, one moto.
    single = eks_lint(moto_server, "collect", "--targets", str(targets), "-o", str(tmp_path / "one"), *SELECT)
    shards = [
        eks_lint(
            moto_server,
            "collect",
            "--targets",
            str(targets),
            "--shard",
            f"{i}/4",
            "-o",
            str(tmp_path / "four"),
            *SELECT,
        )
        for i in range(4)
    ]
    code, _, err = finish(single)
    assert code == 0, err
    results = [finish(process) for process in shards]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], [err for _, _, err in results]

    one, four = comparable(tmp_path / "one"), comparable(tmp_path / "four")
    assert sorted(one) == [f"{a}/{r}/{c}.json" for a, r, c in world.clusters]
    assert four == one  # the same 200 snapshots, byte for byte but the collection time
    written = [int(err.split("eks-lint: ", 1)[1].split("/", 1)[0]) for _, _, err in results]
    assert sum(written) == 200 and all(0 < n < 200 for n in written)  # disjoint shares of the fleet
    assert sorted(p.name for p in (tmp_path / "four").glob("_failures*")) == [
        f"_failures.shard-{i}-of-4.jsonl" for i in range(4)
    ]
