"""Run a renderer (``helm template``, ``kustomize build``) and take its output.

The command is an argument list, never a shell string. Its run is bounded in
time and in output size: a chart that loops forever or prints gigabytes is
cut off with one clear line, never a hang. A failed render is an
``EksLintError`` (one line, exit 2) with the first line of the tool's stderr.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import time

from eks_lint.engine.errors import EksLintError

#: Seconds one render may take.
RENDER_TIMEOUT = 120.0
#: Bytes of output one render may print (as ``--max-file-size`` bounds one file).
MAX_RENDER_BYTES = 20 * 1024 * 1024
#: Bytes of stderr kept for the error line.
MAX_STDERR_BYTES = 64 * 1024


def find_tool(*names: str) -> str | None:
    """The first of ``names`` found on the PATH, as a full path."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_renderer(
    argv: list[str], what: str, timeout: float = RENDER_TIMEOUT, max_bytes: int = MAX_RENDER_BYTES
) -> bytes:
    """The standard output of ``argv``; ``what`` names the render in errors."""
    try:
        process = subprocess.Popen(  # noqa: S603 - an argument list from our own code, no shell
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise EksLintError(f"{what}: cannot run {argv[0]}: {error.strerror or error}") from None
    out, err = bytearray(), bytearray()
    problem = None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        assert process.stdout is not None and process.stderr is not None
        selector.register(process.stdout, selectors.EVENT_READ, out)
        selector.register(process.stderr, selectors.EVENT_READ, err)
        open_streams = 2
        while open_streams and problem is None:
            left = deadline - time.monotonic()
            if left <= 0:
                problem = f"render did not finish in {timeout:g} seconds"
                break
            for key, _ in selector.select(timeout=left):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    open_streams -= 1
                    continue
                buffer: bytearray = key.data
                if buffer is err:
                    buffer.extend(chunk[: max(0, MAX_STDERR_BYTES - len(err))])
                else:
                    buffer.extend(chunk)
                    if len(buffer) > max_bytes:
                        problem = f"render printed more than {max_bytes // (1024 * 1024)} MiB"
                        break
    if problem is not None:
        process.kill()
    try:
        code = process.wait(timeout=max(0.0, deadline - time.monotonic()) + 5)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
        problem = problem or f"render did not finish in {timeout:g} seconds"
    finally:
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    if problem is not None:
        raise EksLintError(f"{what}: {problem}")
    if code != 0:
        raise EksLintError(f"{what}: render failed (exit {code}): {first_line(bytes(err))}")
    return bytes(out)


def first_line(stderr: bytes) -> str:
    """The first non-blank line of a tool's stderr, shown as text."""
    from eks_lint.sources.redact import scrub_text

    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return scrub_text(line.strip())
    return "no message"
