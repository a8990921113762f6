"""Exercise files → the exercises of a batch, in input order: each file read once, each id once;
a file that fails is reported (file, line, field) and the others go on."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cardmaker.batch.outcome import Outcome, Report
from cardmaker.errors import CardmakerError, DataWarning, did_you_mean
from cardmaker.model import Exercise
from cardmaker.model.layout import Fonts
from cardmaker.output_guard import Inputs


def load_all(paths: Iterable[str | Path], report: Report, fonts: Fonts = Fonts(),
             not_exercises: Iterable[Path | None] = (), allow_outside: bool = False,
             inputs: Inputs | None = None, qr: bool = False) -> list[Exercise]:
    """Every exercise from every file; a file that fails is reported and skipped. ``fonts``
    are the layout's, so text is checked against what will print it; ``not_exercises`` (the
    layout file, a program file, which a gym may keep next to its exercises) are not read.
    Pictures must lie inside the folder given (or the given file's folder) unless ``allow_outside``.
    Every file found, and every picture named, is added to ``inputs`` (outputs must not replace them).
    ``qr``: the layout prints video links as QR codes (their length is checked)."""
    from cardmaker.load.exercise import load_file
    from cardmaker.load.xlsx_table import split_sheet

    exercises: list[Exercise] = []
    seen: dict[str, str] = {}  # id → where it was first seen
    skipped = {Path(p).resolve() for p in not_exercises if p is not None}
    for file, root in files_with_roots(paths, report):
        if file.resolve() in skipped:
            continue
        if inputs is not None:
            inputs.add([split_sheet(file)[0]], "an exercise file")  # a workbook, not its '#sheet' name
        try:
            loaded, errors = load_file(file, fonts, None if allow_outside else root, qr)
        except CardmakerError as exc:
            loaded, errors = [], [exc]
        except Exception as exc:  # a bug must not stop the rest of the batch
            loaded, errors = [], [unexpected(file, exc)]
        for exc in errors:
            report_problem(report, file, exc)
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


def files_with_roots(paths: Iterable[str | Path], report: Report) -> list[tuple[Path, Path]]:
    """Each exercise file once (a file named twice, or inside two folders given, is read once),
    with the folder its pictures must stay in: the outermost folder given that holds it, else
    its own folder."""
    from cardmaker.load.exercise_files import find_exercise_files

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


def unexpected(file: Path, exc: Exception) -> CardmakerError:
    """The error for a bug met while reading ``file``: reported, and the batch goes on."""
    return CardmakerError(f"unexpected error while reading: {exc!r}", file=file, hint="please report this with the file")


def report_problem(report: Report, file: Path, exc: CardmakerError) -> None:
    from cardmaker.load.exercise import Problems

    if isinstance(exc, DataWarning):
        report(Outcome(file, warning=exc))
    elif isinstance(exc, Problems):  # one exercise, several problems: each its line, one failure
        for i, problem in enumerate(exc.problems):
            report(Outcome(file, error=problem, also=i > 0))
    else:
        report(Outcome(file, error=exc))
