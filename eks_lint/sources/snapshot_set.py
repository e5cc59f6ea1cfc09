"""Where a fleet's snapshots are: files, folders (recursive) and S3 prefixes.

``eks-lint collect`` writes one snapshot per cluster, ``DIR/<account>/<region>/<cluster>.json``
(to a folder or an S3 prefix). Checking hundreds of them must not hold them
all at once: ``expand`` lists them (cheap: names only), in a sorted order so
two runs over the same snapshots report the same way, and each
``SnapshotRef.load()`` reads one when its turn comes.

A snapshot found in a folder or under a prefix that cannot be read is not
fatal: the caller reports it and goes on with the others. A file named on the
command line is the user's own pick, and a mistake in it stays an error
(exit 2). S3 is read with ListObjectsV2 and GetObject only; boto3 is imported
only when an ``s3://`` location is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from eks_lint.engine.errors import EksLintError
from eks_lint.engine.files import too_big
from eks_lint.sources.snapshot import MAX_SNAPSHOT_BYTES, Snapshot, load_snapshot, parse_snapshot

S3_SCHEME = "s3://"


class SnapshotRef:
    """One snapshot to read: a path or ``s3://bucket/key``, and how to read it."""

    __slots__ = ("name", "in_set", "_read")

    def __init__(self, name: str, in_set: bool, read: Callable[[], Snapshot]) -> None:
        self.name = name
        #: Found in a folder or under an S3 prefix: a failure to read it is
        #: reported and the run goes on.
        self.in_set = in_set
        self._read = read

    def load(self) -> Snapshot:
        return self._read()

    def __repr__(self) -> str:
        return f"SnapshotRef({self.name!r})"


def expand(locations: list[str], s3_client: Callable[[], Any] | None = None) -> list[SnapshotRef]:
    """Every snapshot the ``--snapshot`` locations name, in order; folders and
    prefixes sorted by path. ``s3_client`` makes the S3 client (once, on first use)."""
    refs: list[SnapshotRef] = []
    client: list[Any] = []

    def get_client() -> Any:
        if not client:
            if s3_client is None:
                raise EksLintError("an s3:// snapshot location needs AWS credentials")
            client.append(s3_client())
        return client[0]

    for location in locations:
        if location.startswith(S3_SCHEME):
            refs.extend(_s3_refs(location, get_client))
        elif location != "-" and os.path.isdir(location):
            refs.extend(_folder_refs(location))
        else:
            refs.append(SnapshotRef(location, False, lambda path=location: load_snapshot(path)))
    return refs


def _folder_refs(folder: str) -> list[SnapshotRef]:
    """``*.json`` files under ``folder``, recursively, sorted by path (hidden folders left out)."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(os.path.join(root, name) for name in files if name.lower().endswith(".json"))
    if not found:
        raise EksLintError(f"--snapshot {folder}: no .json snapshot file in this folder or below it")
    return [SnapshotRef(path, True, lambda path=path: load_snapshot(path)) for path in sorted(found)]


def split_s3(location: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix/`` -> ``("bucket", "some/prefix/")``."""
    bucket, _, prefix = location[len(S3_SCHEME) :].partition("/")
    if not bucket:
        raise EksLintError(f"--snapshot {location}: no bucket name; write s3://BUCKET/PREFIX/")
    return bucket, prefix


def _s3_refs(location: str, client: Callable[[], Any]) -> list[SnapshotRef]:
    """The ``.json`` objects under the prefix, in key order (ListObjectsV2's own order)."""
    from botocore.exceptions import BotoCoreError, ClientError

    bucket, prefix = split_s3(location)
    keys: list[str] = []
    try:
        for page in client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            keys.extend(
                item["Key"] for item in page.get("Contents", ()) if item["Key"].lower().endswith(".json")
            )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        raise EksLintError(
            f"--snapshot {location}: cannot list the objects (s3:ListObjectsV2: {code})"
        ) from None
    except BotoCoreError as error:
        raise EksLintError(f"--snapshot {location}: cannot list the objects ({error})") from None
    if not keys:
        raise EksLintError(f"--snapshot {location}: no .json snapshot object under this prefix")
    return [
        SnapshotRef(f"{S3_SCHEME}{bucket}/{key}", True, lambda key=key: _s3_snapshot(client(), bucket, key))
        for key in sorted(keys)
    ]


def _s3_snapshot(client: Any, bucket: str, key: str) -> Snapshot:
    from botocore.exceptions import BotoCoreError, ClientError

    name = f"{S3_SCHEME}{bucket}/{key}"
    try:
        response = client.get_object(Bucket=bucket, Key=key)
        size = int(response.get("ContentLength") or 0)
        if size > MAX_SNAPSHOT_BYTES:
            response["Body"].close()
            raise EksLintError(f"{name}: {too_big(size, MAX_SNAPSHOT_BYTES)}")
        body = response["Body"].read(MAX_SNAPSHOT_BYTES + 1)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "error")
        raise EksLintError(f"{name}: cannot read it (s3:GetObject: {code})") from None
    except BotoCoreError as error:
        raise EksLintError(f"{name}: cannot read it ({error})") from None
    if len(body) > MAX_SNAPSHOT_BYTES:
        raise EksLintError(f"{name}: {too_big(len(body), MAX_SNAPSHOT_BYTES, at_least=True)}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise EksLintError(f"{name}: not UTF-8 text, so not a JSON snapshot") from None
    return parse_snapshot(text, name)
