"""Which outputs are up to date, so a re-export after one typo rebuilds one card.

Each output is recorded with a digest of everything it was made from: the exercise as loaded
(every field, so an edit anywhere in a file with many exercises only touches that one), the
bytes of its picture, the resolved layout (the whole ``extends`` chain, merged), the bytes of
the layout's own fonts and logo, and the cardmaker version. The record lives in a small JSON
file in the output folder; an output that is missing or was made from other inputs is built.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import cache
from pathlib import Path

from cardmaker import __version__
from cardmaker.errors import CardmakerError
from cardmaker.model import Exercise, Layout
from cardmaker.output import RECORD_NAME, write_atomic


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
    parts = [layout_key, repr(ex), file_digest(ex.image)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def combined_digest(digests: list[str]) -> str:
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


class BuildRecord:
    """The digests of the outputs in one folder, read at the start and saved at the end."""

    def __init__(self, folder: Path):
        self.path = folder / RECORD_NAME
        try:
            outputs = json.loads(self.path.read_text("utf-8"))["outputs"]
            self.entries: dict[str, list] = {str(k): list(v) for k, v in outputs.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}  # no record (or a damaged one): everything is built
        self.changed = False

    def fresh(self, output: Path, digest: str) -> bool:
        """Made from these inputs, and still the file that was written (not replaced or touched)."""
        return self.entries.get(output.name) == [digest, *_stamp(output)]

    def record(self, output: Path, digest: str) -> None:
        self.entries[output.name] = [digest, *_stamp(output)]
        self.changed = True

    def save(self) -> CardmakerError | None:
        """Write the record; a failure is returned (the outputs themselves are fine)."""
        if not self.changed:
            return None
        text = json.dumps({"cardmaker": __version__, "outputs": dict(sorted(self.entries.items()))}, indent=1)
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            return CardmakerError(f"cannot save the build record: {exc.strerror or exc}", file=self.path,
                                  hint="the next build will rebuild everything; check the folder")
        return None


def _stamp(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]
