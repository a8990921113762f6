"""What the build and booklet jobs share: the layout resolved, the exercises read, print options
laid over the layout's, and the outcomes of a run collected as data.

Nothing here prints or exits: progress goes to a callback, warnings and errors come back in the
result, and a problem that stops the job is raised (a located ``CardmakerError``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardmaker.batch.outcome import Outcome, Report
from cardmaker.errors import CardmakerError
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import PrintSettings

Started = Callable[[int], None]  # told how many items a run will go through (a progress bar's total)
LENGTHS_MM = ("back_offset", "creep")  # print options given in mm, held in points
NO_EXERCISE_FILES = "no exercise files found (.yaml, .yml, .json, .csv or .xlsx)"
NOTHING_READ = "no exercise could be read"  # after each file's problem was reported: the CLI says no more


@dataclass
class OptionError(CardmakerError):
    """Options of a job that do not go together (the command line's usage error, exit 2).
    ``options`` names those given in vain, ``needs`` what would make them work."""

    options: tuple[str, ...] = ()
    needs: str = ""


@dataclass
class JobResult:
    """What a job did: each output written (or found up to date), the problems, the warnings.

    ``errors`` are the inputs that failed (the others were made) and problems that are no one
    input's (an output that could not be written); ``ok`` is True when there is none."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # up to date: not made again
    errors: list[CardmakerError] = field(default_factory=list)
    warnings: list[CardmakerError] = field(default_factory=list)
    pdf: bytes | None = None  # the PDF, when the job was given no file to write it to
    made: int = 0  # cards built (a build) or exercises in the booklet
    failed: int = 0  # inputs (files, exercises) that failed, as the command line counts them

    @property
    def ok(self) -> bool:
        return not self.errors


class Collector:
    """The ``Report`` a job's batch steps call: each outcome kept in the result, then passed on
    to the caller's ``progress`` callback (the command line's progress bar)."""

    def __init__(self, result: JobResult, progress: Report | None = None):
        self.result, self.progress = result, progress
        self.written: set[Path] = set(result.written)  # (a list's search per card made a build quadratic)

    def __call__(self, outcome: Outcome) -> None:
        result = self.result
        if outcome.warning is not None:
            result.warnings.append(outcome.warning)
        elif not outcome.ok:
            result.errors.append(outcome.error)
            if not outcome.also and (outcome.source is not None or outcome.item is not None):
                result.failed += 1
        elif outcome.skipped:
            result.skipped.append(outcome.output)
        else:
            result.made += 1
            if outcome.output is not None and outcome.output not in self.written:
                self.written.add(outcome.output)
                result.written.append(outcome.output)
        if self.progress is not None:
            self.progress(outcome)

    def warn(self, message: str) -> None:
        """A warning that is no one input's."""
        self(Outcome(None, warning=CardmakerError(message)))


def resolve_layout(layout: str | Path | Mapping | Layout) -> Layout:
    """A checked layout from a built-in name, a file's path or a mapping (or one given as is)."""
    from cardmaker.load.layout import layout_from_mapping, load_layout

    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, Mapping):
        return layout_from_mapping(dict(layout))
    if not isinstance(layout, (str, Path)):
        got = "None" if layout is None else type(layout).__name__
        raise CardmakerError(f"layout: expected a built-in layout's name, a layout file's path or a mapping, got {got}",
                             hint="e.g. layout='wall-card-a4'")
    return load_layout(layout)


def print_settings(layout: Layout, options: Mapping) -> PrintSettings:
    """The layout's print settings with the job's options laid over them (None: not given;
    ``back_offset`` and ``creep`` in mm)."""
    given = {k: v for k, v in options.items() if v is not None}
    unknown = set(given) - set(PrintSettings.__dataclass_fields__) - {"origins"}
    if unknown:
        raise OptionError(f"unknown print option {', '.join(sorted(unknown))!r}", options=tuple(sorted(unknown)),
                          hint="use: " + ", ".join(k for k in PrintSettings.__dataclass_fields__ if k != "origins"))
    for key, choices in _choices().items():
        if key in given and isinstance(given[key], str):  # "a4" is A4, as "Auto" is auto
            given[key] = next((c for c in choices if isinstance(c, str) and c.lower() == given[key].lower()),
                              given[key])
        if key in given and given[key] not in choices:
            raise OptionError(f"unknown {key} {given[key]!r}", field=key, options=(key,),
                              hint="use one of: " + ", ".join(map(str, choices)))
    if "n_up" in given:
        from cardmaker.press.geometry import parse_n_up

        try:
            parse_n_up(given["n_up"])
        except ValueError as exc:
            raise OptionError(str(exc), field="n_up", options=("n_up",)) from None
        given["n_up"] = given["n_up"].strip().lower()
    given.update(_in_points(given))
    origins = tuple(o for o in layout.printing.origins if o[0] not in given)
    return replace(layout.printing, **given, origins=origins)


def _choices() -> dict[str, tuple]:
    from cardmaker.model.layout import CROP_MARKS, DUPLEX_FLIPS, IMPOSITIONS, SHEET_NAMES

    return {"sheet": (*SHEET_NAMES, "none"), "crop_marks": tuple(CROP_MARKS), "duplex": tuple(DUPLEX_FLIPS),
            "impose": tuple(IMPOSITIONS), "manual_duplex": (True, False)}


def _in_points(options: dict) -> dict:
    """``back_offset`` (x, y) and ``creep`` checked (as the command line checks them) and in points."""
    from cardmaker.press.geometry import MM

    out = {}
    if "back_offset" in options:
        try:
            dx, dy = (float(v) for v in options["back_offset"])
            if not (abs(dx) <= 20 and abs(dy) <= 20):  # also refuses nan
                raise ValueError
        except (TypeError, ValueError):
            raise OptionError(f"expected (x, y) in mm, each within ±20, got {options['back_offset']!r}",
                              field="back_offset", options=("back_offset",)) from None
        out["back_offset"] = (dx * MM, dy * MM)
    if "creep" in options:
        creep = options["creep"]
        if not isinstance(creep, (int, float)) or not 0 <= creep <= 5:
            raise OptionError(f"expected mm from 0 to 5, got {creep!r}", field="creep", options=("creep",))
        out["creep"] = creep * MM
    return out


def located(error: CardmakerError, printing: PrintSettings, key: str) -> CardmakerError:
    """``error`` placed at the layout line that set ``key``, when the layout set it."""
    where = printing.origin(key)
    if where is not None and error.file is None:
        error.file, error.line, error.field = where[0], where[1], f"print.{key}"
    return error


def about_theme(layout: Layout, report: Report) -> None:
    """A warning for a layout of the user's whose text colours fall below 4.5:1 contrast on
    what they are printed on (WCAG AA; the built-ins keep it): a heading of #fafafa on white
    printed invisible without a word."""
    from cardmaker.colors import low_contrast
    from cardmaker.errors import LayoutError

    low = low_contrast(layout.theme)
    if low and layout.source is not None:
        report(Outcome(None, warning=LayoutError(
            f"text colours below 4.5:1 contrast: {'; '.join(low)}", file=layout.source, field="theme",
            hint="darken them, or lighten what they are printed on; wall cards are read from across a room")))


def layout_inputs(layout: Layout, program: Path | None = None):
    """The files a run reads before any exercise: the layout's, its fonts and logo, the program."""
    from cardmaker.output_guard import Inputs

    inputs = Inputs(layout.files, "a layout file")
    inputs.add(layout.inputs, "a font or logo of the layout")
    inputs.add([program], "a program file")
    return inputs


def read_inputs(paths: Iterable[str | Path], report: Report, layout: Layout, program: Path | None = None,
                allow_outside: bool = False):
    """The exercises under ``paths``, and every file the run reads (to keep outputs off them)."""
    from cardmaker.batch import load_all

    inputs = layout_inputs(layout, program)
    exercises = load_all(paths, report, layout.fonts, (layout.source, program), allow_outside, inputs,
                         layout.footer.qr)
    return exercises, inputs


def load_exercises(paths, report: Report, layout: Layout, program: Path | None = None, allow_outside: bool = False,
                   output: Path | None = None) -> list[Exercise]:
    """Every exercise under ``paths`` (not the layout or program file kept among them); an
    error when none could be read, or when ``output`` would replace one of the files read."""
    exercises, inputs = read_inputs(paths, report, layout, program, allow_outside)
    if output is not None:
        inputs.check(output)
    if not exercises:
        raise CardmakerError(NOTHING_READ, file=", ".join(map(str, paths)),
                             hint="give exercise files (.yaml, .yml, .json, .csv, .xlsx) or folders of them")
    return exercises


def given(exercises: Iterable[Exercise], report: Report) -> list[Exercise]:
    """Exercises a job was given in code, as a list; the warnings met reading them
    (``api.read_exercises``'s ``warnings``: a picture not found...) reported with the job's."""
    for warning in getattr(exercises, "warnings", ()):
        report(Outcome(warning.file, warning=warning))
    return list(exercises)


def selected(exercises: list[Exercise], only: str | Iterable[str], tags: Iterable[str]) -> list[Exercise]:
    """The exercises ``only`` (ids, a comma-separated string or a list) and ``tags`` pick; all when neither."""
    from cardmaker.batch import select_exercises

    only = only if isinstance(only, str) else ",".join(only)
    tags = tuple(tags)
    return select_exercises(exercises, only, tags) if exercises and (only or tags) else exercises
