"""What happened to each input of a batch (``Outcome``), how a build runs (``BuildOptions``), and
the small steps every build shares: the build record opened and saved, a file written atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cardmaker import incremental
from cardmaker.errors import CardmakerError
from cardmaker.output import PendingFile, cannot_write, write_atomic, write_atomic_many
from cardmaker.output_guard import check_replaceable


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: an output written (or up to date), or an error to show."""

    source: Path | None
    output: Path | None = None
    error: CardmakerError | None = None
    item: str | None = None  # exercise id, when known
    skipped: bool = False  # the output was already up to date
    warning: CardmakerError | None = None  # worth fixing, but nothing was lost (a missing picture)
    also: bool = False  # a further problem of an input already reported as failed

    @property
    def ok(self) -> bool:
        return self.error is None


Report = Callable[[Outcome], None]


@dataclass(frozen=True)
class BuildOptions:
    jobs: int = 1
    force: bool = False  # rebuild outputs that are up to date
    fail_fast: bool = False  # stop at the first failure


def open_record(folder: Path, report: Report) -> incremental.BuildRecord:
    """The folder's build record; one warning if it was damaged (everything is built then)."""
    record = incremental.BuildRecord(folder)
    if record.problem is not None:
        report(Outcome(None, warning=record.problem))
    return record


def save(record: incremental.BuildRecord, report: Report) -> None:
    """Save the record; a failure is a warning (every output written is complete and counted)."""
    error = record.save()
    if error is not None:
        report(Outcome(None, warning=error))


def write(target: Path, data: bytes) -> os.stat_result | CardmakerError:
    """The status of the file this process wrote (for the record), or the error to report."""
    try:
        check_replaceable(target)
        return write_atomic(target, data)
    except CardmakerError as exc:
        return exc
    except OSError as exc:
        return cannot_write(exc, target)


def pending(target: Path) -> PendingFile:
    """A file to write ``target``'s PDF into as it is made (``commit`` puts it in place).
    Raises CardmakerError, before anything is drawn, when ``target`` may not be replaced or
    nothing can be written beside it."""
    try:
        check_replaceable(target)
        return PendingFile(target)
    except OSError as exc:
        raise cannot_write(exc, target) from None


def commit(file: PendingFile) -> os.stat_result | CardmakerError:
    """``write``, for a file written as it was made: in place, or discarded and the error to report."""
    try:
        check_replaceable(file.path)  # again: something may have been put there meanwhile
        return file.commit()
    except CardmakerError as exc:
        file.discard()
        return exc
    except OSError as exc:
        file.discard()
        return cannot_write(exc, file.named)


def write_many(items: list[tuple[Path, bytes]]) -> list[os.stat_result | CardmakerError]:
    """``write`` for several files, flushed to disk together (``output.write_atomic_many``)."""
    results: list[os.stat_result | CardmakerError | None] = [None] * len(items)
    allowed = []
    for i, (target, _) in enumerate(items):
        try:
            check_replaceable(target)
            allowed.append(i)
        except CardmakerError as exc:
            results[i] = exc
        except OSError as exc:
            results[i] = cannot_write(exc, target)
    for i, result in zip(allowed, write_atomic_many([items[i] for i in allowed])):
        results[i] = cannot_write(result, items[i][0]) if isinstance(result, OSError) else result
    return results  # type: ignore[return-value]


US_PAPER = ("letter", "legal", "3x5in", "4x6in", "5x7in")  # of ``load.shapes.PAGE_SIZES``: the handout for them is Letter


def handout_for(layout) -> str:
    """The built-in handout a message suggests for ``layout``'s cards: on its paper's family
    (``handout-letter`` for a card on US paper or an inch-sized card, else ``handout-a4``)."""
    from cardmaker.load.shapes import PAGE_SIZES

    page = sorted((layout.page_width, layout.page_height))
    us = any(abs(page[0] - w) < 1 and abs(page[1] - h) < 1 for w, h in (PAGE_SIZES[name] for name in US_PAPER))
    return "handout-letter" if us else "handout-a4"


def below_comfortable(source, item: str, size: float | None, layout, report: Report) -> None:
    """A warning for a card whose text prints at ``size``, below the layout's comfortable size."""
    from cardmaker.errors import RenderError

    if size is not None and size < layout.comfortable_size:
        report(Outcome(source, item=item, warning=RenderError(
            f"'{item}' prints at {size:g} pt on layout '{layout.name}', below its comfortable "
            f"{layout.comfortable_size:g} pt", file=source,
            hint=f"shorten the text, or use a layout that goes on over more pages, such as {handout_for(layout)}"
            if layout.fit_mode != "continue" else "shorten the text")))


def about_card(source, item: str, size: float | None, pages: int | None, layout, report: Report,
               dropped: tuple[str, ...] = ()) -> None:
    """The warnings about one card as set: text below the layout's comfortable size, more pages,
    optional sections given up for room (``dropped``: ``model.omitted.dropped``)."""
    below_comfortable(source, item, size, layout, report)
    over_pages(source, item, pages, layout, report)
    if dropped:
        from cardmaker.errors import RenderError

        floor = layout.legible_size or layout.min_size
        aim = f"to keep its text at {floor:g} pt or larger" if size is None or size >= floor - 1e-9 else \
            "to set its text larger"  # below that size all the same, but less far below
        report(Outcome(source, item=item, warning=RenderError(
            f"'{item}' leaves out its {' and '.join(dropped)} on layout '{layout.name}' {aim} "
            f"(they print as room allows)", file=source,
            hint=f"shorten the text, or use a layout that goes on over more pages, such as {handout_for(layout)}")))


def over_pages(source, item: str, pages: int | None, layout, report: Report) -> None:
    """A warning for a card of a layout that shrinks to its pages which went on over more of
    them (``fit.max_pages``): one more sheet to print and hang beside it."""
    from cardmaker.errors import RenderError

    sides = 2 if layout.two_sided else 1
    if layout.fit_mode == "shrink" and pages is not None and pages > sides:
        report(Outcome(source, item=item, warning=RenderError(
            f"'{item}' goes on over {pages} pages on layout '{layout.name}' (too long for one at "
            f"{layout.page_floor:g} pt)",
            file=source, hint=f"print them all, shorten the text, or use a handout layout such as {handout_for(layout)}")))


class LeftOut:
    """What the layout leaves out over a streamed run (the parent sees each card's sections cut
    short as the workers give them back): one warning at the end of the run, as a build that
    reads everything first gives it at its start."""

    def __init__(self, layout):
        self.layout, self.counts, self.total = layout, {}, 0

    def add(self, cut: tuple[str, ...]) -> None:
        self.total += 1
        for name in cut:
            self.counts[name] = self.counts.get(name, 0) + 1

    def report(self, report: Report) -> None:
        from cardmaker.errors import LayoutError
        from cardmaker.model.omitted import sentence

        said = sentence(self.layout, self.counts, self.total)
        if said:
            report(Outcome(None, warning=LayoutError(said[0], hint=said[1])))
