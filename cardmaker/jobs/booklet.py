"""A booklet: exercises (and a program) → one PDF with a cover, contents, the exercises grouped
and sorted, an index; optionally imposed for saddle-stitch printing."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cardmaker.batch.outcome import Report
from cardmaker.errors import CardmakerError
from cardmaker.load.program import program_file
from cardmaker.jobs.common import (Collector, JobResult, OptionError, about_theme, given, layout_inputs, load_exercises,
                                   located, print_settings, resolve_layout, selected)
from cardmaker.model import Exercise, Layout
from cardmaker.model.booklet import GROUPINGS, SORTS, BookletOptions

COVER_DEFAULTS = {"title": BookletOptions.title, "author": "", "client": "", "date": ""}


@dataclass(frozen=True)
class BookletJob:
    """What to put in the booklet. ``output``: the PDF to write (None: it comes back in the
    result). ``title``, ``author``, ``client``, ``date`` left None come from the ``program``
    when it has them (else "Exercise booklet" and nothing). ``printing``: print options over
    the layout's ``print:`` (``impose`` "saddle-stitch" with ``parts``, ``creep`` in mm,
    ``sheet``, ``crop_marks``, ``duplex``, ``back_offset`` (x, y) in mm, ``manual_duplex``).
    The exercises come from ``paths`` (files or folders), or as ``exercises`` already read."""

    paths: Sequence[str | Path] | str | Path = ()
    output: str | Path | None = None
    layout: str | Path | Mapping | Layout = "booklet-a5"
    title: str | None = None
    subtitle: str = ""
    author: str | None = None  # the coach
    client: str | None = None
    date: str | None = None  # printed as written
    lang: str = "en"
    group_by: str = "category"  # category | muscle | none (a program keeps its own order)
    sort: str = "name"  # name | file
    program: str | Path | Mapping | None = None
    printing: Mapping[str, object] = field(default_factory=dict)
    only: str | Sequence[str] = ""
    tags: Sequence[str] = ()
    exercises: Sequence[Exercise] | None = None
    allow_outside: bool = False


def run_booklet(job: BookletJob, progress: Report | None = None) -> JobResult:
    """Make the booklet: problems reading the exercises go to ``progress`` and into the result
    (the others are used), a warning for a part too thick to staple too; ``made`` is the number
    of exercises in it. A problem that stops the booklet raises."""
    from cardmaker.render.booklet import render_booklet

    _check_choices(job)
    result = JobResult()
    report = Collector(result, progress)
    layout = resolve_layout(job.layout)
    printing = print_settings(layout, job.printing)
    others = tuple(k for k, v in job.printing.items() if k != "impose" and v is not None)
    if printing.impose == "none" and others:
        raise OptionError(f"{', '.join(others)} lay out imposed sheets: impose them (saddle-stitch)",
                          options=others, needs="impose")
    output = Path(job.output) if job.output is not None else None
    about_theme(layout, report)
    held = _Held(report) if job.program is not None else report
    used: set[str] | None = None  # the files of the program's exercises, once it has chosen them
    try:
        found = _exercises(job, layout, held, output)
        exercises = selected(found, job.only, job.tags)
        details, plan, planned = _contents(job, found if job.program is not None else exercises, layout,
                                           result.failed)
        if plan is not None and (job.only or job.tags):  # the program's ids are read among all the files given
            chosen = {ex.id for ex in exercises}
            planned = [(ex, entry) for ex, entry in planned if ex.id in chosen]
            plan = replace(plan, entries=tuple(e for e in plan.entries if e.id in chosen))
            if not planned:
                raise CardmakerError("--only and --tags chose none of the program's exercises",
                                     hint="name ids the program lists, or leave them out for the whole program")
        used = {str(ex.source) for ex, _ in planned or []}
    finally:  # (a program that cannot be used, or nothing read: every warning said)
        if isinstance(held, _Held):
            held.release(used)
    if output is not None and printing.impose == "none":  # pages written to the file as they are finished
        _stream(output, lambda sink: render_booklet(exercises, layout, details, plan, planned, sink))
        result.written.append(output)
    else:
        pdf = render_booklet(exercises, layout, details, plan, planned)
        if printing.impose == "saddle-stitch":
            pdf = _imposed(pdf, printing, layout, report)
        if output is None:
            result.pdf = pdf
        else:
            _write(output, pdf)
            result.written.append(output)
    result.made = len(planned) if planned is not None else len(exercises)
    return result


class _Held:
    """A report that holds back the warnings about exercise files until a program has chosen
    its exercises: those about files it does not use are kept in the job's result (the API
    has them all) but counted in one line, not each said (the probe's program booklet warned
    about five files it did not print)."""

    def __init__(self, report: Collector):
        self.report, self.held = report, []

    def __call__(self, outcome) -> None:
        if outcome.warning is not None and outcome.source is not None:
            self.held.append(outcome)
        else:
            self.report(outcome)

    def release(self, used: set[str] | None) -> None:
        """Say the warnings about the files in ``used`` (None: all), and how many others there were."""
        unused = [o for o in self.held if used is not None and str(o.source) not in used]
        for outcome in self.held:
            if used is None or str(outcome.source) in used:
                self.report(outcome)
            else:
                self.report.result.warnings.append(outcome.warning)
        if unused:
            files = len({str(o.source) for o in unused})
            self.report.warn(f"{len(unused)} warning{'s' if len(unused) > 1 else ''} about {files} "
                             f"file{'s' if files > 1 else ''} whose exercises the program does not use, not shown "
                             f"(cardmaker validate lists them)")


def _check_choices(job: BookletJob) -> None:
    """``group_by`` and ``sort`` among their choices (the CLI's --group-by and --sort), as
    ``OptionError``: a typo in code must not quietly give an ungrouped booklet; and the
    program a path or a mapping."""
    program_file(job.program)
    for key, choices in (("group_by", GROUPINGS), ("sort", SORTS)):
        value = getattr(job, key)
        if value not in choices:
            raise OptionError(f"unknown {key} {value!r}", field=key, options=(key,),
                              hint="use one of: " + ", ".join(choices))


def _exercises(job: BookletJob, layout: Layout, report: Report, output: Path | None) -> list[Exercise]:
    from cardmaker.output_guard import prepare_output_file

    if output is not None:
        prepare_output_file(output)
    if job.exercises is None:
        paths = (job.paths,) if isinstance(job.paths, (str, Path)) else tuple(job.paths)
        return load_exercises(paths, report, layout, program_file(job.program), job.allow_outside, output)
    if output is not None:
        layout_inputs(layout, program_file(job.program)).check(output)
    if not job.exercises:
        raise CardmakerError("no exercises given")
    return given(job.exercises, report)


def _contents(job: BookletJob, exercises: list[Exercise], layout: Layout, unread: int):
    """(the booklet's options, the program, its exercises with their prescriptions): what the
    job gives wins over what the program says, which wins over the defaults."""
    from cardmaker.load.program import apply, load_program

    cover = {k: unicodedata.normalize("NFC", v) for k in COVER_DEFAULTS if (v := getattr(job, k)) is not None}
    rest = {k: unicodedata.normalize("NFC", getattr(job, k)) for k in ("subtitle", "lang", "group_by", "sort")}
    if job.program is None:
        return BookletOptions(**{**COVER_DEFAULTS, **cover}, **rest), None, None
    known = {ex.id: ex for ex in exercises}
    plan = load_program(job.program, known, layout.fonts, unread)
    from_program = {"title": plan.title, "author": plan.coach, "client": plan.client, "date": plan.start}
    cover = {**COVER_DEFAULTS, **{k: v for k, v in from_program.items() if v}, **cover}
    return BookletOptions(**cover, **{**rest, "group_by": "none"}), plan, apply(plan, known)


def _imposed(pdf: bytes, printing, layout: Layout, report: Collector) -> bytes:
    """The pages in saddle-stitch order on sheets; a warning for a part too thick to staple."""
    from cardmaker.press.sheets import saddle, stapled_too_thick

    try:
        imposed, too_thick = saddle(pdf, printing, layout.bleed), stapled_too_thick(pdf, printing)
    except CardmakerError as exc:
        raise located(exc, printing, "sheet") from None
    if too_thick:
        report.warn(too_thick)
    return imposed


def _stream(output: Path, write) -> None:
    """``write(sink)`` writes the PDF into ``sink``, which becomes ``output`` when it is done,
    unless what is at ``output`` by then may not be replaced (a file put there meanwhile)."""
    from cardmaker.output import PendingFile, cannot_write
    from cardmaker.output_guard import check_replaceable

    file = PendingFile(output)
    try:
        write(file.sink)
        try:
            check_replaceable(output)  # checked before the run, and again: the run may be long
        except OSError as exc:
            raise cannot_write(exc, output) from None
    except BaseException:
        file.discard()
        raise
    file.commit()


def _write(output: Path, pdf: bytes) -> None:
    from cardmaker.output import cannot_write, write_atomic

    try:
        write_atomic(output, pdf)
    except OSError as exc:
        raise cannot_write(exc, output) from None
