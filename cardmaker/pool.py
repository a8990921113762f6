"""Runs one function over many items in worker processes, results as they finish.

Rendering is a pure function of (exercise, layout), so workers share nothing but the layout,
handed over once when each starts. Items go out in small chunks: few enough messages to keep
the pipes cheap, small enough that progress moves and Ctrl-C returns quickly. Workers ignore
Ctrl-C; the parent cancels the work not started, waits for the chunks running (their results
are dropped) and stops, so only the files it wrote before remain, each complete.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cardmaker.errors import RenderError
from cardmaker.output import interrupts_held

_shared: Any = None  # the context object every task in this worker gets (the layout)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def imap(func: Callable[[Any, Any], Any], items: Sequence, shared: Any, jobs: int) -> Iterator[tuple[int, Any]]:
    """Yields ``(index, func(item, shared))`` for every item, in the order they finish.

    ``jobs`` <= 1 (or a single item) runs in this process. Close the iterator to stop early
    (``--fail-fast``): work not yet started is cancelled."""
    if jobs <= 1 or len(items) <= 1:
        for i, item in enumerate(items):
            yield i, func(item, shared)
        return
    jobs = min(jobs, len(items))
    size = max(1, min(8, math.ceil(len(items) / (jobs * 4))))
    indexed = list(enumerate(items))
    chunks = [indexed[start:start + size] for start in range(0, len(indexed), size)]
    # fork starts workers in milliseconds with fonts already registered; elsewhere, the default
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(shared,))
    try:
        futures = {pool.submit(_run_chunk, func, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            chunk = futures.pop(future)  # let go of each result once used: memory stays flat
            try:
                results = future.result()
            except BrokenProcessPool:  # a worker was killed (out of memory?): its items failed
                results = [(i, RenderError("a worker process stopped unexpectedly (out of memory?)",
                                           hint="try again with --jobs 1")) for i, _ in chunk]
            del future
            yield from results
            del results
    finally:
        with interrupts_held():  # a second Ctrl-C must not leave the workers running
            pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(shared: Any) -> None:
    global _shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    _shared = shared


def _run_chunk(func: Callable[[Any, Any], Any], chunk: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    return [(i, func(item, _shared)) for i, item in chunk]
