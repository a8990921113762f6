"""Exercise files → one PDF per card, loading overlapped with rendering (``build -o DIR``).

Each worker process takes a file's path, loads and checks it, and for each exercise gives back
its id, line, picture and build digest with either ``FRESH`` (its PDF in the folder is up to
date, by the build record read before the workers started: nothing laid out) or the card's PDF
bytes, or the error that stopped it. This process takes the files in input order as their
results arrive and does what ``build_cards`` does after ``load_all``: an id used twice and two
ids this locale spells alike are errors, an output that would replace an input stops the build
(exit 1; the files written before are complete), and each PDF is written atomically, a few at a
time, and recorded once on disk (``batch.writer``), so a card written is a card recorded.

Used when all exercises found are wanted (no ``--only``, ``--tag`` or ``--program``).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from cardmaker import incremental, pool
from cardmaker.batch.outcome import BuildOptions, LeftOut, Outcome, Report, about_card, open_record, save
from cardmaker.batch.writer import Writer
from cardmaker.batch.stream import Card, exercise_files, first_use, load_checked, lost_file, restarted
from cardmaker.batch.gather import report_problem
from cardmaker.errors import CardmakerError, DataWarning
from cardmaker.model import Layout
from cardmaker.output import output_path
from cardmaker.output_guard import Inputs

FRESH = "fresh"  # a worker's answer for a card whose PDF is up to date


@dataclass
class _Written:
    """What the writing side has seen so far."""

    seen: dict[str, str] = field(default_factory=dict)  # id → where it was first seen
    named: dict[Path, str] = field(default_factory=dict)  # file → the id written there
    found: int = 0  # exercises kept
    stopped: bool = False  # --fail-fast met a failure
    left_out: LeftOut | None = None  # what the layout cuts short, over the cards kept


def stream_cards(paths, layout: Layout, out_dir: Path, report: Report, inputs: Inputs,
                 options: BuildOptions = BuildOptions(), not_exercises=(), allow_outside: bool = False,
                 start=None) -> int:
    """Every card of every exercise file under ``paths`` to ``out_dir/<id>.pdf``; the number of
    exercises found. Raises CardmakerError when an output would replace a file this run reads."""
    from cardmaker.batch.build import warm_up

    jobs = exercise_files(paths, report, inputs, not_exercises, start)
    record = open_record(out_dir, report)
    warm_up(layout)
    shared = (layout, allow_outside, incremental.layout_digest(layout), out_dir,
              None if options.force else record)
    done = _Written(left_out=LeftOut(layout))
    writer = Writer(record, report)
    try:
        with closing(pool.imap(_load_and_render, jobs, shared, options.jobs, restarted(report),
                               ordered=True)) as results:
            for i, result in results:
                file = jobs[i][0]
                if isinstance(result, pool.WorkerStopped):
                    result = lost_file(jobs[i], shared, result)
                _take(file, *result, done, (layout, out_dir), writer, inputs, report, options.fail_fast)
                if done.stopped:
                    break
    finally:
        writer.close()
        save(record, report)  # what was written before an interruption is not built again
    done.left_out.report(report)
    return done.found


def _take(file: Path, problems: list, cards: list[Card], done: _Written, into: tuple[Layout, Path], writer: Writer,
          inputs: Inputs, report: Report, fail_fast: bool) -> None:
    """One file's results, in order: problems reported, each card checked, written and recorded
    (``into``: the layout, for the warning about text below its comfortable size, and the folder)."""
    layout, out_dir = into
    for exc in problems:
        report_problem(report, file, exc)
        done.stopped = done.stopped or (fail_fast and not isinstance(exc, DataWarning))
    for card in cards:
        if done.stopped:
            return
        if not first_use(card, done.seen, report):
            done.stopped = fail_fast
            continue
        done.found += 1
        done.left_out.add(card.cut)
        inputs.add(list(card.pictures), "a picture")
        target = output_path(out_dir, card.id, ".pdf")
        if done.named.setdefault(target, card.id) != card.id:
            report(Outcome(card.source, item=card.id, error=CardmakerError(
                f"'{card.id}' would be written to {target}, as '{done.named[target]}' is: this locale's file "
                f"names cannot tell them apart", file=card.source, field="id", hint="give one of them another id")))
            continue
        if card.result == FRESH:
            report(Outcome(card.source, output=target, item=card.id, skipped=True))
            continue
        if isinstance(card.result, CardmakerError):
            report(Outcome(card.source, item=card.id, error=card.result))
            done.stopped = fail_fast
            continue
        inputs.check(target)  # raises: the build stops, as it does when all is loaded first
        about_card(card.source, card.id, card.result.size, card.result.pages, layout, report, card.dropped)
        writer.add(card.source, card.id, target, card.digest, card.result)
        done.stopped = writer.failed and fail_fast


def _load_and_render(job: tuple[Path, Path], shared) -> tuple[list[CardmakerError], list[Card]]:
    """In a worker: one file loaded and checked, each of its cards rendered unless up to date."""
    from cardmaker.batch.build import guarded
    from cardmaker.model.omitted import cut, dropped
    from cardmaker.render.card import render_card

    (file, root), (layout, allow_outside, key, out_dir, record) = job, shared
    loaded, problems = load_checked(file, root, layout, allow_outside)
    cards = []
    for ex in loaded:
        digest = incremental.card_digest(ex, key)
        fresh = record is not None and record.fresh(output_path(out_dir, ex.id, ".pdf"), digest)
        result = FRESH if fresh else guarded(render_card, ex, layout)
        cards.append(Card(file, ex.id, ex.line, ex.picture_files, digest, result, cut=cut(layout, ex),
                          dropped=dropped(layout, ex, getattr(result, "size", None))))
    return problems, cards
