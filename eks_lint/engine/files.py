"""Read one regular file, bounded, never blocking.

Every input file (manifests, the config, a snapshot, a Terraform plan, a
kubeconfig) is read here, because ``open().read()`` on what a folder or a
command line happens to hold can hang (a FIFO waits for a writer for ever) or
exhaust memory (``/dev/zero`` never ends, and a file can grow after its size
was checked). So: stat first and accept only a regular file under the size
limit, open without blocking, check again that what was opened is that
regular file, and read at most ``limit + 1`` bytes whatever the file claims.
"""

from __future__ import annotations

import errno
import os
import stat

from eks_lint.engine.errors import EksLintError

_CHUNK = 1 << 20


class FileProblem(EksLintError):
    """A path that is not a readable regular file under the size limit; ``args[0]``
    is the reason without the path, so a caller can report it its own way."""


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_regular(path: str) -> os.stat_result:
    """The file's status, or a ``FileProblem`` saying why it cannot be read as a file."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise FileProblem(_reason(path, error)) from None
    if not stat.S_ISREG(status.st_mode):
        raise FileProblem(f"{describe_mode(status.st_mode)}, not a regular file; not read")
    return status


def read_regular_file(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``, or a ``FileProblem``."""
    status = check_regular(path)
    if status.st_size > limit:
        raise FileProblem(too_big(status.st_size, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise FileProblem(_reason(path, error)) from None
    try:
        # The path may have been swapped for a FIFO or device since the stat.
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):
            raise FileProblem(f"{describe_mode(opened.st_mode)}, not a regular file; not read")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew after the stat: the bound holds while reading
                raise FileProblem(too_big(total, limit, at_least=True))
        return b"".join(chunks)
    except OSError as error:
        raise FileProblem(_reason(path, error)) from None
    finally:
        os.close(descriptor)


def read_bounded(stream: object, limit: int) -> bytes | str:
    """At most ``limit`` units of a stream (stdin), or a ``FileProblem`` when there are more."""
    data = stream.read(limit + 1)  # type: ignore[attr-defined]
    if len(data) > limit:
        raise FileProblem(too_big(len(data), limit, at_least=True))
    return data


def too_big(size: int, limit: int, at_least: bool = False) -> str:
    """``size`` is what the file claims, or (``at_least``) what was read before the limit."""
    shown = f"more than {_mib(limit)}" if at_least else f"{size / 1048576:.1f} MiB"
    return f"file is {shown}, over the {_mib(limit)} limit for one file"


def _mib(limit: int) -> str:
    return f"{limit / 1048576:.0f} MiB" if limit >= 1048576 else f"{limit:,} bytes"


def _reason(path: str, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link loop; not read"
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"a dangling symbolic link (to {os.readlink(path)}); not read"
        return "no such file (deleted while eks-lint ran?)"
    if error.errno == errno.EISDIR:
        return "a folder, not a file"
    return f"cannot read: {error.strerror or error}"


def int_or_text(digits: str) -> int | str:
    """``json.loads(..., parse_int=int_or_text)``: an integer longer than Python
    converts from text (4,300 digits) stays text instead of raising ValueError."""
    try:
        return int(digits)
    except ValueError:
        return digits
