"""What an output may replace: a file of its own (a PDF or PNG it wrote, or nothing yet), never
an input of the run, a build record, a user's other file or a read-only one.

Takes the paths a run reads (``Inputs``) and the place an output is about to go; gives nothing,
or the ``CardmakerError`` that names the file and says why it is kept. ``output`` writes; this
module only decides whether writing there is allowed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cardmaker.errors import NAME_MAX, CardmakerError
from cardmaker.output import (LOCK_NAME, RECORD_NAME, cannot_write, prepare_output_dir, remove_stale_temps,
                              through_link)

OUR_KINDS = (b"%PDF-", b"\x89PNG\r\n\x1a\n")  # what cardmaker writes: a file starting otherwise is not ours


def check_replaceable(path: Path) -> None:
    """Raise unless writing ``path`` would put a file where a file (or nothing) is: a dangling
    link or one to a stream (/dev/stdout), a FIFO or a device is the user's, not ours to replace.
    So is a file that is not what cardmaker writes (a PDF or a PNG; an empty file is nothing
    yet): ``-o program.yaml`` for ``--program program.yaml`` must not turn a coach's program
    into a PDF. A read-only file is kept too: its mode says it is not to be replaced."""
    _check_not_record(path)
    if os.path.islink(path) and not Path(os.path.realpath(path)).is_file():
        raise CardmakerError(f"is a link to {os.readlink(path)}, which is not a file that exists", file=path,
                             hint="create what it points to, or remove the link; for stdout use -o -")
    if path.is_dir():
        raise CardmakerError("is a folder where the PDF should go", file=path,
                             hint="rename or remove the folder, or write the PDFs elsewhere")
    if path.exists() and not path.is_file():
        raise CardmakerError("is not a regular file (a device or a pipe)", file=path,
                             hint="give a file name; for stdout use -o -")
    _check_ours(path)


def _check_not_record(path: Path) -> None:
    """Raise if ``path`` is named as a build record (or its lock): never an output."""
    if path.name in (RECORD_NAME, LOCK_NAME):
        raise CardmakerError("is cardmaker's build record, not a place for output", file=path,
                             hint="choose another file name")


def _check_ours(path: Path) -> None:
    """Raise if the file at ``path`` (if any) is one its owner may not write (its mode says it
    is not to be replaced, whoever runs cardmaker), cannot be read (so it cannot be told ours), or
    starts otherwise than ``OUR_KINDS``. An empty file, or one of nothing but zero bytes (what a
    crash leaves of a file written in place), is nothing yet."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError:
        return  # no status: writing will say what is wrong
    if not st.st_mode & stat.S_IWUSR:
        raise CardmakerError("is read-only; writing there would replace it", file=path,
                             hint="choose another output name, or make it writable first with chmod u+w")
    try:
        with open(path, "rb") as file:
            head = file.read(max(len(kind) for kind in OUR_KINDS))
    except OSError as exc:
        raise CardmakerError(f"cannot be read ({exc.strerror or exc}), so it cannot be told to be a PDF of "
                             f"cardmaker's; writing there would replace it", file=path,
                             hint="choose another output name, or remove the file first") from None
    if head.strip(b"\x00") and not head.startswith(OUR_KINDS):
        raise CardmakerError("is not a PDF or PNG; writing there would replace it", file=path,
                             hint="choose another output name, or remove the file first")


def prepare_output_file(path: Path) -> None:
    """Checks, before any rendering, that ``path`` can be written as a file; what a killed run
    left beside it (or beside the file a link at ``path`` names) is cleared."""
    try:
        if path.is_dir():
            raise CardmakerError("is a folder, expected a file name", file=path, hint="e.g. cards.pdf")
        if len(os.fsencode(path.name)) > NAME_MAX:
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
        check_replaceable(path)
    except OSError as exc:
        raise cannot_write(exc, path) from None
    prepare_output_dir(path.parent, hint="the file must go in a folder")
    written = through_link(path)
    if written.parent != path.parent:  # a link: its file's temporary files are made beside that file
        remove_stale_temps(written.parent)


class Inputs:
    """The files a run reads (exercises, layouts, program, pictures, fonts), so that no output
    can replace one of them: ``build d --combine d/plank.yaml`` must not turn an exercise into
    a PDF. Paths are compared resolved and by inode, so a link or another spelling is caught."""

    def __init__(self, paths: Iterable[Path | str | None], kind: str):
        self.kinds: dict[Path, str] = {}  # resolved path → what it is to the user
        self.inodes: dict[tuple[int, int], str] = {}
        self.given: set[str] = set()  # paths added, as given (a picture on a thousand cards is one input)
        self.folders: dict[Path, Path] = {}  # output folders, resolved once (not once per card)
        self.add(paths, kind)

    def add(self, paths: Iterable[Path | str | None], kind: str) -> None:
        for path in paths:
            if path is None or str(path) in self.given:
                continue
            self.given.add(str(path))
            try:
                st = os.stat(path)
                self.inodes.setdefault((st.st_dev, st.st_ino), kind)
                self.kinds.setdefault(Path(path).resolve(), kind)
            except (OSError, RuntimeError, ValueError):
                continue  # an input that is not there cannot be overwritten

    def check(self, output: Path) -> None:
        """Raise if writing ``output`` would replace an input or a build record."""
        _check_not_record(output)
        kind = self.kinds.get(self._resolved(output))
        if kind is None:
            try:
                st = output.stat()
                kind = self.inodes.get((st.st_dev, st.st_ino))
            except OSError:
                return
        if kind is not None:
            raise CardmakerError(f"is {kind} this run reads; writing there would replace it", file=output,
                                 hint="choose another output name")


    def _resolved(self, path: Path) -> Path:
        """``path`` resolved: its folder once per run, the name itself when it is a link."""
        if os.path.islink(path):
            return _resolved(path)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = _resolved(path.parent)
        return folder / path.name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()
