"""Where results go: files that appear complete or not at all, and checked output places."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from cardmaker.errors import CardmakerError

TEMP_SUFFIX = ".part"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either the old file or the complete new one: a
    temporary file in the same folder (same file system), then an atomic rename. Ctrl-C is held
    back while this runs (it takes effect right after), so no temporary file is left behind."""
    with interrupts_held():
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # as open() would have made it (mkstemp makes it private)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


@contextmanager
def interrupts_held():
    """Ctrl-C inside the block is noted and raised when it ends. (Masking the signal is not
    enough: Python may take it on another thread and still interrupt this one.) Only the main
    thread may set handlers; elsewhere the clean-up in ``write_atomic`` has to do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):  # Python's own handler raises KeyboardInterrupt now;
            previous(caught[0], None)  # an enclosing hold notes it in turn


def prepare_output_dir(out_dir: Path, hint: str = "give a folder with -o") -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise CardmakerError("output path exists and is not a folder", file=out_dir, hint=hint)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CardmakerError(f"cannot create output folder: {exc.strerror}", file=out_dir) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise CardmakerError("output folder is not writable", file=out_dir, hint="choose another folder with -o")


def prepare_output_file(path: Path) -> None:
    """Checks, before any rendering, that ``path`` can be written as a file."""
    if path.is_dir():
        raise CardmakerError("is a folder, expected a file name", file=path, hint="e.g. cards.pdf")
    prepare_output_dir(path.parent, hint="the file must go in a folder")
