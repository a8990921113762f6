"""Many inputs → many files, one outcome each; one bad exercise never stops the others.

Cards render in worker processes (``pool``); this process writes every file, atomically, so a
PDF is either complete or absent, even after Ctrl-C. Outputs whose inputs have not changed
are skipped (``incremental``). Progress is reported through a callback; printing is the CLI's job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from cardmaker import incremental, pool
from cardmaker.errors import CardmakerError, DataWarning, RenderError, did_you_mean, os_reason
from cardmaker.model import Exercise, Layout
from cardmaker.model.layout import Fonts
from cardmaker.output import Inputs, check_replaceable, interrupts_held, output_path, through_link, write_atomic


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


def load_all(paths: Iterable[str | Path], report: Report, fonts: Fonts = Fonts(),
             not_exercises: Iterable[Path | None] = (), allow_outside: bool = False,
             inputs: Inputs | None = None) -> list[Exercise]:
    """Every exercise from every file; a file that fails is reported and skipped. ``fonts``
    are the layout's, so text is checked against what will print it; ``not_exercises`` (the
    layout file, a program file, which a gym may keep next to its exercises) are not read.
    Pictures must lie inside the folder given (or the given file's folder) unless ``allow_outside``.
    Every file found, and every picture named, is added to ``inputs`` (outputs must not replace them)."""
    from cardmaker.load.exercise import load_file

    exercises: list[Exercise] = []
    seen: dict[str, str] = {}  # id → where it was first seen
    skipped = {Path(p).resolve() for p in not_exercises if p is not None}
    for file, root in _files(paths, report):
        if file.resolve() in skipped:
            continue
        if inputs is not None:
            inputs.add([file], "an exercise file")
        try:
            loaded, errors = load_file(file, fonts, None if allow_outside else root)
        except CardmakerError as exc:
            loaded, errors = [], [exc]
        except Exception as exc:  # a bug must not stop the rest of the batch
            loaded, errors = [], [CardmakerError(f"unexpected error while reading: {exc!r}", file=file,
                                                 hint="please report this with the file")]
        for exc in errors:
            _report_problem(report, file, exc)
        for ex in loaded:
            if ex.id in seen:
                report(Outcome(file, item=ex.id, error=CardmakerError(
                    f"exercise id '{ex.id}' is also used at {seen[ex.id]}", file=file, line=ex.line,
                    field="id", hint="give one of them a different 'id'")))
                continue
            seen[ex.id] = f"{file}:{ex.line}" if ex.line else str(file)
            exercises.append(ex)
            if inputs is not None:
                inputs.add(list(ex.picture_files), "a picture")
    return exercises


def _files(paths: Iterable[str | Path], report: Report) -> list[tuple[Path, Path]]:
    """Each exercise file once (a file named twice, or inside two folders given, is read once),
    with the folder its pictures must stay in: the outermost folder given that holds it, else
    its own folder."""
    from cardmaker.load.exercise import find_exercise_files

    found: dict[Path, Path] = {}
    folders = sorted({Path(p).resolve() for p in paths if _is_folder(Path(p))}, key=lambda f: len(f.parts))
    for path in paths:
        problems: list[CardmakerError] = []
        try:
            files = find_exercise_files([path], problems)
        except CardmakerError as exc:  # the path given cannot be read: its exercises failed
            report(Outcome(Path(path), error=exc))
            continue
        for problem in problems:  # a folder inside that vanished: a problem, but no exercise that failed
            report(Outcome(None, error=problem))
        for file in files:
            real = file.resolve()
            if real not in found:
                found[real] = file
    out = []
    for real, file in found.items():
        root = next((f for f in folders if real.is_relative_to(f)), file.parent)
        out.append((file, root))
    return out


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long: find_exercise_files says so
        return False


def select_exercises(exercises: list[Exercise], only: str, tags: tuple[str, ...]) -> list[Exercise]:
    """The exercises --only and --tag ask for; an id that matches nothing is an error."""
    wanted = [i.strip() for i in only.split(",") if i.strip()]
    known = {ex.id for ex in exercises}
    for ident in wanted:
        if ident not in known:
            raise CardmakerError(f"--only: no exercise with id '{ident}'", hint=did_you_mean(ident, known))
    chosen = [ex for ex in exercises if (not wanted or ex.id in wanted)
              and (not tags or {t.lower() for t in ex.tags} & {t.lower() for t in tags})]
    if not chosen:
        raise CardmakerError("no exercise matches --only/--tag", hint="check the ids and tags")
    return chosen


def _report_problem(report: Report, file: Path, exc: CardmakerError) -> None:
    from cardmaker.load.exercise import Problems

    if isinstance(exc, DataWarning):
        report(Outcome(file, warning=exc))
    elif isinstance(exc, Problems):  # one exercise, several problems: each its line, one failure
        for i, problem in enumerate(exc.problems):
            report(Outcome(file, error=problem, also=i > 0))
    else:
        report(Outcome(file, error=exc))


def build_cards(exercises: list[Exercise], layout: Layout, out_dir: Path, report: Report,
                options: BuildOptions = BuildOptions()) -> None:
    """Render each exercise to ``out_dir/<id>.pdf``, skipping those already up to date."""
    record = _open_record(out_dir, report)
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
    _warm_up(layout)
    try:
        with closing(_each(_render, [ex for ex, _, _ in todo], layout, options.jobs, report)) as results:
            for i, result in results:
                ex, target, digest = todo[i]
                with interrupts_held():  # a card written is a card recorded, even on Ctrl-C
                    size = getattr(result, "size", None)  # the card's text size (render_card's bytes carry it)
                    if not isinstance(result, CardmakerError):
                        result = _write(target, result)
                    if not isinstance(result, CardmakerError):
                        record.record(target, digest, result)
                        _below_comfortable(ex, size, layout, report)
                        report(Outcome(ex.source, output=target, item=ex.id))
                        continue
                report(Outcome(ex.source, item=ex.id, error=result))
                if options.fail_fast:
                    break
    finally:
        _save(record, report)  # what was written before an interruption is not built again


def build_combined(exercises: list[Exercise], layout: Layout, target: Path | None, report: Report,
                   options: BuildOptions = BuildOptions(), write: bool = True) -> bytes | None:
    """Every card in one PDF, in input order: written to ``target``, or returned when it is
    None (stdout) or ``write`` is off (the caller lays the pages out on sheets first). Sizes
    are fitted in the workers; the drawing is one stream, done here."""
    from cardmaker.render.combined import render_combined

    key = incremental.layout_digest(layout)
    digest = incremental.combined_digest([incremental.card_digest(ex, key) for ex in exercises])
    if target is not None:
        target = through_link(target)  # the record goes beside the file written, not beside a link to it
    record = _open_record(target.parent, report) if target and write else None
    if record and not options.force and record.fresh(target, digest):
        for ex in exercises:
            report(Outcome(ex.source, output=target, item=ex.id, skipped=True))
        return None
    sizes = _fit_all(exercises, layout, report, options)
    if not sizes:  # nothing to put in it: no file (an empty PDF is not a PDF)
        return None
    pdf = render_combined([(exercises[i], sizes[i]) for i in sorted(sizes)], layout)
    if record is not None:
        with interrupts_held():  # a file written is a file recorded, even on Ctrl-C or SIGTERM
            written = _write(target, pdf)
            if isinstance(written, CardmakerError):  # one error for the file; its cards are neither built nor failed
                report(Outcome(None, error=written))
                return None
            if len(sizes) == len(exercises):  # a file missing a failed card is rebuilt next time
                record.record(target, digest, written)
            _save(record, report)
    for i in sorted(sizes):  # counted as built once they are really in the file
        report(Outcome(exercises[i].source, output=target, item=exercises[i].id))
    return None if record is not None else pdf


def _fit_all(exercises: list[Exercise], layout: Layout, report: Report, options: BuildOptions) -> dict[int, float]:
    """The text size of each card that fits (by index); none at all when --fail-fast stopped."""
    _warm_up(layout)
    sizes: dict[int, float] = {}
    with closing(_each(_fit, exercises, layout, options.jobs, report)) as results:
        for i, result in results:
            ex = exercises[i]
            if isinstance(result, CardmakerError):
                report(Outcome(ex.source, item=ex.id, error=result))
                if options.fail_fast:
                    return {}
                continue
            sizes[i] = result
            _below_comfortable(ex, result, layout, report)
    return sizes


def render_for_preview(exercises: list[Exercise], layout: Layout, report: Report,
                       options: BuildOptions = BuildOptions()) -> list[tuple[str, bytes | str]]:
    """(id, card PDF) for each exercise in input order, or (id, error text) for one that failed,
    for a contact sheet that shows the whole batch, failures included."""
    _warm_up(layout)
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
    _warm_up(layout)
    with closing(_each(_fit, exercises, layout, options.jobs, report)) as results:
        for i, result in results:
            ex = exercises[i]
            if isinstance(result, CardmakerError):
                report(Outcome(ex.source, item=ex.id, error=result))
                continue
            report(Outcome(ex.source, item=ex.id))
            _below_comfortable(ex, result, layout, report)


def _below_comfortable(ex: Exercise, size: float | None, layout: Layout, report: Report) -> None:
    """A warning for a card whose text prints below the layout's comfortable size."""
    if size is not None and size < layout.comfortable_size:
        report(Outcome(ex.source, item=ex.id, warning=RenderError(
            f"'{ex.id}' prints at {size:g} pt on layout '{layout.name}', below its comfortable "
            f"{layout.comfortable_size:g} pt", file=ex.source,
            hint="shorten the text, or use a bigger layout such as handout-a4")))


def _each(func: Callable[[Exercise, Layout], object], exercises: list[Exercise], layout: Layout, jobs: int,
          report: Report) -> Iterator[tuple[int, object]]:
    """``pool.imap`` over the exercises. A worker process that died is one warning (the cards
    not finished go to new workers); a card the new workers lost too is an error naming it,
    which only this side can do: the pool knows items, not exercises."""

    def restarted(count: int) -> None:
        report(Outcome(None, warning=RenderError(
            f"a worker process stopped unexpectedly (out of memory?); the {count} "
            f"{'card' if count == 1 else 'cards'} not finished went to new workers")))

    with closing(pool.imap(func, exercises, layout, jobs, restarted)) as results:
        for i, result in results:
            if isinstance(result, pool.WorkerStopped):
                ex = exercises[i]
                result = RenderError(f"'{ex.id}' not done: {result.message}", file=ex.source, hint=result.hint)
            yield i, result


def _open_record(folder: Path, report: Report) -> incremental.BuildRecord:
    """The folder's build record; one warning if it was damaged (everything is built then)."""
    record = incremental.BuildRecord(folder)
    if record.problem is not None:
        report(Outcome(None, warning=record.problem))
    return record


def _save(record: incremental.BuildRecord, report: Report) -> None:
    """Save the record; a failure is a warning (every output written is complete and counted)."""
    error = record.save()
    if error is not None:
        report(Outcome(None, warning=error))


def _warm_up(layout: Layout) -> None:
    """Register the fonts before workers fork, so each does not do it again."""
    from cardmaker.render.styles import make_styles

    make_styles(layout, layout.max_size)


def _guarded(func: Callable[[Exercise, Layout], object], ex: Exercise, layout: Layout) -> object:
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

    return _guarded(render_card, ex, layout)


def _fit(ex: Exercise, layout: Layout) -> object:
    from cardmaker.render.card import fit_size

    return _guarded(fit_size, ex, layout)


def _write(target: Path, data: bytes) -> os.stat_result | CardmakerError:
    """The status of the file this process wrote (for the record), or the error to report."""
    try:
        check_replaceable(target)
        return write_atomic(target, data)
    except CardmakerError as exc:
        return exc
    except OSError as exc:
        return CardmakerError(f"cannot write: {os_reason(exc)}", file=target)


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
