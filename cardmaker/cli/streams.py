"""The standard streams, made safe for a tool whose job is the files it writes.

Messages and progress are best effort: a closed stderr (``2>&-``), a full one
(``2>/dev/full``) or a terminal whose encoding cannot show a Greek name never stops a build.
What goes to stdout is the product (a PDF, a layout), so every write there is checked, and a
failure is one line and a non-zero exit, never a truncated file with status 0.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys

from cardmaker.errors import CardmakerError


def guard_standard_streams() -> None:
    """Run first. A standard stream the shell closed is opened on /dev/null, so no output file
    gets its number (the first file opened would otherwise be fd 2, and a message would land
    in a PDF); stderr swallows write errors; text the terminal's encoding cannot show is escaped."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _reopen_null(fd)
    if sys.stderr is None:
        sys.stderr = io.TextIOWrapper(open(2, "wb", closefd=False), errors="backslashreplace", line_buffering=True)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass  # not a real text stream (a test's capture)
    if not isinstance(sys.stderr, BestEffort):
        sys.stderr = BestEffort(sys.stderr)


def _reopen_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


class BestEffort(io.TextIOBase):
    """A text stream that drops what it cannot write (a full disk, a closed pipe): messages
    must never stop the work they report on."""

    def __init__(self, stream):
        self._stream = stream
        self.broken = False

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self._stream, "errors", None) or "backslashreplace"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError("write() argument must be str")
        if not self.broken:
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self.broken = True

    def isatty(self) -> bool:
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True


def write_stdout(data: bytes) -> None:
    """All of ``data`` to stdout, or a CardmakerError: a disk filling up behind ``> file`` or a
    reader that went away must not pass for success. Python's buffered writer can report a
    short write without raising, so the bytes go straight to the file descriptor, counted.
    A regular file is then synced to learn of late errors."""
    try:
        stream = sys.stdout
        if stream is None:
            raise OSError(errno.EBADF, "stdout is closed")
        stream.flush()
        try:
            fd = stream.buffer.fileno()
        except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
            if stream.buffer.write(data) != len(data):
                raise OSError(errno.EIO, "short write") from None
            stream.buffer.flush()
            return
        stream.buffer.flush()
        _write_fd(fd, data)
        _sync_if_file(fd)
    except (OSError, ValueError) as exc:
        silence_stdout()
        raise CardmakerError(f"cannot write to stdout: {getattr(exc, 'strerror', None) or exc}", file="-",
                             hint="what was written is incomplete; check the disk or the command reading it") from None


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        count = os.write(fd, view)  # raises on an error; 0 would mean no progress at all
        if count <= 0:
            raise OSError(errno.EIO, "no progress writing")
        view = view[count:]


def _sync_if_file(fd: int) -> None:
    if stat.S_ISREG(os.fstat(fd).st_mode):
        try:
            os.fsync(fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EROFS):  # cannot sync here; not a failure
                raise


def silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null, so the interpreter's last flush at exit
    does not print a second error (or a traceback) about the same failure."""
    try:
        _reopen_null(sys.stdout.fileno())
        sys.stdout = open(os.devnull, "w")
    except (OSError, ValueError, AttributeError):
        pass
