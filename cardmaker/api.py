"""cardmaker from Python: exercise data in, PDF bytes out (``import cardmaker``).

For services and scripts that hold their exercises in memory or in files of their own::

    import cardmaker

    exercises = cardmaker.read_exercises("exercises/")           # a folder, a file, text, bytes,
    pdf = cardmaker.render_card(exercises[0], layout="wall-card-a4")  # a mapping or a list of them
    sheets = cardmaker.render_cards(exercises, layout="index-card-3x5", sheet="A4")
    booklet = cardmaker.render_booklet(exercises, title="Knee rehab")

    # what `cardmaker build` does, outputs and problems as data (``cardmaker.jobs``)
    result = cardmaker.run_build(cardmaker.BuildJob(["exercises/"], output="cards/"))

The render functions give bytes and write nothing (the jobs write where they are told); errors
are the located exceptions of ``cardmaker.errors`` (all ``CardmakerError``). Nothing is printed
and nothing process-wide is left changed: reportlab's settings and the csv module's field limit
are put back after each call, and the umask is never touched, so the functions can run in
threads of a server or in a process pool.
"""

from __future__ import annotations

import csv
import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cardmaker.errors import DataError, DataWarning
from cardmaker.model import Exercise, Layout

if TYPE_CHECKING:
    from cardmaker.batch import Outcome
    from cardmaker.jobs import BookletJob, BuildJob, BuildPlan, JobResult

FORMATS = ("yaml", "json", "csv")  # what read_exercises takes as text
FILE_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
IN_MEMORY = "<data>"  # the file name of data given in code (its folder is where pictures are found)


@contextmanager
def _process_untouched():
    """Run cardmaker with its PDF settings (binary streams), then put back what it changed."""
    from reportlab import rl_config

    a85, field_limit = rl_config.useA85, csv.field_size_limit()
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = a85
        csv.field_size_limit(field_limit)


def read_exercises(source, format: str | None = None, root: str | Path | None = None,
                   allow_outside: bool = False, layout: str | Path | Mapping | Layout | None = None) -> list[Exercise]:
    """Exercises from ``source``: a path (a file or a folder of files), ``bytes`` or ``str``
    holding a file's text (``format`` yaml, json or csv; YAML, which also reads JSON, by
    default), a mapping, or a list of mappings. Picture paths resolve against ``root`` (by
    default the file's folder, or the working folder for data given in memory) and must stay
    inside it unless ``allow_outside``. Text is checked against ``layout``'s fonts when given.
    The first problem raises (a missing picture does not: the card is made without it)."""
    from cardmaker.load.exercise import load_document, load_file
    from cardmaker.load.exercise_files import find_exercise_files

    with _process_untouched():
        resolved = _layout(layout if layout is not None else "card-a4")
        fonts, qr = resolved.fonts, resolved.footer.qr
        if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source, format)):
            found, problems = [], []
            for file in find_exercise_files([source], problems):
                confine = None if allow_outside else Path(root or file.parent)
                found.append(load_file(file, fonts, confine, qr))
            results = found
        else:
            folder = Path(root) if root is not None else Path.cwd()
            try:
                results = [load_document(_document(source, format, folder), fonts, None if allow_outside else folder,
                                         qr)]
            except DataError as exc:
                raise _unfiled(exc) from None
    exercises, errors, warned = Exercises(), [], []
    for good, bad in results:
        exercises += good
        errors += [e for e in bad if not isinstance(e, DataWarning)]
        warned += [e for e in bad if isinstance(e, DataWarning)]
    if errors:
        raise _first(errors[0])
    exercises.warnings = [_unfiled(w) for w in warned]
    return exercises


class Exercises(list):
    """``read_exercises``'s list, with the warnings met reading it (``warnings``: each a
    ``DataWarning`` such as a picture not found, whose card is made without it). A build or
    booklet given this list reports them with its own (``JobResult.warnings``)."""

    warnings: list[DataWarning] = []


def _unfiled(problem: DataError) -> DataError:
    """Data given in code has no file to name (its stand-in name is dropped), and its pictures'
    paths are relative to ``read_exercises``'s ``root``."""
    if problem.file is not None and Path(problem.file).name == IN_MEMORY:
        problem.file = None
        if problem.hint and "relative to the exercise file" in problem.hint:
            problem.hint = "a picture's path is relative to read_exercises' root, by default the working folder"
    return problem


def _first(error: DataError) -> DataError:
    """One exercise's problems are carried together; the API raises the first, located."""
    from cardmaker.load.exercise import Problems

    return _unfiled(error.problems[0] if isinstance(error, Problems) else error)


def load_layout(layout: str | Path | Mapping = "card-a4") -> Layout:
    """A checked layout: a built-in name ("wall-card-a4"), a YAML file's path, or a mapping as
    such a file would read (``{"extends": "card-a4", "fit": {"max_size": "14pt"}}``)."""
    with _process_untouched():
        return _layout(layout)


def render_card(exercise: Exercise | Mapping, layout: str | Path | Mapping | Layout = "card-a4") -> bytes:
    """One card as a PDF; ``exercise`` may be a mapping as an exercise file would read."""
    from cardmaker.render.card import render_card as render

    with _process_untouched():
        resolved = _layout(layout)
        (ex,) = _exercises([exercise], resolved)
        return render(ex, resolved)


def render_cards(exercises: Sequence[Exercise | Mapping], layout: str | Path | Mapping | Layout = "card-a4",
                 sheet: str | None = None, n_up: str | None = None, copies: int | list[int] = 1,
                 crop_marks: str | None = None, duplex: str | None = None) -> bytes:
    """All the cards in one PDF, in order, a bookmark each; with ``sheet`` ("A4", "Letter",
    "A3"), placed ``n_up`` to a sheet ("auto" or e.g. "2x2") with ``crop_marks`` ("all",
    "outer", "cut-lines", "none") and backs for ``duplex`` ("long", "short"), each card
    ``copies`` times (one number, or one per card). An option left None is the layout's
    ``print:`` setting. The first card that fails raises (``run_build`` goes on past it)."""
    from cardmaker.jobs import BuildJob

    with _process_untouched():
        resolved = _layout(layout)
        printing = {"sheet": sheet, "n_up": n_up, "crop_marks": crop_marks, "duplex": duplex}
        job = BuildJob(exercises=_exercises(exercises, resolved), combine=True, layout=resolved, printing=printing,
                       copies=copies, jobs=1, fail_fast=True)
        return _pdf(_run_build(job))


def render_booklet(exercises: Sequence[Exercise | Mapping], layout: str | Path | Mapping | Layout = "booklet-a5",
                   title: str | None = None, program: str | Path | Mapping | None = None, *, subtitle: str = "",
                   author: str | None = None, client: str | None = None, date: str | None = None, lang: str = "en",
                   group_by: str = "category", sort: str = "name", impose: bool = False) -> bytes:
    """A booklet: cover, contents, the exercises grouped and sorted, an index; with a
    ``program`` (a file, or a mapping as one would read), its exercises in its order with its
    doses, a schedule and a log sheet (its title, coach, client and start fill the cover where
    not given here).
    ``impose``: print-ready saddle-stitch sheets instead of pages."""
    from cardmaker.jobs import BookletJob, run_booklet as run

    with _process_untouched():
        resolved = _layout(layout)
        job = BookletJob(exercises=_exercises(exercises, resolved), layout=resolved, title=title, subtitle=subtitle,
                         author=author, client=client, date=date, lang=lang, group_by=group_by, sort=sort,
                         program=program, printing={"impose": "saddle-stitch"} if impose else {})
        return _pdf(run(job))


def prepare_build(job: BuildJob) -> BuildPlan:
    """``job`` checked before anything is read: its layout loaded, its options together, the
    cards fitting the sheets (``plan.sheets`` says what ``n_up`` "auto" chose)."""
    from cardmaker.jobs import prepare_build as prepare

    with _process_untouched():
        return prepare(job)


def run_build(job: BuildJob | BuildPlan, progress: Callable[[Outcome], None] | None = None,
              started: Callable[[int], None] | None = None) -> JobResult:
    """Run a build as `cardmaker build` does (see ``BuildJob``): cards to a folder, one file, or
    one combined PDF (returned as ``result.pdf`` when ``output`` is None), optionally on sheets.
    Each outcome goes to ``progress`` as it happens; ``result.errors`` and ``result.warnings``
    hold them all. A problem that stops the build raises ``CardmakerError``."""
    with _process_untouched():
        return _run_build(job, progress, started)


def run_booklet(job: BookletJob, progress: Callable[[Outcome], None] | None = None) -> JobResult:
    """Make a booklet as `cardmaker booklet` does (see ``BookletJob``): written to
    ``job.output``, or returned as ``result.pdf``."""
    from cardmaker.jobs import run_booklet as run

    with _process_untouched():
        return run(job, progress)


def _run_build(job, progress=None, started=None) -> JobResult:
    from cardmaker.jobs import run_build as run

    return run(job, progress, started)


def _pdf(result: JobResult) -> bytes:
    """The PDF a job made in memory; its first error raised when a card failed."""
    if result.errors:
        raise _first(result.errors[0])
    return result.pdf


def _layout(layout: str | Path | Mapping | Layout) -> Layout:
    from cardmaker.jobs.common import resolve_layout

    return resolve_layout(layout)


def _exercises(items: Sequence[Exercise | Mapping], layout: Layout) -> list[Exercise]:
    """Exercises as given, mappings read as exercise files would be (pictures from the working folder)."""
    if isinstance(items, (Mapping, Exercise)):
        raise DataError("expected a list of exercises, got a single one", hint="wrap it in a list: [exercise]")
    out = []
    for item in items:
        read = [item] if isinstance(item, Exercise) else read_exercises(item, layout=layout)
        for problem in getattr(read, "warnings", ()):  # the caller gets bytes: a Python warning says it
            warnings.warn(str(problem), UserWarning, stacklevel=3)
        out += read
    return out


def _looks_like_path(text: str, format: str | None) -> bool:
    """A ``str`` source is a path when it is one line naming an exercise file or folder, ending
    in a slash, or holding no ':' (an exercise's text has at least ``name: ...``): a mistyped
    folder is then "no such file or folder", not data that is "text, not an exercise"."""
    if format is not None or "\n" in text or not text.strip():
        return False
    return (text.lower().endswith(FILE_SUFFIXES) or text.endswith(("/", os.sep)) or ":" not in text
            or Path(text).is_dir())


def _document(source, format: str | None, folder: Path):
    """Data given in memory as the ``Document`` a file would have made."""
    from cardmaker.load.source import Document, parse_json, parse_yaml, plain

    if format is not None and format not in FORMATS:
        raise DataError(f"unknown format {format!r}", hint="use one of: " + ", ".join(FORMATS))
    name = folder / IN_MEMORY
    if isinstance(source, (bytes, bytearray)):
        try:
            source = bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DataError(f"is not UTF-8 text ({exc.reason} at byte {exc.start})", file=name) from None
    if isinstance(source, str):
        if format == "csv":
            from cardmaker.load.csv_table import parse_csv_text

            return parse_csv_text(source, name)
        return parse_json(name, source) if format == "json" else parse_yaml(source, name)
    if isinstance(source, Mapping) or (isinstance(source, Sequence) and all(isinstance(i, Mapping) for i in source)):
        return Document(name, plain(source))
    raise DataError(f"cannot read exercises from {type(source).__name__}",
                    hint="give a path, the text of a file, a mapping or a list of mappings")
