"""Where results go: files that appear complete or not at all, in folders checked before the run
(what an output may replace is ``output_guard``'s)."""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import secrets
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from cardmaker.errors import NAME_MAX, CardmakerError, os_reason
from cardmaker.filenames import on_disk

TEMP_SUFFIX = ".part"
WRITE_BUFFER = 1 << 20  # bytes a ``PendingFile`` gathers before each write to the disk
RECORD_NAME = ".cardmaker-cache.json"  # an output folder's build record (``record_file``): never an output
LOCK_NAME = ".cardmaker-cache.lock"  # held while the record is saved: never an output either
_TEMP_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TEMP_NAME = re.compile(r"^\.(?P<name>.*)\.(?P<pid>\d+)-[0-9a-z_]{8}\.part$", re.DOTALL)


def write_atomic(path: Path, data: bytes, through_links: bool = True) -> os.stat_result:
    """Write ``data`` so that ``path`` is either the old file or the complete new one, even
    after a crash or a power cut: a temporary file in the same folder (same file system),
    flushed to disk, then an atomic rename, then the folder flushed. Ctrl-C and SIGTERM are held
    back while this runs (they take effect right after), so no temporary file is left behind.

    Returns the written file's status taken before the rename: the size and time of what *this*
    process wrote, whatever another process may put at ``path`` a moment later. A symbolic link
    at ``path`` to a regular file is kept, and that file replaced; a link to anything else (a
    device, a pipe: the folder holding it is no place for our files) is itself replaced, as is
    any link when ``through_links`` is off (cardmaker's own files, such as the build record)."""
    if through_links:
        path = through_link(path)
    with interrupts_held():
        fd, tmp = _make_temp(path)
        try:
            try:
                _write_fd(fd, data)
                _keep_mode(fd, path)
                os.fsync(fd)
                written = os.fstat(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)
    return written


class PendingFile:
    """``path``'s new content, written as it is made (a long booklet or combined file is not
    held in memory), with ``write_atomic``'s promise: it goes into a temporary file beside
    ``path`` (``sink``), which ``commit`` flushes to disk and renames over ``path``, and
    ``discard`` deletes, leaving ``path`` as it was. Writes the disk refuses (a full disk, a
    quota) raise ``WriteFailed`` naming ``path`` as given, as does a temporary file that cannot
    be made. Ctrl-C or SIGTERM while it is written: the caller discards it (the CLI turns
    SIGTERM into an exception); a process killed outright leaves the temporary file to the next
    run's ``remove_stale_temps``, in the folder of the file a link at ``path`` names."""

    def __init__(self, path: Path) -> None:
        self.named, self.path = path, through_link(path)
        with interrupts_held():  # a temporary file made is a temporary file we hold
            try:
                fd, self._tmp = _make_temp(self.path)
            except OSError as exc:
                raise cannot_write(exc, path) from None
            self._raw = os.fdopen(fd, "wb", buffering=WRITE_BUFFER)
        self.sink = _OutputStream(self._raw, path)
        self._done = False

    def commit(self) -> os.stat_result:
        """The file in place (Ctrl-C and SIGTERM held back meanwhile); the status of what this
        process wrote, taken before the rename. On failure, discarded and ``WriteFailed``."""
        with interrupts_held():
            try:
                self._raw.flush()  # the last of the buffer written
                _keep_mode(self._raw.fileno(), self.path)
                os.fsync(self._raw.fileno())
                written = os.fstat(self._raw.fileno())
                self._raw.close()
                os.replace(self._tmp, self.path)
                self._done = True
            except OSError as exc:
                self.discard()
                raise cannot_write(exc, self.named) from None
            except BaseException:
                self.discard()
                raise
        _sync_folder(self.path.parent)
        return written

    def discard(self) -> None:
        """The temporary file deleted, then closed (what its buffer still held goes nowhere);
        nothing once committed."""
        if self._done:
            return
        with interrupts_held():
            Path(self._tmp).unlink(missing_ok=True)
            self._done = True
            try:
                self._raw.close()
            except OSError:
                pass


class WriteFailed(CardmakerError):
    """An output file could not be written (``PendingFile``): the file is named, nothing is left."""


def cannot_write(exc: OSError, path) -> WriteFailed:
    """The one error for an output that cannot be written, naming it: "FILE: cannot write: No space left on device"."""
    return WriteFailed(f"cannot write: {os_reason(exc)}", file=path)


class _OutputStream:
    """A ``PendingFile``'s file as its writers see it: what the disk refuses (a full disk, a
    quota), on a write or on the flush a seek or truncate makes, raises ``WriteFailed`` naming
    the output, not an ``OSError`` a caller could take for one about reading an input."""

    def __init__(self, raw, path: Path):
        self._raw, self._path = raw, path

    def write(self, data: bytes) -> int:
        try:
            return self._raw.write(data)
        except OSError as exc:
            raise cannot_write(exc, self._path) from None

    def seek(self, offset: int) -> int:
        try:
            return self._raw.seek(offset)
        except OSError as exc:
            raise cannot_write(exc, self._path) from None

    def truncate(self) -> int:
        try:
            return self._raw.truncate()
        except OSError as exc:
            raise cannot_write(exc, self._path) from None


def write_atomic_many(items: list[tuple[Path, bytes]]) -> list[os.stat_result | OSError]:
    """``write_atomic`` for several files at once, with one flush of the disk for all of them
    rather than two for each (a batch of cards: a flush costs about 1 ms of CPU and 2 ms of
    waiting on a virtual disk, more than writing a card). The same promise, file by file: each
    temporary file is on disk before it is renamed over its target, each rename before this
    returns. Gives, per item, the written file's status or the error that kept it from being
    written (the others are written all the same); Ctrl-C and SIGTERM are held back meanwhile."""
    results: list[os.stat_result | OSError | None] = [None] * len(items)
    open_files: list[tuple[int, int, str, Path]] = []  # (item, fd, temporary, target)
    with interrupts_held():
        try:
            for i, (path, data) in enumerate(items):
                try:
                    path = through_link(path)
                    fd, tmp = _make_temp(path)
                except OSError as exc:
                    results[i] = exc
                    continue
                open_files.append((i, fd, tmp, path))
                try:
                    _write_fd(fd, data)
                    _keep_mode(fd, path)
                    results[i] = os.fstat(fd)
                except OSError as exc:
                    results[i] = exc
            written = [f for f in open_files if not isinstance(results[f[0]], OSError)]
            for i, exc in _flush([(fd, path.parent) for _, fd, _, path in written], [f[0] for f in written]):
                results[i] = exc
            for i, fd, tmp, path in open_files:
                if isinstance(results[i], OSError):
                    continue
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    results[i] = exc
        finally:
            for i, fd, tmp, _ in open_files:
                os.close(fd)
                if not isinstance(results[i], os.stat_result) or os.path.exists(tmp):
                    Path(tmp).unlink(missing_ok=True)
        for folder in dict.fromkeys(path.parent for _, _, _, path in open_files):
            _sync_folder(folder)
    return results  # type: ignore[return-value]


def _keep_mode(fd: int, path: Path) -> None:
    """The new file (open as ``fd``) gets the permissions of the file it replaces at ``path``,
    if any: a coach's private (0600) booklet stays private."""
    try:
        os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))
    except OSError:  # nothing there yet (the new file keeps the umask's), or not ours to read
        pass


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        count = os.write(fd, view)
        if not count:  # no progress: the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[count:]


def _flush(files: list[tuple[int, Path]], items: list[int]) -> list[tuple[int, OSError]]:
    """Put the files (descriptor, folder) on disk: one ``syncfs`` per file system where the C
    library has it, else (or when it fails) each file's own ``fsync``. Gives the items whose
    file could not be flushed, with the error."""
    if _syncfs is not None and files:
        folders = dict.fromkeys(folder for _, folder in files)
        if all(_syncfs_folder(folder) for folder in folders):
            return []
    failed = []
    for (fd, _), item in zip(files, items):
        try:
            os.fsync(fd)
        except OSError as exc:
            failed.append((item, exc))
    return failed


def _load_syncfs():
    """The C library's ``syncfs`` (Linux), or None."""
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError, ImportError):
        return None
    function.argtypes = [ctypes.c_int]
    return function


_syncfs = _load_syncfs() if sys.platform.startswith("linux") else None


def _syncfs_folder(folder: Path) -> bool:
    """Whether the file system holding ``folder`` was flushed."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return False
    try:
        return _syncfs(fd) == 0
    finally:
        os.close(fd)


def through_link(path: Path) -> Path:
    """Where writing ``path`` should go: the regular file a link names, else ``path`` itself."""
    if not os.path.islink(path):
        return path
    target = Path(os.path.realpath(path))
    try:  # lstat: a path realpath could not resolve (a stream's /proc link) is not followed
        return target if stat.S_ISREG(target.lstat().st_mode) else path
    except OSError:
        return path


def _make_temp(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, named ``.NAME.PID-RANDOM.part``, with the permissions
    ``open()`` would give it (0666 less the process's umask, applied by the system: reading the
    umask would mean changing it, for the whole process). NAME is cut so the whole name stays
    within ``NAME_MAX`` bytes (a legal 244-byte name must still work). The pid lets a later run
    tell a crashed run's leftovers from a running one's (``remove_stale_temps``)."""
    prefix_room = NAME_MAX - len(f"..{os.getpid()}-12345678{TEMP_SUFFIX}".encode())
    name = path.name.encode("utf-8", "surrogateescape")[:prefix_room].decode("utf-8", "ignore")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        random = "".join(secrets.choice(_TEMP_LETTERS) for _ in range(8))
        tmp = os.path.join(path.parent, f".{name}.{os.getpid()}-{random}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(path))


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Some file systems cannot open or sync a folder;
    the file itself is already on disk then, which is what matters most."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> int:
    """Delete the temporary files a killed run left in ``folder`` (only names of our own
    pattern, only when the process that made them is gone); returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or _alive(int(match["pid"])):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # someone else's process: leave its files alone
    return True


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``), handled like Ctrl-C: the file being written is finished,
    the build record saved, and the run ends with one line (exit status 143)."""


_SIGNALLED: list[type[KeyboardInterrupt]] = []  # the interrupt raised by our handlers during this run, if any


def raise_terminated(signum, frame) -> None:
    _SIGNALLED[:] = [Terminated]
    raise Terminated()


def raise_interrupted(signum, frame) -> None:
    """Ctrl-C, as Python's own handler, but noted (``raise_if_interrupted``)."""
    _SIGNALLED[:] = [KeyboardInterrupt]
    raise KeyboardInterrupt()


def forget_interrupts() -> None:
    """A new run: no interrupt seen yet."""
    _SIGNALLED.clear()


def raise_if_interrupted() -> None:
    """Raise the Ctrl-C or SIGTERM this run has seen. For where a library's bare ``except:``
    may have swallowed it (reportlab's file opening turns it into "Cannot open resource"): the
    run stops as interrupted rather than blame the user's picture or font."""
    if _SIGNALLED:
        raise _SIGNALLED[0]()


HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def interrupts_held():
    """Ctrl-C or SIGTERM inside the block is noted and raised when it ends. (Masking the signal
    is not enough: Python may take it on another thread and still interrupt this one.) Only the
    main thread may set handlers; elsewhere the clean-up in ``write_atomic`` has to do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
                for signum in HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            _deliver(caught[0], previous[caught[0]])


def _deliver(signum: int, handler) -> None:
    """Act on a signal held back: its handler runs now (Python's raises KeyboardInterrupt; an
    enclosing hold notes it in turn), or, left at the default, the signal is raised again so
    it does what it would have done (SIGTERM ends the process)."""
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)


def prepare_output_dir(out_dir: Path, hint: str = "give a folder with -o") -> None:
    """Checks, before any rendering, that ``out_dir`` is (or can be made) a writable folder."""
    try:
        if os.path.islink(out_dir) and not out_dir.exists():
            raise CardmakerError(f"is a link to {os.readlink(out_dir)}, which does not exist", file=out_dir,
                                 hint="create what it points to, or remove the link")
        if out_dir.exists() and not out_dir.is_dir():
            raise CardmakerError("output path exists and is not a folder", file=out_dir, hint=hint)
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CardmakerError(f"cannot create output folder: {os_reason(exc)}", file=out_dir) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise CardmakerError("output folder is not writable", file=out_dir, hint="choose another folder with -o")
    remove_stale_temps(out_dir)


def output_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, named so the file system can hold it. Where the locale's encoding
    (say ISO-8859-1) cannot spell the name (a Greek exercise id), the name is written in UTF-8
    bytes, which every UTF-8 system shows as the id, rather than the card being lost."""
    return folder / on_disk(stem + suffix)

