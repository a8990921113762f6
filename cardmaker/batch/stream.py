"""Exercise files → one combined PDF, loading overlapped with drawing (``build --combine``).

Each worker process takes a file's path and gives back everything this process needs and
nothing more: the file's problems, and for each exercise its id, line, picture, build digest and
card prepared for the shared document (``render.combined.prepared_card``), or the error that
stopped it. The exercises themselves stay in the worker. This process takes the files in input
order, as their results arrive, with only a few files in flight: it reports what ``load_all``
would (the same messages, an id used twice kept at its first place), writes each card's pages, and finishes
the file at the end as ``build_combined`` does.

Used when all exercises found are wanted and nothing may be up to date (no ``--only``, ``--tag``
or ``--program``; ``--force``, or no recorded build of the file); otherwise the classic path
loads everything first, because it needs every exercise before it starts.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from cardmaker import incremental, pool
from cardmaker.batch.gather import files_with_roots, report_problem, unexpected
from cardmaker.batch.outcome import (BuildOptions, LeftOut, Outcome, Report, about_card, commit, open_record,
                                     pending, save)
from cardmaker.errors import CardmakerError, DataWarning, RenderError
from cardmaker.model import Layout
from cardmaker.output import PendingFile, WriteFailed, interrupts_held, through_link
from cardmaker.output_guard import Inputs


@dataclass(frozen=True)
class Card:
    """One exercise as a worker gives it back: what the build reports, records and draws."""

    source: Path
    id: str
    line: int | None
    pictures: tuple[Path, ...]  # every picture file the card names
    digest: str
    result: object  # the prepared pages, or the CardmakerError to report
    name: str = ""  # the exercise's name (a combined PDF of one card takes it as its title)
    cut: tuple[str, ...] = ()  # the sections the layout cuts short on this card (``model.omitted.cut``)
    dropped: tuple[str, ...] = ()  # the optional sections it gave up for room (``model.omitted.dropped``)


@dataclass
class _Drawn:
    """What the drawing side has seen so far, on ``layout``."""

    layout: Layout

    seen: dict[str, str] = field(default_factory=dict)  # id → where it was first seen
    digests: list[str] = field(default_factory=list)  # of every exercise kept, in order
    built: list[tuple[Path, str, tuple[Path, ...]]] = field(default_factory=list)  # (source, id, pictures) drawn
    stopped: bool = False  # --fail-fast met a failure
    cut: list[tuple[str, ...]] = field(default_factory=list)  # the sections cut short, a card kept


def could_stream(target: Path | None, force: bool) -> bool:
    """Whether a combined build may start drawing before every file is read: only when the
    result cannot be up to date (``--force``, or no build of ``target`` recorded beside the
    file it writes: a link's file, in its own folder)."""
    if force or target is None:
        return True
    written = through_link(target)
    return not incremental.BuildRecord(written.parent).may_be_fresh(written)


def stream_combined(paths, layout: Layout, target: Path | None, report: Report, inputs: Inputs,
                    options: BuildOptions = BuildOptions(), sheets=None, not_exercises=(),
                    allow_outside: bool = False, start=None) -> tuple[int, bytes | None]:
    """(exercises found, the PDF when it is not written: ``target`` None, or the cards go on
    ``sheets``, ``render.combined.Combined``'s placer: the caller writes them).
    Raises CardmakerError (nothing written) when ``target`` is one of the files read.
    ``start`` is told how many files there are (a progress bar's total, before the exercises are known)."""
    from cardmaker.batch.build import warm_up

    if target is not None:
        target = through_link(target)
    jobs = exercise_files(paths, report, inputs, not_exercises, start)
    if target is not None:
        inputs.check(target)
    warm_up(layout)
    file = None
    try:
        file = pending(target) if target is not None and sheets is None else None  # the cards go into it as drawn
        return _finish(_draw(jobs, layout, report, options, allow_outside, sheets, file), target, report, inputs,
                       file)
    finally:
        if file is not None:
            file.discard()  # (nothing, once committed)


def _finish(drawn_pdf: tuple[_Drawn, bytes | None], target: Path | None, report: Report, inputs: Inputs,
            file: PendingFile | None) -> tuple[int, bytes | None]:
    """What was drawn reported, and ``file`` put in place and recorded: ``stream_combined``'s result."""
    drawn, pdf = drawn_pdf
    found = len(drawn.digests)
    said = LeftOut(drawn.layout)
    for cut in drawn.cut:
        said.add(cut)
    said.report(report)
    if not drawn.built:
        return found, None
    inputs.add([picture for _, _, pictures in drawn.built for picture in pictures], "a picture")
    if target is not None:
        inputs.check(target)
    if file is None:
        _report_built(drawn.built, target, report)
        return found, pdf
    record = open_record(target.parent, report)
    with interrupts_held():  # a file written is a file recorded, even on Ctrl-C or SIGTERM
        written = commit(file)
        if isinstance(written, CardmakerError):
            report(Outcome(None, error=written))
            return found, None
        if len(drawn.built) == found:  # a file missing a failed card is rebuilt next time
            record.record(target, incremental.combined_digest(drawn.digests), written)
        save(record, report)
    _report_built(drawn.built, target, report)
    return found, None


def exercise_files(paths, report: Report, inputs: Inputs, not_exercises=(), start=None) -> list[tuple[Path, Path]]:
    """Each exercise file to read, with the folder its pictures must stay in (``load_all``'s
    choice of files), added to ``inputs``; ``start`` is told how many."""
    skipped = {Path(p).resolve() for p in not_exercises if p is not None}
    jobs = [(file, root) for file, root in files_with_roots(paths, report) if file.resolve() not in skipped]
    from cardmaker.load.xlsx_table import split_sheet

    inputs.add([split_sheet(file)[0] for file, _ in jobs], "an exercise file")  # a workbook, not its '#sheet' name
    if start is not None:
        start(len(jobs))
    return jobs


def _draw(jobs: list[tuple[Path, Path]], layout: Layout, report: Report, options: BuildOptions,
          allow_outside: bool, sheets=None, file: PendingFile | None = None) -> tuple[_Drawn, bytes | None]:
    """Every file's cards drawn in input order as the workers give them, and the PDF (None
    when it went into ``file``, b"" when no card was drawn); nothing drawn when --fail-fast
    stopped, nor built when ``file`` could not be written (the error reported; the exercises
    found so far still count as found)."""
    from cardmaker.render.combined import Combined

    combined, drawn = Combined(layout, sheets, file.sink if file is not None else None), _Drawn(layout)
    shared = (layout, allow_outside, incremental.layout_digest(layout))
    try:
        with closing(pool.imap(_load_and_prepare, jobs, shared, options.jobs, restarted(report),
                               ordered=True)) as results:
            for i, result in results:
                if isinstance(result, pool.WorkerStopped):
                    result = lost_file(jobs[i], shared, result)
                _take(jobs[i][0], *result, drawn, combined, report, options.fail_fast)
                if drawn.stopped:
                    return _Drawn(layout), b""
        return drawn, combined.finish() if drawn.built else b""
    except WriteFailed as exc:  # the disk full: one error for the file; its cards are neither built nor failed
        report(Outcome(None, error=exc))
        drawn.built.clear()
        return drawn, b""


def _take(file: Path, problems: list, cards: list[Card], drawn: _Drawn, combined, report: Report,
          fail_fast: bool) -> None:
    """One file's results: its problems reported, each card kept (an id seen before is an
    error, as ``load_all`` says it) and drawn, or its error reported."""
    for exc in problems:
        report_problem(report, file, exc)
        drawn.stopped = drawn.stopped or (fail_fast and not isinstance(exc, DataWarning))
    for card in cards:
        if not first_use(card, drawn.seen, report):
            drawn.stopped = drawn.stopped or fail_fast
            continue
        drawn.digests.append(card.digest)
        drawn.cut.append(card.cut)
        if isinstance(card.result, CardmakerError):
            report(Outcome(file, item=card.id, error=card.result))
            drawn.stopped = drawn.stopped or fail_fast
            continue
        about_card(card.source, card.id, card.result.size, len(card.result), combined.layout, report, card.dropped)
        combined.add(card.result, card.name)  # and let go of the pages: only what the report needs is kept
        drawn.built.append((card.source, card.id, card.pictures))


def first_use(card: Card, seen: dict[str, str], report: Report) -> bool:
    """Whether ``card``'s id is new; if not, the error ``load_all`` gives (the first one is kept)."""
    if card.id in seen:
        report(Outcome(card.source, item=card.id, error=CardmakerError(
            f"exercise id '{card.id}' is also used at {seen[card.id]}", file=card.source, line=card.line,
            field="id", hint="give one of them a different 'id'")))
        return False
    seen[card.id] = f"{card.source}:{card.line}" if card.line else str(card.source)
    return True


def load_checked(file: Path, root: Path, layout: Layout, allow_outside: bool) -> tuple[list, list]:
    """(exercises, problems) of one file, as ``load_all`` reads it; never raises."""
    from cardmaker.load.exercise import load_file

    try:
        return load_file(file, layout.fonts, None if allow_outside else root, layout.footer.qr)
    except CardmakerError as exc:
        return [], [exc]
    except Exception as exc:  # a bug must not stop the rest of the batch
        return [], [unexpected(file, exc)]


def lost_file(job: tuple[Path, Path], shared, stopped: pool.WorkerStopped) -> tuple[list, list[Card]]:
    """A file whose worker died twice: read here, so that each of its cards can be named as not done."""
    (file, root), (layout, allow_outside, key) = job, shared[:3]
    loaded, problems = load_checked(file, root, layout, allow_outside)
    return problems, [Card(file, ex.id, ex.line, ex.picture_files, incremental.card_digest(ex, key),
                           RenderError(f"'{ex.id}' not done: {stopped.message}", file=file, hint=stopped.hint), ex.name)
                      for ex in loaded]


def _report_built(built: list[tuple[Path, str, tuple[Path, ...]]], target: Path | None, report: Report) -> None:
    for source, ident, _ in built:  # counted as built once they are really in the file
        report(Outcome(source, output=target, item=ident))


def restarted(report: Report):
    def restarted(count: int) -> None:
        report(Outcome(None, warning=RenderError(
            f"a worker process stopped unexpectedly (out of memory?); the {count} "
            f"{'file' if count == 1 else 'files'} not finished went to new workers")))
    return restarted


def _load_and_prepare(job: tuple[Path, Path], shared) -> tuple[list[CardmakerError], list[Card]]:
    """In a worker: one file loaded and checked, each of its exercises laid out and prepared."""
    from cardmaker.batch.build import guarded
    from cardmaker.model.omitted import cut, dropped
    from cardmaker.render.combined import prepared_card

    (file, root), (layout, allow_outside, key) = job, shared
    loaded, problems = load_checked(file, root, layout, allow_outside)
    cards = []
    for ex in loaded:
        result = guarded(prepared_card, ex, layout)
        cards.append(Card(file, ex.id, ex.line, ex.picture_files, incremental.card_digest(ex, key), result,
                          ex.name, cut(layout, ex), dropped(layout, ex, getattr(result, "size", None))))
    return problems, cards
