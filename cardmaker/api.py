"""cardmaker from Python: exercise data in, PDF bytes out (``import cardmaker``).

For services and scripts that hold their exercises in memory or in files of their own::

    import cardmaker

    exercises = cardmaker.read_exercises("exercises/")           # a folder, a file, text, bytes,
    pdf = cardmaker.render_card(exercises[0], layout="wall-card-a4")  # a mapping or a list of them
    sheets = cardmaker.render_cards(exercises, layout="index-card-3x5", sheet="A4")
    booklet = cardmaker.render_booklet(exercises, title="Knee rehab")

Every function gives bytes and writes nothing; errors are the located exceptions of
``cardmaker.errors`` (all ``CardmakerError``). Nothing process-wide is left changed: reportlab's
settings and the csv module's field limit are put back after each call, and the umask is never
touched, so the functions can run in threads of a server or in a process pool.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from cardmaker.errors import DataError, DataWarning
from cardmaker.model import Exercise, Layout

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
    from cardmaker.load.exercise import find_exercise_files, load_document, load_file

    with _process_untouched():
        fonts = _layout(layout if layout is not None else "card-a4").fonts
        if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source, format)):
            found, problems = [], []
            for file in find_exercise_files([source], problems):
                confine = None if allow_outside else Path(root or file.parent)
                found.append(load_file(file, fonts, confine))
            results = found
        else:
            folder = Path(root) if root is not None else Path.cwd()
            results = [load_document(_document(source, format, folder), fonts, None if allow_outside else folder)]
    exercises, errors = [], []
    for good, bad in results:
        exercises += good
        errors += [e for e in bad if not isinstance(e, DataWarning)]
    if errors:
        raise _first(errors[0])
    return exercises


def _first(error: DataError) -> DataError:
    """One exercise's problems are carried together; the API raises the first, located."""
    from cardmaker.load.exercise import Problems

    first = error.problems[0] if isinstance(error, Problems) else error
    if first.file is not None and first.file.name == IN_MEMORY:
        first.file = None  # data given in code has no file to name
    return first


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
                 sheet: str | None = None, n_up: str = "auto", copies: int | list[int] = 1,
                 crop_marks: str | None = None, duplex: str | None = None) -> bytes:
    """All the cards in one PDF, in order, a bookmark each; with ``sheet`` ("A4", "Letter",
    "A3"), placed ``n_up`` to a sheet ("auto" or e.g. "2x2") with ``crop_marks`` ("all",
    "outer", "cut-lines", "none") and backs for ``duplex`` ("long", "short"), each card
    ``copies`` times (one number, or one per card)."""
    from dataclasses import replace

    from cardmaker.press.sheets import cards_on_sheets
    from cardmaker.render.card import fit_size
    from cardmaker.render.combined import render_combined

    with _process_untouched():
        resolved = _layout(layout)
        cards = _exercises(exercises, resolved)
        pdf = render_combined([(ex, fit_size(ex, resolved)) for ex in cards], resolved)
        if sheet is None:
            if copies != 1:
                raise DataError("copies are for cards on sheets", hint="give sheet='A4' (or Letter, A3)")
            return pdf
        printing = replace(resolved.printing, sheet=sheet, n_up=n_up, crop_marks=crop_marks, duplex=duplex)
        return cards_on_sheets(pdf, resolved, printing, copies)


def render_booklet(exercises: Sequence[Exercise | Mapping], layout: str | Path | Mapping | Layout = "booklet-a5",
                   title: str = "Exercise booklet", program: str | Path | None = None, *, subtitle: str = "",
                   author: str = "", client: str = "", date: str = "", lang: str = "en",
                   group_by: str = "category", sort: str = "name", impose: bool = False) -> bytes:
    """A booklet: cover, contents, the exercises grouped and sorted, an index; with a
    ``program`` file, its exercises in its order with its doses, a schedule and a log sheet.
    ``impose``: print-ready saddle-stitch sheets instead of pages."""
    from dataclasses import replace

    from cardmaker.load.program import apply, load_program
    from cardmaker.model.booklet import BookletOptions
    from cardmaker.press.sheets import saddle
    from cardmaker.render.booklet import render_booklet as render

    options = BookletOptions(title=title, subtitle=subtitle, author=author, client=client, date=date, lang=lang,
                             group_by=group_by, sort=sort)
    with _process_untouched():
        resolved = _layout(layout)
        chosen = _exercises(exercises, resolved)
        plan = planned = None
        if program is not None:
            known = {ex.id: ex for ex in chosen}
            plan = load_program(program, known, resolved.fonts)
            planned = apply(plan, known)
            options = replace(options, group_by="none")
        pdf = render(chosen, resolved, options, plan, planned)
        if impose:
            pdf = saddle(pdf, replace(resolved.printing, impose="saddle-stitch"), resolved.bleed)
        return pdf


def _layout(layout: str | Path | Mapping | Layout) -> Layout:
    from cardmaker.load.layout import layout_from_mapping, load_layout as load

    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, Mapping):
        return layout_from_mapping(dict(layout))
    return load(layout)


def _exercises(items: Sequence[Exercise | Mapping], layout: Layout) -> list[Exercise]:
    """Exercises as given, mappings read as exercise files would be (pictures from the working folder)."""
    if isinstance(items, (Mapping, Exercise)):
        raise DataError("expected a list of exercises, got a single one", hint="wrap it in a list: [exercise]")
    out = []
    for item in items:
        out += [item] if isinstance(item, Exercise) else read_exercises(item, layout=layout)
    return out


def _looks_like_path(text: str, format: str | None) -> bool:
    """A ``str`` source is a path when it is one line naming an exercise file or folder."""
    if format is not None or "\n" in text or not text.strip():
        return False
    return text.lower().endswith(FILE_SUFFIXES) or Path(text).is_dir()


def _document(source, format: str | None, folder: Path):
    """Data given in memory as the ``Document`` a file would have made."""
    from cardmaker.load.source import Document, parse_yaml

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
        return parse_yaml(source, name)
    if isinstance(source, Mapping) or (isinstance(source, Sequence) and all(isinstance(i, Mapping) for i in source)):
        return Document(name, _plain(source))
    raise DataError(f"cannot read exercises from {type(source).__name__}",
                    hint="give a path, the text of a file, a mapping or a list of mappings")


def _plain(value):
    """Mappings and sequences as the dicts and lists a parsed file holds."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
