"""Many inputs → many files, one outcome each; one bad exercise never stops the others.

Outputs are written atomically (temporary file in the same folder, then rename), so a PDF is
either complete or absent. Progress is reported through a callback; printing is the CLI's job.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from cardmaker.errors import CardmakerError, RenderError
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import Fonts


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: an output written, or an error to show."""

    source: Path | None
    output: Path | None = None
    error: CardmakerError | None = None
    item: str | None = None  # exercise id, when known

    @property
    def ok(self) -> bool:
        return self.error is None


Report = Callable[[Outcome], None]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either the old file or the complete new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prepare_output_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise CardmakerError("output path exists and is not a folder", file=out_dir,
                             hint="give a folder with -o")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CardmakerError(f"cannot create output folder: {exc.strerror}", file=out_dir) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise CardmakerError("output folder is not writable", file=out_dir, hint="choose another folder with -o")


def load_all(paths: Iterable[str | Path], report: Report, fonts: Fonts = Fonts()) -> list[Exercise]:
    """Every exercise from every file; a file that fails is reported and skipped. ``fonts``
    are the layout's, so text is checked against what will print it."""
    from cardmaker.load.exercise import find_exercise_files, load_file

    exercises: list[Exercise] = []
    seen: dict[str, Path | None] = {}
    for path in paths:
        try:
            files = find_exercise_files([path])
        except CardmakerError as exc:
            report(Outcome(Path(path), error=exc))
            continue
        for file in files:
            try:
                loaded, errors = load_file(file, fonts)
            except CardmakerError as exc:
                loaded, errors = [], [exc]
            except Exception as exc:  # a bug must not stop the rest of the batch
                loaded, errors = [], [CardmakerError(f"unexpected error while reading: {exc!r}", file=file,
                                                     hint="please report this with the file")]
            for exc in errors:
                report(Outcome(file, error=exc))
            for ex in loaded:
                if ex.id in seen:
                    report(Outcome(file, item=ex.id, error=CardmakerError(
                        f"exercise id '{ex.id}' is also used by {seen[ex.id]}", file=file, field="id",
                        hint="give one of them a different 'id'")))
                    continue
                seen[ex.id] = file
                exercises.append(ex)
    return exercises


def build_cards(exercises: list[Exercise], layout: Layout, out_dir: Path, report: Report) -> None:
    """Render each exercise to ``out_dir/<id>.pdf``."""
    from cardmaker.render.card import render_card

    for ex in exercises:
        target = out_dir / f"{ex.id}.pdf"
        try:
            pdf = render_card(ex, layout)
            write_atomic(target, pdf)
        except CardmakerError as exc:
            report(Outcome(ex.source, item=ex.id, error=exc.located(ex.source)))
        except OSError as exc:
            report(Outcome(ex.source, item=ex.id, error=CardmakerError(
                f"cannot write: {exc.strerror or exc}", file=target)))
        except Exception as exc:  # a bug must not stop the rest of the batch
            report(Outcome(ex.source, item=ex.id, error=RenderError(
                f"unexpected error while rendering '{ex.id}': {exc!r}", file=ex.source,
                hint="please report this with the exercise file")))
        else:
            report(Outcome(ex.source, output=target, item=ex.id))


def import_documents(files: Iterable[str | Path], out_dir: Path, report: Report) -> None:
    """Convert plain-text exercise documents to ``out_dir/<id>.yaml``."""
    from cardmaker.load.text_import import import_file

    written: dict[str, Path] = {}
    for file in map(Path, files):
        try:
            ident, text = import_file(file)
            if ident in written:
                raise CardmakerError(f"has the same title as {written[ident]}, so both would be written to "
                                     f"{ident}.yaml", file=file, hint="rename one title, or import them separately")
            target = out_dir / f"{ident}.yaml"
            write_atomic(target, text.encode("utf-8"))
            written[ident] = file
        except CardmakerError as exc:
            report(Outcome(file, error=exc.located(file)))
        except OSError as exc:
            report(Outcome(file, error=CardmakerError(f"cannot write: {exc.strerror or exc}", file=out_dir)))
        else:
            report(Outcome(file, output=target, item=ident))
