"""Which outputs are up to date, so a re-export after one typo rebuilds one card.

Each output is recorded with a digest of everything it was made from: the exercise as loaded
(every field, so an edit anywhere in a file with many exercises only touches that one), the
bytes of its picture, the resolved layout (the whole ``extends`` chain, merged), the bytes of
the layout's own fonts and logo, and the cardmaker version. The record lives in a small JSON
file in the output folder; an output that is missing or was made from other inputs is built.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from functools import cache
from pathlib import Path

from cardmaker import __version__, record_file
from cardmaker.errors import CardmakerError
from cardmaker.model import Exercise, Layout
from cardmaker.record_file import RECORD_NAME, Entries

__all__ = ["RECORD_NAME", "BuildRecord", "card_digest", "combined_digest", "file_digest", "layout_digest"]


@cache
def _file_digest(path: Path, stamp: tuple[int, int]) -> str:
    """Content hash of a file; ``stamp`` (size, mtime) keys the memo, the content decides."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        st = path.stat()
        return _file_digest(path, (st.st_size, st.st_mtime_ns))
    except OSError:
        return "missing"


def layout_digest(layout: Layout) -> str:
    files = [layout.fonts.regular, layout.fonts.bold, layout.fonts.italic, layout.header.logo]
    parts = [__version__, repr(layout), *(file_digest(Path(f)) if f else "-" for f in files)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def card_digest(ex: Exercise, layout_key: str) -> str:
    # the same file named another way (./data, /abs/data) is the same input
    ex = replace(ex, source=ex.source.resolve() if ex.source else None)
    parts = [layout_key, repr(ex), *(file_digest(f) for f in ex.picture_files)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def combined_digest(digests: list[str]) -> str:
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


class BuildRecord:
    """The digests of the outputs in one folder, read at the start and saved at the end.

    An entry is [digest, size, mtime_ns]: the inputs an output was made from, and the stamp of
    the file this process wrote. Only an output whose file still has that stamp is fresh, so a
    card another run renamed over ours (or a user replaced) is built again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / RECORD_NAME
        # no record (or a damaged one: ``problem`` says why, once): everything is built
        self.entries, self.problem = record_file.read(self.path)
        self.written: Entries = {}  # what this run wrote

    def fresh(self, output: Path, digest: str) -> bool:
        """Made from these inputs, and still the file that was written (not replaced or touched)."""
        stamp = _stamp(output)
        return stamp is not None and self.entries.get(output.name) == [digest, *stamp]

    def record(self, output: Path, digest: str, written: os.stat_result) -> None:
        """``output`` was made from ``digest``'s inputs; ``written`` is the status of the file
        this process wrote (from ``write_atomic``), whatever has been renamed over it since."""
        entry = [digest, written.st_size, written.st_mtime_ns]
        self.entries[output.name] = self.written[output.name] = entry

    def save(self) -> CardmakerError | None:
        """Merge into the record (as another run may have saved it meanwhile) and write it,
        also over a damaged one; a failure is returned (the outputs themselves are fine)."""
        if not self.written and self.problem is None:
            return None
        try:
            with record_file.locked(self.folder):
                saved, _ = record_file.read(self.path)  # damaged again (or still): start afresh
                record_file.write(self.path, self._merged(saved))
        except OSError as exc:
            return CardmakerError(f"cannot save the build record: {exc.strerror or exc}", file=self.path,
                                  hint="the next build will rebuild everything; check the folder")
        return None

    def _merged(self, saved: Entries) -> Entries:
        """An entry for each output still on disk, the one that describes its file: this run's,
        unless another run's card has replaced ours and that run saved its entry (``saved``).
        An entry for a file that is gone, or that no entry describes, is dropped."""
        merged = {}
        for name in sorted(saved.keys() | self.written.keys()):
            stamp = _stamp(self.folder / name)
            for entry in (self.written.get(name), saved.get(name)):
                if stamp is not None and entry is not None and entry[1:] == stamp:
                    merged[name] = entry
                    break
        return merged


def _stamp(path: Path) -> list[int] | None:
    """[size, mtime_ns] of the file at ``path`` now; None when there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]
