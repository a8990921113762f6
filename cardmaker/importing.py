"""``cardmaker import``: sources (text documents, free-exercise-db or wger JSON) → exercise YAML files.

Takes the files given; reads each into records with ``load.importers`` (the format sniffed, or
forced); gives one ``Outcome`` per record to the caller's report: written, up to date, kept
(edited by the user), or failed with a located error. Notes (mojibake repaired, a picture not
found) come as warnings before their record's outcome. Every mapping is validated as
``cardmaker validate`` would before it is written, so every file written loads; pictures are
copied next to the YAML so the folder is self-contained. A YAML file already there is replaced
only if an earlier import wrote it and nobody has edited it since (or ``force``).
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from cardmaker.batch import Outcome, Report
from cardmaker.errors import CardmakerError, DataError
from cardmaker.load.importers import ImportOptions, Picture, Record, read_source
from cardmaker.output import Inputs, output_path, write_atomic


def import_documents(files: Iterable[str | Path], out_dir: Path, report: Report, force: bool = False,
                     format: str | None = None, options: ImportOptions = ImportOptions(),
                     start: Callable[[int], None] | None = None) -> None:
    """Import every file into ``out_dir/<id>.yaml`` (see the module docstring); ``start`` is
    told how many records were read, before the first is written."""
    unique: dict[Path, Path] = {}
    for given in map(Path, files):  # a file named twice is imported once
        unique.setdefault(given.resolve(), given)
    inputs = Inputs(unique.values(), "a document")
    read: list[tuple[Path, list[Record | DataError]]] = []
    for file in unique.values():
        try:
            read.append((file, read_source(file, format, options)[1]))
        except CardmakerError as exc:
            report(Outcome(file, error=exc.located(file)))
    if start is not None:
        start(sum(len(records) for _, records in read))
    writer = _Writer(out_dir, inputs, force)
    for file, records in read:
        for record in records:
            if isinstance(record, CardmakerError):
                report(Outcome(file, error=record.located(file)))
                continue
            for note in record.notes:
                report(Outcome(file, item=record.ident, warning=CardmakerError(note, file=file, line=record.line)))
            report(writer.write(file, record))


class _Writer:
    """Writes records into one folder: checks, validates, keeps user edits, copies pictures."""

    def __init__(self, out_dir: Path, inputs: Inputs, force: bool):
        from cardmaker.model.layout import Fonts
        from cardmaker.style.fonts import font_set, printable_chars

        self.out_dir, self.inputs, self.force = out_dir, inputs, force
        self.written: dict[str, str] = {}  # id → the record that took it
        self.printable = printable_chars(font_set(Fonts()))

    def write(self, file: Path, record: Record) -> Outcome:
        target = None
        try:
            ident = record.ident
            where = f"{file}:{record.line}" if record.line else str(file)
            if ident in self.written:
                raise DataError(f"{record.label} has the id '{ident}' of {self.written[ident]}, so both would "
                                f"be written to {ident}.yaml", file=file, line=record.line,
                                hint="rename one, or import them separately")
            target = output_path(self.out_dir, ident, ".yaml")
            self.inputs.check(target)  # even --force never turns a document into its own YAML
            text = _checked_yaml(record, file, target, self.printable)
            self.written[ident] = f"{record.label} ({where})"
            outcome = _write_yaml(file, ident, text, target, self.force)
            if outcome.warning is None:
                self._copy_pictures(record.pictures)
            return outcome
        except CardmakerError as exc:
            return Outcome(file, item=record.data.get("id"), error=exc.located(file, record.line))
        except OSError as exc:
            return Outcome(file, item=record.data.get("id"),
                           error=CardmakerError(f"cannot write: {exc.strerror or exc}", file=exc.filename or target))

    def _copy_pictures(self, pictures: list[Picture]) -> None:
        """Each picture next to the YAML; one already there with the same bytes is left alone."""
        for picture in pictures:
            target = output_path(self.out_dir, Path(picture.name).stem, Path(picture.name).suffix)
            self.inputs.check(target)
            if target.is_file() and not target.is_symlink() and filecmp.cmp(picture.source, target, shallow=False):
                continue
            write_atomic(target, picture.source.read_bytes(), through_links=False)


def _checked_yaml(record: Record, file: Path, target: Path, printable: frozenset[str]) -> str:
    """The record's YAML text, after checking its mapping as the exercise loader will (the
    picture aside: it is checked where it is copied from). A problem names the source record."""
    from cardmaker.load.exercise import FieldReader, image_problem
    from cardmaker.load.source import Document
    from cardmaker.load.text_import import to_yaml

    data = {k: v for k, v in record.data.items() if k != "image"}
    try:
        FieldReader(Document(target, data), (), printable).exercise(data)
    except DataError as exc:
        problems = getattr(exc, "problems", [exc])
        first = problems[0]
        raise DataError(f"{record.label} cannot be imported: {first.field + ': ' if first.field else ''}"
                        f"{first.message}", file=file, line=record.line, hint=first.hint) from None
    for picture in list(record.pictures):
        problem = image_problem(picture.source)
        if problem:
            raise DataError(f"{record.label}: {problem}: {picture.source}", file=file, line=record.line,
                            hint="replace the picture or leave it out of --images")
    return to_yaml(record.data, source=file.name)


def _write_yaml(file: Path, ident: str, text: str, target: Path, force: bool) -> Outcome:
    """Write one imported exercise unless that would lose a user's edit of ``target``."""
    from cardmaker.load.source import MAX_BYTES, read_bounded
    from cardmaker.load.text_import import unedited_import

    existing: str | None = None
    if os.path.lexists(target):
        try:  # anything but a readable UTF-8 file of sane size is not ours to replace
            existing = (read_bounded(target, MAX_BYTES) or b"").decode("utf-8") if target.is_file() else ""
        except (OSError, UnicodeDecodeError):
            existing = ""
    if existing == text:
        return Outcome(file, output=target, item=ident, skipped=True)
    if existing is not None and not force and not unedited_import(existing):
        return Outcome(file, item=ident, skipped=True, warning=CardmakerError(
            f"kept {target}: it was edited since it was imported (or not written by import)", file=file,
            hint="--force replaces it; or import into another folder"))
    write_atomic(target, text.encode("utf-8"))
    return Outcome(file, output=target, item=ident)
