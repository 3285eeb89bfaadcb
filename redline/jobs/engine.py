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
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from redline.errors import RedlineError

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT = 4  # tasks queued per worker thread: enough to keep it busy, few to hold in memory
CONNECT_TIMEOUT = "15s"
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
        self.where = f"the cluster at {scheduler}" if scheduler else \
            f"{self.n} local worker process{'es' if self.n > 1 else ''}"
        self.cluster = None
        self.client = None
        self.workers = 0

    def _start(self) -> None:
        """Start the local workers (only once there is work), or connect to the scheduler."""
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise RedlineError("batch on workers needs Dask: pip install 'dask[distributed]'") \
                from None
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT,
                                     set_as_default=False)
            else:
                self.cluster = LocalCluster(n_workers=self.n, threads_per_worker=1,
                                            processes=True, dashboard_address=None,
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise RedlineError(f"cannot reach the Dask scheduler {self.scheduler or ''} "
                               f"({' '.join(str(exc).split()) or type(exc).__name__})") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            failed: Callable[[T, BaseException], R]) -> Iterator[R]:
        """`fn` over `items`, results as they finish. A task whose workers kept dying (Dask
        gives up after a few) becomes `failed(item, error)`, never the end of the run."""
        from distributed import as_completed

        todo = iter(items)
        head = next(todo, None)
        if head is None:
            return
        todo = itertools.chain([head], todo)
        if self.client is None:
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


def engine(workers: int | None, scheduler: str | None) -> Sequential | Dask:
    """The engine the options name: `--workers 0` runs here; `--scheduler` joins a cluster."""
    if scheduler and workers is not None:
        raise RedlineError("give --workers (local processes) or --scheduler (a running "
                           "cluster), not both")
    if workers is not None and workers < 0:
        raise RedlineError(f"--workers {workers}: give 0 (this process) or more")
    if scheduler and not _ADDRESS.fullmatch(scheduler):
        raise RedlineError(f"--scheduler {scheduler}: give the scheduler's address, "
                           "tcp://HOST:PORT (or tls://HOST:PORT)")
    if workers == 0:
        return Sequential()
    found = Dask(workers, scheduler)
    if scheduler:  # a cluster named is reached at once: a wrong address fails before any work
        found._start()
    return found
