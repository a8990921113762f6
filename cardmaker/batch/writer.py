"""Card PDFs → files, in batches, each recorded once it is on disk.

Writing a file atomically waits for the disk twice (the file, then its folder, flushed): a few
ms a card on a virtual disk, longer than laying the card out, and about 1 ms of CPU. Cards are
written ``BATCH`` at a time with one flush of the disk for the batch
(``output.write_atomic_many``), by a few threads while this process goes on taking cards from
the workers (the waits release the GIL). Each card is recorded and reported in the order given
once its file is written; ``close`` writes the last batch and waits for every write still going,
also after Ctrl-C, so a card written is still a card recorded and no file is left half done.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cardmaker import incremental
from cardmaker.batch.outcome import Outcome, Report
from cardmaker.batch.outcome import write_many
from cardmaker.errors import CardmakerError
from cardmaker.output import interrupts_held

THREADS = 3
BATCH = 16  # cards written with one flush of the disk
MOST_PENDING = 3 * BATCH  # cards handed over and not yet recorded (their bytes are held until then)


class Writer:
    """``add(source, id, target, digest, pdf)`` for each card; ``failed`` is set by a write that
    failed (for --fail-fast); ``close()`` at the end, in a ``finally``."""

    def __init__(self, record: incremental.BuildRecord, report: Report):
        self.record, self.report = record, report
        self.threads = ThreadPoolExecutor(THREADS, thread_name_prefix="write")
        self.pending: deque = deque()  # (source, id, target, digest, the batch's future, place in it)
        self.batch: list[tuple] = []  # (source, id, target, digest, pdf): not handed to a thread yet
        self.failed = False

    def add(self, source: Path | None, ident: str, target: Path, digest: str, pdf: bytes) -> None:
        self.batch.append((source, ident, target, digest, pdf))
        if len(self.batch) >= BATCH:
            self._submit()
        self._take(wait=len(self.pending) > MOST_PENDING)

    def _submit(self) -> None:
        """The batch handed to a thread to write."""
        if not self.batch:
            return
        with interrupts_held():  # a write started is a write waited for and recorded: Ctrl-C between
            # the submit and the append would leave a file written that the record does not know
            future = self.threads.submit(write_many, [(target, pdf) for _, _, target, _, pdf in self.batch])
            for i, (source, ident, target, digest, _) in enumerate(self.batch):
                self.pending.append((source, ident, target, digest, future, i))
            self.batch = []

    def _take(self, wait: bool = False) -> None:
        """Record the writes that are done, oldest first (all of them when ``wait``)."""
        while self.pending and (wait or self.pending[0][4].done()):
            source, ident, target, digest, future, place = self.pending[0]
            result = future.result()[place]  # write_many returns its errors, never raises
            with interrupts_held():  # a card written is a card recorded, even on Ctrl-C
                self.pending.popleft()
                if isinstance(result, CardmakerError):
                    self.failed = True
                    self.report(Outcome(source, item=ident, error=result))
                else:
                    self.record.record(target, digest, result)
                    self.report(Outcome(source, output=target, item=ident))
            wait = wait and len(self.pending) > MOST_PENDING // 2

    def close(self) -> None:
        """Write the last batch, wait for every write still going and record it."""
        with interrupts_held():
            self._submit()
            self.threads.shutdown(wait=True)
            while self.pending:
                self._take(wait=True)
