"""Where a batch runs: in this process, on local worker processes, or on a running Dask
cluster. Redline does not schedule: Dask's `distributed` does, and re-runs the tasks of a worker
that dies. Every engine takes tasks lazily and keeps only a few in flight per worker, so an
archive of any size costs the client memory in proportion to the workers, not the pairs."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from redline.errors import RedlineError

T = TypeVar("T")
R = TypeVar("R")
MAX_PER_CORE = 4
IN_FLIGHT = 4  # tasks queued per worker thread: enough to keep it busy, few to hold in memory
CONNECT_SECONDS = 15
_ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9a-fA-F:.]+\]|[^\s/:\[\]]+):\d{1,5}")


class Sequential:
    """Run every task here, one after the other (`--workers 0`)."""

    workers = 1
    where = "this process"

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            failed: Callable[[T, BaseException], R]) -> Iterator[R]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        return None


class Dask:
    """Run tasks on a Dask cluster: local worker processes, or a scheduler's address."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        self.scheduler = scheduler
        self.n = workers or os.cpu_count() or 1
        self.cluster = None
        self.client = None
        self.workers = 0

    @property
    def where(self) -> str:
        """Where the tasks ran, for the summary line."""
        if self.scheduler:
            return f"the cluster at {self.scheduler}"
        return f"{self.n} local worker process{'es' if self.n > 1 else ''}"

    def _start(self) -> None:
        """Start the local workers (only once there is work), or connect to the scheduler."""
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise RedlineError("batch on workers needs Dask: pip install 'dask[distributed]'") \
                from None
        done: list = []
        if self.scheduler:  # in a thread: a peer that never finishes the handshake is left
            worker = threading.Thread(target=self._connect, args=(done,), daemon=True)
            worker.start()
            worker.join(CONNECT_SECONDS + 15)
        else:  # local workers start with Ctrl-C ignored: the client stops them, and they do
            with _ctrl_c_ignored():  # not each print a traceback
                self._connect(done)
        if not done:  # something answers there that never completes Dask's handshake
            raise RedlineError(f"no Dask scheduler answered at {self.scheduler} within "
                               f"{CONNECT_SECONDS + 15} s")
        if isinstance(done[0], BaseException):
            self.close()
            exc = done[0]
            what = "not a Dask scheduler" if isinstance(exc, MemoryError) else \
                " ".join(str(exc).split()) or type(exc).__name__
            where = f"the Dask scheduler {self.scheduler}" if self.scheduler else \
                "local Dask workers"
            raise RedlineError(f"cannot reach {where} ({what})")
        self.workers = max(1, sum(self.client.nthreads().values()))

    def _connect(self, done: list) -> None:
        """Connect to the scheduler, or start local workers; `done` gets True or the error."""
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=f"{CONNECT_SECONDS}s",
                                     set_as_default=False)
            else:
                self.cluster = LocalCluster(
                    n_workers=self.n, threads_per_worker=1, processes=True,
                    dashboard_address=":0", silence_logs=logging.ERROR)  # any free port
                self.client = Client(self.cluster, set_as_default=False)
            done.append(True)
        except (OSError, TimeoutError, ValueError, MemoryError) as exc:
            done.append(exc)

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            failed: Callable[[T, BaseException], R]) -> Iterator[R]:
        """`fn` over `items`, results as they finish. A task whose workers kept dying (Dask
        gives up after a few) becomes `failed(item, error)`, never the end of the run."""
        from distributed import as_completed

        todo = iter(items)
        head = list(itertools.islice(todo, self.n))
        if not head:
            return
        todo = itertools.chain(head, todo)
        if self.client is None:
            if not self.scheduler and len(head) < self.n:  # no more workers than tasks
                self.n = len(head)
            self._start()
        pending: dict[Any, T] = {}

        def submit() -> Any:
            item = next(todo, None)
            if item is None:
                return None
            future = self.client.submit(fn, item, pure=False)
            pending[future] = item
            return future

        first = [f for f in (submit() for _ in range(self.workers * IN_FLIGHT)) if f]
        done = as_completed(first, loop=self.client.loop)
        for future in done:
            item = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # its workers kept dying, or the scheduler was lost
                result = failed(item, exc)
            future.release()
            more = submit()
            if more is not None:
                done.add(more)
            yield result

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                with contextlib.suppress(Exception):  # best effort once the work is done
                    thing.close()


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Processes started here inherit SIGINT ignored (Python keeps an ignored SIGINT)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def engine(workers: int | None, scheduler: str | None) -> Sequential | Dask:
    """The engine the options name: `--workers 0` runs here; `--scheduler` joins a cluster."""
    if scheduler and workers is not None:
        raise RedlineError("give --workers (local processes) or --scheduler (a running "
                           "cluster), not both")
    if workers is not None and workers < 0:
        raise RedlineError(f"--workers {workers}: give 0 (this process) or more")
    most = MAX_PER_CORE * (os.cpu_count() or 1)
    if workers is not None and workers > most:
        raise RedlineError(f"--workers {workers}: at most {most} on this machine "
                           f"({MAX_PER_CORE} a core; more would only wait for each other)")
    if scheduler and not _ADDRESS.fullmatch(scheduler):
        raise RedlineError(f"--scheduler {scheduler}: give the scheduler's address, "
                           "tcp://HOST:PORT (or tls://HOST:PORT)")
    if workers == 0:
        return Sequential()
    found = Dask(workers, scheduler)
    if scheduler:  # a cluster named is reached at once: a wrong address fails before any work
        found._start()
    return found
