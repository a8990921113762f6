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
from cardmaker.load.importers import ImportOptions, Record, read_source
from cardmaker.output import cannot_write, output_path, write_atomic
from cardmaker.output_guard import Inputs


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
                warning = note.located(file) if isinstance(note, CardmakerError) else \
                    CardmakerError(note, file=file, line=record.line)
                report(Outcome(file, item=record.ident, warning=warning))
            for outcome in writer.write(file, record):
                report(outcome)


class _Writer:
    """Writes records into one folder: checks, validates, keeps user edits, copies pictures."""

    def __init__(self, out_dir: Path, inputs: Inputs, force: bool):
        from cardmaker.model.layout import Fonts
        from cardmaker.style.fonts import font_set, printable_chars

        self.out_dir, self.inputs, self.force = out_dir, inputs, force
        self.written: dict[str, str] = {}  # id → the record that took it
        self.printable = printable_chars(font_set(Fonts()))

    def write(self, file: Path, record: Record) -> list[Outcome]:
        """The record's outcome, after a warning for each picture kept as the user left it."""
        self.inputs.add([picture.source for picture in record.pictures], "a picture")
        outcome = self._write(file, record)
        if outcome.ok and outcome.warning is None:
            return self._copy_pictures(file, record) + [outcome]
        return [outcome]

    def _write(self, file: Path, record: Record) -> Outcome:
        target = None
        try:
            ident = record.ident
            where = f"{file}:{record.line}" if record.line else str(file)
            if ident in self.written:
                raise self._twice(file, record)
            target = output_path(self.out_dir, ident, ".yaml")
            self.inputs.check(target)  # even --force never turns a document into its own YAML
            text = _checked_yaml(record, file, target, self.printable)
            self.written[ident] = str(file) if record.named_by == "title" else f"{record.label} ({where})"
            return _write_yaml(file, ident, text, target, self.force)
        except CardmakerError as exc:  # an error that names its file has said all it knows of lines
            located = exc.located(file) if exc.file is not None else exc.located(file, record.line)
            return Outcome(file, item=record.data.get("id"), error=located)
        except OSError as exc:
            return Outcome(file, item=record.data.get("id"),
                           error=cannot_write(exc, exc.filename or target))

    def _twice(self, file: Path, record: Record) -> DataError:
        """Two records that would be written to one file: the second is the error."""
        first, ident = self.written[record.ident], record.ident
        if record.named_by == "title":  # a document: the file names it, its title is the problem
            return DataError(f"has the same title as {first}, so both would be written to {ident}.yaml",
                             file=file, hint="rename one title, or import them separately")
        return DataError(f"{record.label} has the id '{ident}' of {first}, so both would be written to "
                         f"{ident}.yaml", file=file, line=record.line, hint="rename one, or import them separately")

    def _copy_pictures(self, file: Path, record: Record) -> list[Outcome]:
        """Each picture next to the YAML. One already there with other bytes may be the user's
        own: it is kept, with a warning, unless ``force``."""
        kept = []
        for picture in record.pictures:
            target = output_path(self.out_dir, Path(picture.name).stem, Path(picture.name).suffix)
            try:
                self.inputs.check(target)
                if os.path.lexists(target) and not (target.is_file() and not target.is_symlink()):
                    raise CardmakerError("is not a regular file; the picture was not copied there", file=target,
                                         hint="remove it, or import into another folder")
                if target.is_file() and filecmp.cmp(picture.source, target, shallow=False):
                    continue
                if target.exists() and not self.force:
                    kept.append(Outcome(file, item=record.ident, warning=CardmakerError(
                        f"kept {target}: it differs from {picture.source}", file=file, line=record.line,
                        hint="--force replaces it")))
                    continue
                write_atomic(target, picture.source.read_bytes(), through_links=False)
            except CardmakerError as exc:
                kept.append(Outcome(file, item=record.ident, warning=exc))
            except OSError as exc:
                kept.append(Outcome(file, item=record.ident, warning=CardmakerError(
                    f"cannot copy the picture: {exc.strerror or exc}", file=target)))
        return kept


def _checked_yaml(record: Record, file: Path, target: Path, printable: frozenset[str]) -> str:
    """The record's YAML text, after reading it back as the exercise loader will (the picture
    aside: it is checked where it is found). A problem names the source record."""
    from cardmaker.load.exercise import FieldReader
    from cardmaker.load.source import parse_yaml
    from cardmaker.load.text_import import to_yaml

    text = to_yaml(record.data, source=file.name, comments=record.comments)
    doc = parse_yaml(text, target)
    doc.value.pop("image", None)
    try:
        FieldReader(doc, (), printable).exercise(doc.value)
    except DataError as exc:
        first = getattr(exc, "problems", [exc])[0]
        raise DataError(f"{record.label} cannot be imported: {first.field + ': ' if first.field else ''}"
                        f"{first.message}", file=file, line=record.line, hint=first.hint) from None
    return text


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
