"""The build record's file in an output folder: read with care, and saved under a lock.

Whatever lies where the record should be is only ever a reason to rebuild: at most 8 MB is
read, from a regular file only (a FIFO or a device in its place is not read at all, and never
waits), and only the exact shape this module writes is accepted. Anything else is reported
once by the caller, and the next save replaces it.

Two builds may write into one folder at once; each saves the record at its end. The save is
done holding a lock on the folder's lock file (``fcntl.flock``), so the record another run
saved in between is read again and merged, never overwritten. The lock is held only for the
save: the builds themselves run side by side.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cardmaker import __version__
from cardmaker.errors import CardmakerError
from cardmaker.output import LOCK_NAME, RECORD_NAME, write_atomic  # noqa: F401 (re-exported)

Entries = dict[str, list]  # output name → [digest, size, mtime_ns]
MAX_BYTES = 8 << 20  # about 70,000 outputs; a bigger file is not ours (or not worth parsing)
_DIGEST = re.compile(r"[0-9a-f]{64}")


class _Damaged(Exception):
    """Why the file in the record's place cannot be used."""


def read(path: Path) -> tuple[Entries, CardmakerError | None]:
    """The entries saved at ``path``, and the problem with it if it could not be used (then no
    entries: everything is built). No record at all is the first build, not a problem."""
    try:
        return _parse(_read_bounded(path)), None
    except FileNotFoundError:
        return {}, None
    except _Damaged as exc:
        reason = str(exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    return {}, CardmakerError(f"build record is damaged ({reason}); rebuilding everything", file=path)


def _read_bounded(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, if there are at most ``MAX_BYTES``. Opened
    without waiting (a FIFO's writer), checked to be a regular file before any read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Damaged("not a regular file")
        chunks, left = [], MAX_BYTES + 1  # the size may change under us: count what is read
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _Damaged(f"larger than {MAX_BYTES >> 20} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _parse(data: bytes) -> Entries:
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise _Damaged("nested too deeply") from None
    except MemoryError:
        raise _Damaged("too big to read") from None
    except ValueError:  # not UTF-8, not JSON, a number too long to convert
        raise _Damaged("not valid JSON") from None
    if not _valid(value):
        raise _Damaged("not a cardmaker build record")
    return {name: list(entry) for name, entry in value["outputs"].items()}


def _valid(value: object) -> bool:
    """Exactly the shape ``write`` makes."""
    if not isinstance(value, dict) or value.keys() != {"cardmaker", "outputs"}:
        return False
    outputs = value["outputs"]
    return (isinstance(value["cardmaker"], str) and isinstance(outputs, dict)
            and all(_valid_entry(name, entry) for name, entry in outputs.items()))


def _valid_entry(name: str, entry: object) -> bool:
    """A file name in the folder (no path), and [64 hex digits, size >= 0, mtime in ns]."""
    plain = name not in ("", ".", "..") and not any(sep and sep in name for sep in (os.sep, os.altsep, "\0"))
    return (plain and isinstance(entry, list) and len(entry) == 3
            and isinstance(entry[0], str) and _DIGEST.fullmatch(entry[0]) is not None
            and type(entry[1]) is int and type(entry[2]) is int and entry[1] >= 0)


def write(path: Path, entries: Entries) -> None:
    """Replace the record at ``path`` (atomically); raises OSError, also when it would be too
    big to be read back (the record there is left as it was)."""
    text = json.dumps({"cardmaker": __version__, "outputs": dict(sorted(entries.items()))}, indent=1)
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise OSError(errno.EFBIG, f"{len(entries):,} outputs in one folder make a record larger than "
                                   f"{MAX_BYTES >> 20} MB")
    write_atomic(path, data, through_links=False)  # a link in its place is replaced, never followed


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
