"""Exercises → PDFs, one outcome per exercise; one bad exercise never stops the others.

Cards are laid out in worker processes (``pool``), each once. For one PDF per card a worker
gives the card's bytes and this process writes the file, atomically, so a PDF is either complete
or absent, even after Ctrl-C; outputs whose inputs have not changed are skipped (``incremental``).
For one combined PDF a worker gives each card's prepared pages (``render.combined.prepared_card``)
and this process writes them into the one document as they arrive, in input order, with only a few
cards in flight, so memory stays flat however many there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from cardmaker import incremental, pool
from cardmaker.batch.outcome import (BuildOptions, Outcome, Report, about_card, commit, open_record,
                                     pending, save)
from cardmaker.batch.writer import Writer
from cardmaker.model.omitted import dropped
from cardmaker.errors import CardmakerError, RenderError
from cardmaker.model import Exercise, Layout
from cardmaker.output import PendingFile, WriteFailed, interrupts_held, output_path, through_link

if TYPE_CHECKING:
    from cardmaker.render.combined import Sheets


def build_cards(exercises: list[Exercise], layout: Layout, out_dir: Path, report: Report,
                options: BuildOptions = BuildOptions()) -> None:
    """Render each exercise to ``out_dir/<id>.pdf``, skipping those already up to date."""
    record = open_record(out_dir, report)
    key = incremental.layout_digest(layout)
    todo = []
    named: dict[Path, str] = {}  # file → the id written there (the locale may spell two ids alike)
    for ex in exercises:
        target, digest = output_path(out_dir, ex.id, ".pdf"), incremental.card_digest(ex, key)
        if named.setdefault(target, ex.id) != ex.id:
            report(Outcome(ex.source, item=ex.id, error=CardmakerError(
                f"'{ex.id}' would be written to {target}, as '{named[target]}' is: this locale's file "
                f"names cannot tell them apart", file=ex.source, field="id", hint="give one of them another id")))
            continue
        if not options.force and record.fresh(target, digest):
            report(Outcome(ex.source, output=target, item=ex.id, skipped=True))
        else:
            todo.append((ex, target, digest))
    warm_up(layout)
    writer = Writer(record, report)  # a card written is a card recorded, even on Ctrl-C
    try:
        with closing(_each(_render, [ex for ex, _, _ in todo], layout, options.jobs, report)) as results:
            for i, result in results:
                ex, target, digest = todo[i]
                if not isinstance(result, CardmakerError):
                    about_card(ex.source, ex.id, result.size, result.pages, layout, report,
                               dropped(layout, ex, result.size))
                    writer.add(ex.source, ex.id, target, digest, result)
                    if not (writer.failed and options.fail_fast):
                        continue
                    break
                report(Outcome(ex.source, item=ex.id, error=result))
                if options.fail_fast:
                    break
    finally:
        writer.close()
        save(record, report)  # what was written before an interruption is not built again


def build_combined(exercises: list[Exercise], layout: Layout, target: Path | None, report: Report,
                   options: BuildOptions = BuildOptions(), sheets: Sheets | None = None) -> bytes | None:
    """Every card in one PDF, in input order: written to ``target``, or returned when it is
    None (stdout) or the cards go on ``sheets`` (``render.combined.Combined``'s placer: the
    caller writes the sheets, never up to date)."""
    key = incremental.layout_digest(layout)
    digest = incremental.combined_digest([incremental.card_digest(ex, key) for ex in exercises])
    if target is not None:
        target = through_link(target)  # the record goes beside the file written, not beside a link to it
    record = open_record(target.parent, report) if target and sheets is None else None
    if record and not options.force and record.fresh(target, digest):
        for ex in exercises:
            report(Outcome(ex.source, output=target, item=ex.id, skipped=True))
        return None
    file = None
    try:
        file = pending(target) if record is not None else None  # the cards go into it as they are drawn
        built, pdf = _draw_combined(exercises, layout, report, options, sheets, file)
        if not built:  # nothing to put in it (or --fail-fast stopped): no file (an empty PDF is not a PDF)
            return None
        if record is not None:
            with interrupts_held():  # a file written is a file recorded, even on Ctrl-C or SIGTERM
                written = commit(file)
                if isinstance(written, CardmakerError):
                    report(Outcome(None, error=written))
                    return None
                if len(built) == len(exercises):  # a file missing a failed card is rebuilt next time
                    record.record(target, digest, written)
                save(record, report)
    finally:
        if file is not None:
            file.discard()  # (nothing, once committed)
    for i in built:  # counted as built once they are really in the file
        report(Outcome(exercises[i].source, output=target, item=exercises[i].id))
    return None if record is not None else pdf


def _draw_combined(exercises: list[Exercise], layout: Layout, report: Report, options: BuildOptions,
                   sheets: Sheets | None = None, file: PendingFile | None = None) -> tuple[list[int], bytes | None]:
    """(indexes of the cards drawn, the PDF: None when it went into ``file``, b"" when no card
    was drawn): each card prepared in a worker, drawn here in order as it arrives; nothing
    drawn at all when --fail-fast stopped, or when ``file`` could not be written (the error
    reported)."""
    from cardmaker.render.combined import Combined

    warm_up(layout)
    combined = Combined(layout, sheets, file.sink if file is not None else None)
    built: list[int] = []
    try:
        with closing(_each(_prepare, exercises, layout, options.jobs, report, ordered=True)) as results:
            for i, result in results:
                ex = exercises[i]
                if isinstance(result, CardmakerError):
                    report(Outcome(ex.source, item=ex.id, error=result))
                    if options.fail_fast:
                        return [], b""
                    continue
                about_card(ex.source, ex.id, result.size, len(result), layout, report,
                           dropped(layout, ex, result.size))
                combined.add(result, ex.name)
                built.append(i)
        return built, combined.finish() if built else b""
    except WriteFailed as exc:  # the disk full: one error for the file; its cards are neither built nor failed
        report(Outcome(None, error=exc))
        return [], b""


def render_for_preview(exercises: list[Exercise], layout: Layout, report: Report,
                       options: BuildOptions = BuildOptions()) -> list[tuple[str, bytes | str]]:
    """(id, card PDF) for each exercise in input order, or (id, error text) for one that failed,
    for a contact sheet that shows the whole batch, failures included."""
    warm_up(layout)
    cards: list[tuple[str, bytes | str]] = [(ex.id, "") for ex in exercises]
    with closing(_each(_render, exercises, layout, options.jobs, report)) as results:
        for i, result in results:
            ex = exercises[i]
            if isinstance(result, CardmakerError):
                report(Outcome(ex.source, item=ex.id, error=result))
                cards[i] = (ex.id, str(result))
            else:
                report(Outcome(ex.source, item=ex.id, output=None))
                cards[i] = (ex.id, result)
    return cards


def check_fit(exercises: list[Exercise], layout: Layout, report: Report,
              options: BuildOptions = BuildOptions()) -> None:
    """Lay each card out without writing a PDF: an error for one that cannot fit, a warning
    for one whose text would shrink below the layout's comfortable size (``validate``)."""
    warm_up(layout)
    with closing(_each(_fit, exercises, layout, options.jobs, report)) as results:
        for i, result in results:
            ex = exercises[i]
            if isinstance(result, CardmakerError):
                report(Outcome(ex.source, item=ex.id, error=result))
                continue
            report(Outcome(ex.source, item=ex.id))
            about_card(ex.source, ex.id, result, result.pages, layout, report, dropped(layout, ex, result))


def _each(func: Callable[[Exercise, Layout], object], exercises: list[Exercise], layout: Layout, jobs: int,
          report: Report, ordered: bool = False) -> Iterator[tuple[int, object]]:
    """``pool.imap`` over the exercises. A worker process that died is one warning (the cards
    not finished go to new workers); a card the new workers lost too is an error naming it,
    which only this side can do: the pool knows items, not exercises."""

    def restarted(count: int) -> None:
        report(Outcome(None, warning=RenderError(
            f"a worker process stopped unexpectedly (out of memory?); the {count} "
            f"{'card' if count == 1 else 'cards'} not finished went to new workers")))

    with closing(pool.imap(func, exercises, layout, jobs, restarted, ordered)) as results:
        for i, result in results:
            if isinstance(result, pool.WorkerStopped):
                ex = exercises[i]
                result = RenderError(f"'{ex.id}' not done: {result.message}", file=ex.source, hint=result.hint)
            yield i, result


def warm_up(layout: Layout) -> None:
    """Before workers fork: the layout's fonts registered and their coverage known, and the
    modules a worker runs imported, so that no worker does any of it again."""
    import cardmaker.load.exercise  # noqa: F401  (a streaming worker loads files)
    import cardmaker.render.card  # noqa: F401
    import cardmaker.render.combined  # noqa: F401
    from cardmaker.style.fonts import font_set, printable_chars

    printable_chars(font_set(layout.fonts))


def guarded(func: Callable[[Exercise, Layout], object], ex: Exercise, layout: Layout) -> object:
    """``func``'s result, or the error to report for this exercise (never an exception)."""
    try:
        return func(ex, layout)
    except CardmakerError as exc:
        return exc.located(ex.source)
    except Exception as exc:  # a bug must not stop the rest of the batch
        return RenderError(f"unexpected error while rendering '{ex.id}': {exc!r}", file=ex.source,
                           hint="please report this with the exercise file")


def _render(ex: Exercise, layout: Layout) -> object:
    from cardmaker.render.card import render_card

    return guarded(render_card, ex, layout)


def _prepare(ex: Exercise, layout: Layout) -> object:
    from cardmaker.render.combined import prepared_card

    return guarded(prepared_card, ex, layout)


def _fit(ex: Exercise, layout: Layout) -> object:
    from cardmaker.render.card import fit_size

    return guarded(fit_size, ex, layout)
