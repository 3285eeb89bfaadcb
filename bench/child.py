"""Run one child process for a benchmark: killed after a timeout, measured by its own rusage."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import IO


def run_child(cmd: list[str], cwd: Path, timeout: float, stderr: IO[bytes]
              ) -> tuple[float, int, resource.struct_rusage, bool]:
    """Run `cmd` in its own session with stderr to `stderr`; kill its process group after
    `timeout` s. Returns wall time, exit code, the child's own rusage (not a running maximum
    over all children) and whether it was killed."""
    killed = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=stderr, start_new_session=True)

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        kill()
        proc.wait()
        raise
    finally:
        timer.cancel()
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage, killed.is_set()
