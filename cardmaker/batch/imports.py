"""Plain-text exercise documents → YAML exercise files (``cardmaker import``)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cardmaker.batch.outcome import Outcome, Report
from cardmaker.errors import CardmakerError
from cardmaker.output import Inputs, output_path, write_atomic


def import_documents(files: Iterable[str | Path], out_dir: Path, report: Report, force: bool = False) -> None:
    """Convert plain-text exercise documents to ``out_dir/<id>.yaml``. A YAML file already there
    is replaced only if an earlier import wrote it and nobody has edited it since (or ``force``);
    an edited one is kept, with a warning that says so."""
    from cardmaker.load.text_import import import_file

    written: dict[str, Path] = {}
    unique: dict[Path, Path] = {}
    for given in map(Path, files):  # a file named twice is imported once
        unique.setdefault(given.resolve(), given)
    inputs = Inputs(unique.values(), "a document")
    for file in unique.values():
        try:
            ident, text = import_file(file)
            if ident in written:
                raise CardmakerError(f"has the same title as {written[ident]}, so both would be written to "
                                     f"{ident}.yaml", file=file, hint="rename one title, or import them separately")
            target = output_path(out_dir, ident, ".yaml")
            inputs.check(target)  # even --force never turns a document into its own YAML
            written[ident] = file
            outcome = _import_one(file, ident, text, target, force)
        except CardmakerError as exc:
            outcome = Outcome(file, error=exc.located(file))
        except OSError as exc:
            outcome = Outcome(file, error=CardmakerError(f"cannot write: {exc.strerror or exc}", file=target))
        report(outcome)


def _import_one(file: Path, ident: str, text: str, target: Path, force: bool) -> Outcome:
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
