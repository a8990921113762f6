"""Runs one function over many items in worker processes, results as they finish.

Rendering is a pure function of (exercise, layout), so workers share nothing but the layout,
handed over once when each starts. Items go out in small chunks: few enough messages to keep
the pipes cheap, small enough that progress moves and Ctrl-C returns quickly.

Signals are the parent's: workers ignore Ctrl-C and SIGTERM (a terminal or ``kill -TERM -PGID``
sends them to the whole group); the parent cancels the work not started, waits for the chunks
running (their results are dropped) and stops, so only the files it wrote before remain, each
complete. Workers never outlive the parent, even one killed with ``kill -9``.

A worker that dies (killed, out of memory) breaks the whole pool: every chunk not finished
fails with it. Those items go once more to a new pool; if that breaks too, each of the items
still left is given a ``WorkerStopped`` error instead of a result.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cardmaker.errors import RenderError
from cardmaker.output import HELD_SIGNALS, interrupts_held

PARENT_CHECK = 0.5  # seconds between a worker's checks that its parent is still alive
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WINDOW = 3  # ordered: chunks per worker sent and not yet taken
CHUNK_ORDERED = 4  # ordered: items per chunk (the caller waits for the oldest chunk)

_shared: Any = None  # the context object every task in this worker gets (the layout)

Indexed = list[tuple[int, Any]]  # items with their place in the caller's sequence


class WorkerStopped(RenderError):
    """The item was lost with a worker process that died, in the first pool and its replacement."""


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def imap(func: Callable[[Any, Any], Any], items: Sequence, shared: Any, jobs: int,
         restarted: Callable[[int], None] | None = None, ordered: bool = False) -> Iterator[tuple[int, Any]]:
    """Yields ``(index, func(item, shared))`` for every item, in the order they finish, or in
    the items' order when ``ordered`` (then only a few chunks per worker are out at a time, so
    results never pile up faster than the caller takes them: memory stays flat).

    ``jobs`` <= 1 (or a single item) runs in this process. Close the iterator to stop early
    (``--fail-fast``): work not yet started is cancelled. When a worker dies, ``restarted`` is
    called with the number of items not finished, which then run in a new pool; if that one
    breaks too, each item still left yields a ``WorkerStopped`` error."""
    if jobs <= 1 or len(items) <= 1:
        for i, item in enumerate(items):
            yield i, func(item, shared)
        return
    run = _run_ordered if ordered else _run_pool
    lost = yield from run(func, list(enumerate(items)), shared, jobs)
    if lost:
        if restarted is not None:
            restarted(len(lost))
        lost = yield from run(func, lost, shared, jobs)
    for i, _ in lost:
        yield i, WorkerStopped("a worker process stopped unexpectedly, twice (out of memory?)",
                               hint="try again with --jobs 1")


def _new_pool(shared: Any, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_start_worker,
                               initargs=(shared, os.getpid()))


def _run_pool(func: Callable[[Any, Any], Any], indexed: Indexed, shared: Any,
              jobs: int) -> Generator[tuple[int, Any], None, Indexed]:
    """Yields ``(index, result)`` from a new pool as its chunks finish; returns the items it
    lost, in order, if a worker died (a broken pool fails every chunk not finished)."""
    jobs = min(jobs, len(indexed))
    pool = _new_pool(shared, jobs)
    lost: Indexed = []
    try:
        futures, unsent = _submit(pool, func, _chunks(indexed, jobs))
        lost.extend(unsent)
        for future in as_completed(futures):
            chunk = futures.pop(future)  # let go of each result once used: memory stays flat
            try:
                results = future.result()
            except BrokenProcessPool:
                _kill_workers(pool)
                lost.extend(chunk)
                continue
            del future
            yield from results
            del results
    finally:
        with interrupts_held():  # a second Ctrl-C must not leave the workers running
            pool.shutdown(wait=True, cancel_futures=True)
    return sorted(lost, key=lambda pair: pair[0])


def _run_ordered(func: Callable[[Any, Any], Any], indexed: Indexed, shared: Any,
                 jobs: int) -> Generator[tuple[int, Any], None, Indexed]:
    """Like ``_run_pool``, but yields in the items' order, with at most ``WINDOW`` chunks per
    worker sent and not yet taken: a new chunk goes out as each is taken. The items lost when
    a worker died are all after the last one yielded, so a restart keeps the order."""
    jobs = min(jobs, len(indexed))
    pool = _new_pool(shared, jobs)
    chunks = deque(_chunks(indexed, jobs, CHUNK_ORDERED))
    pending: deque = deque()  # (future, chunk), oldest first
    try:
        while chunks or pending:
            while chunks and len(pending) < WINDOW * jobs:
                chunk = chunks.popleft()
                try:
                    pending.append((pool.submit(_run_chunk, func, chunk), chunk))
                except BrokenProcessPool:
                    chunks.appendleft(chunk)
                    break
            if not pending:  # broken before anything could be sent
                return [pair for chunk in chunks for pair in chunk]
            future, chunk = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                _kill_workers(pool)
                return [pair for chunk in (chunk, *(c for _, c in pending), *chunks) for pair in chunk]
            del future
            yield from results
            del results
        return []
    finally:
        with interrupts_held():  # a second Ctrl-C must not leave the workers running
            pool.shutdown(wait=True, cancel_futures=True)


def _chunks(indexed: Indexed, jobs: int, most: int = 8) -> list[Indexed]:
    """About four chunks per worker, of at most ``most`` items."""
    size = max(1, min(most, math.ceil(len(indexed) / (jobs * 4))))
    return [indexed[start:start + size] for start in range(0, len(indexed), size)]


def _submit(pool: ProcessPoolExecutor, func: Callable[[Any, Any], Any],
            chunks: list[Indexed]) -> tuple[dict, Indexed]:
    """Every chunk sent to the pool: {future: chunk}, and the items not sent because the pool
    broke already (a worker died while they were being sent)."""
    futures = {}
    for n, chunk in enumerate(chunks):
        try:
            futures[pool.submit(_run_chunk, func, chunk)] = chunk
        except BrokenProcessPool:
            return futures, [pair for rest in chunks[n:] for pair in rest]
    return futures, []


def _context():
    """fork starts workers in milliseconds with fonts already registered; elsewhere, the default."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill a broken pool's remaining workers outright. The pool stops them with SIGTERM and
    then waits for them, but ours ignore SIGTERM, so it would wait until they had run their
    chunk and whatever was queued for them, or forever if a result filled the pipe no one reads
    any more. What they were doing is lost with the pool anyway. (``_processes`` is the pool's
    own {pid: process}; no public way to reach its workers exists.)"""
    for process in list((getattr(pool, "_processes", None) or {}).copy().values()):
        try:
            process.kill()
        except (OSError, ValueError):  # gone already, or closed by the pool
            pass


def _start_worker(shared: Any, parent: int) -> None:
    """Runs first in each worker: signals left to the parent, death tied to the parent's, and
    what the worker inherited from the parent (modules, fonts, the layout) out of the garbage
    collector's sight: never traversed again, so its pages stay shared with the parent."""
    global _shared
    gc.freeze()
    for signum in HELD_SIGNALS:  # Ctrl-C and SIGTERM are for the parent to handle
        signal.signal(signum, signal.SIG_IGN)
    _die_with_parent(parent)
    _shared = shared


def _die_with_parent(parent: int) -> None:
    """A parent killed with ``kill -9`` (or by a signal before it could shut the pool down)
    would leave its workers, ~46 MB each, waiting for work forever. On Linux the kernel kills
    this worker when the parent goes (strictly: the thread that started it, the one submitting
    the work, which outlives the pool); everywhere, a thread checks that the parent is the same."""
    _kill_with_parent()
    if os.getppid() != parent:  # the parent died before the kernel was asked: no signal comes
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _kill_with_parent() -> None:
    """Linux: SIGKILL this process when the thread that started it ends (``PR_SET_PDEATHSIG``)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl to call: the watching thread still does it
        pass


def _watch_parent(parent: int) -> None:
    """Ends the worker once its parent has died (it is then some other process's child)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


def _run_chunk(func: Callable[[Any, Any], Any], chunk: Indexed) -> Indexed:
    return [(i, func(item, _shared)) for i, item in chunk]
