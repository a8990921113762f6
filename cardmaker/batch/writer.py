"""Card PDFs → files, several at a time, each recorded once it is on disk.

Writing a file atomically waits for the disk twice (the file, then its folder, flushed): about
10 ms a card on a virtual disk, longer than laying the card out. A few threads write while this
process goes on taking cards from the workers (the waits release the GIL). Each card is recorded
and reported in the order given once its file is written; ``close`` waits for every write still
going, also after Ctrl-C, so a card written is still a card recorded and no file is left half done.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cardmaker import incremental
from cardmaker.batch.outcome import Outcome, Report
from cardmaker.batch.outcome import write as write_file
from cardmaker.errors import CardmakerError
from cardmaker.output import interrupts_held

THREADS = 4
MOST_PENDING = 16  # cards handed over and not yet recorded (their bytes are held until then)


class Writer:
    """``add(source, id, target, digest, pdf)`` for each card; ``failed`` is set by a write that
    failed (for --fail-fast); ``close()`` at the end, in a ``finally``."""

    def __init__(self, record: incremental.BuildRecord, report: Report):
        self.record, self.report = record, report
        self.threads = ThreadPoolExecutor(THREADS, thread_name_prefix="write")
        self.pending: deque = deque()
        self.failed = False

    def add(self, source: Path | None, ident: str, target: Path, digest: str, pdf: bytes) -> None:
        with interrupts_held():  # a write started is a write waited for and recorded: Ctrl-C between
            # the submit and the append would leave a file written that the record does not know
            self.pending.append((source, ident, target, digest, self.threads.submit(write_file, target, pdf)))
        self._take(wait=len(self.pending) > MOST_PENDING)

    def _take(self, wait: bool = False) -> None:
        """Record the writes that are done, oldest first (all of them when ``wait``)."""
        while self.pending and (wait or self.pending[0][4].done()):
            source, ident, target, digest, future = self.pending[0]
            result = future.result()  # write_file returns its errors, never raises
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
        """Wait for every write still going and record it."""
        with interrupts_held():
            self.threads.shutdown(wait=True)
            while self.pending:
                self._take(wait=True)
