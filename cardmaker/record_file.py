"""The build record's file in an output folder: read, and saved under a lock.

Two builds may write into one folder at once; each saves the record at its end. The save is
done holding a lock on the folder's lock file (``fcntl.flock``), so the record another run
saved in between is read again and merged, never overwritten. The lock is held only for the
save: the builds themselves run side by side.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cardmaker import __version__
from cardmaker.output import write_atomic

RECORD_NAME = ".cardmaker-cache.json"
LOCK_NAME = ".cardmaker-cache.lock"

Entries = dict[str, list]  # output name → [digest, size, mtime_ns]


def read(path: Path) -> Entries:
    """The entries saved at ``path``; none when there is no record (or a damaged one)."""
    try:
        outputs = json.loads(path.read_text("utf-8"))["outputs"]
        return {str(k): list(v) for k, v in outputs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write(path: Path, entries: Entries) -> None:
    """Replace the record at ``path`` (atomically); raises OSError."""
    text = json.dumps({"cardmaker": __version__, "outputs": dict(sorted(entries.items()))}, indent=1)
    write_atomic(path, text.encode("utf-8"))


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's record lock while the block runs. Where there is no ``fcntl``
    (Windows) or the folder cannot hold a lock (some network file systems), the block runs
    without it: every entry still describes the file it names (the stamps see to that), but
    one run's entries may be lost, so those outputs are built again next time."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(folder / LOCK_NAME, flags | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: go on without
        yield
    finally:
        os.close(fd)  # closing releases the lock
