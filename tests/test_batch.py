"""Batch export: parallel and sequential give the same bytes, incremental rebuilds, one combined
PDF (file or stdout), --fail-fast, Ctrl-C, and what the terminal shows."""

from __future__ import annotations

import pytest

import re

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from pypdf import PdfReader

from conftest import DATA, REPO, default_signals, many_cards, outputs, pdf_text, write

SAMPLES = sorted(DATA.glob("*.yaml"))
IDS = sorted(yaml.safe_load(p.read_text())["id"] for p in SAMPLES)


def run(*args, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """cardmaker in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "cardmaker", *map(str, args)], capture_output=True,
                          env={**os.environ, **(env or {})}, cwd=REPO, timeout=120, **kw)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


def test_parallel_and_sequential_builds_in_separate_processes_are_byte_identical(tmp_path: Path):
    # different hash seeds too: nothing may depend on set or dict ordering, the clock or chance
    one = run("build", DATA, "-o", tmp_path / "one", "-l", "wall-card-a4", "-j", "1", env={"PYTHONHASHSEED": "1"})
    two = run("build", DATA, "-o", tmp_path / "two", "-l", "wall-card-a4", "-j", "2", env={"PYTHONHASHSEED": "2"})
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    first, second = contents(tmp_path / "one"), contents(tmp_path / "two")
    assert sorted(first) == [f"{i}.pdf" for i in IDS]
    assert first == second
    assert b"/CreationDate (D:20000101" in first["goblet-squat.pdf"]  # reportlab's fixed 'invariant' date


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")}


def test_unchanged_cards_are_skipped_and_changed_inputs_rebuilt(data_copy: Path, tmp_path: Path, cli):
    out = tmp_path / "out"
    assert cli("build", data_copy, "-o", out, "-j", "1").code == 0
    before = mtimes(out)

    again = cli("build", data_copy, "-o", out, "-j", "1")
    assert again.code == 0 and "Built 0 cards, 9 up to date" in again.err
    assert mtimes(out) == before

    plank = data_copy / "forearm-plank.yaml"  # a typo fixed in one exercise
    plank.write_text(plank.read_text().replace("Forearm Plank", "Forearm Plank Hold"))
    (data_copy / "images" / "goblet-squat.png").write_bytes((DATA / "images" / "forearm-plank.png").read_bytes())
    (out / "koci-grzbiet.pdf").unlink()  # an output deleted by hand
    result = cli("build", data_copy, "-o", out, "-j", "1")
    assert result.code == 0 and "Built 3 cards, 6 up to date" in result.err, result.err
    changed = {n for n, t in mtimes(out).items() if before.get(n) != t}
    assert changed == {"forearm-plank.pdf", "goblet-squat.pdf", "koci-grzbiet.pdf"}
    assert "Forearm Plank Hold" in pdf_text(out / "forearm-plank.pdf")

    forced = cli("build", data_copy, "-o", out, "-j", "1", "--force")
    assert re.search(r"Built 9 cards(, \d+ warnings?)? in", forced.err)


def test_a_layout_change_anywhere_in_its_chain_rebuilds_every_card(data_copy: Path, tmp_path: Path, cli):
    parent = write(tmp_path / "brand.yaml", "extends: card-a4\ntheme: {accent: '#0a5c36'}\n")
    child = write(tmp_path / "gym.yaml", "extends: brand.yaml\n")
    out = tmp_path / "out"
    assert cli("build", data_copy, "-o", out, "-l", child, "-j", "1").code == 0
    assert "9 up to date" in cli("build", data_copy, "-o", out, "-l", child, "-j", "1").err
    parent.write_text("extends: card-a4\ntheme: {accent: '#7a1f1f'}\n")
    assert re.search(r"Built 9 cards(, \d+ warnings?)? in", cli("build", data_copy, "-o", out, "-l", child, "-j", "1").err)


def test_combine_puts_every_card_in_one_pdf_with_a_bookmark_each(tmp_path: Path, cli):
    target = tmp_path / "all.pdf"
    result = cli("build", DATA, "--combine", target, "-l", "pocket-card-a6", "-j", "2")
    assert result.code == 0, result.text
    reader = PdfReader(target)
    names = [yaml.safe_load(p.read_text())["name"] for p in SAMPLES]
    assert len(reader.pages) == 2 * len(SAMPLES)  # front and back of each pocket card
    assert [entry.title for entry in reader.outline] == names  # input order, whatever the workers did
    fronts = [reader.get_destination_page_number(entry) for entry in reader.outline]
    assert fronts == list(range(0, 2 * len(SAMPLES), 2))
    for name, page in zip(names, fronts):
        assert " ".join(name.split()) in " ".join(reader.pages[page].extract_text().split())
    # fonts are embedded once for the whole file, not once per card
    assert target.stat().st_size < 0.6 * sum(len(b) for b in _separate(tmp_path, "pocket-card-a6").values())


def _separate(tmp_path: Path, layout: str) -> dict[str, bytes]:
    assert run("build", DATA, "-o", tmp_path / "separate", "-l", layout).returncode == 0
    return contents(tmp_path / "separate")


def test_dash_o_writes_the_combined_pdf_to_stdout_and_messages_to_stderr(tmp_path: Path):
    piped = run("build", DATA, "-o", "-", "-l", "index-card-3x5")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"%PDF-") and piped.stdout.rstrip().endswith(b"%%EOF")
    assert b"Built 9 cards" in piped.stderr
    filed = run("build", DATA, "--combine", tmp_path / "cards.pdf", "-l", "index-card-3x5")
    assert filed.returncode == 0, filed.stderr
    assert (tmp_path / "cards.pdf").read_bytes() == piped.stdout


def test_output_must_be_a_folder_or_one_combined_file(tmp_path: Path, cli):
    neither = cli("build", DATA)
    both = cli("build", DATA, "-o", tmp_path / "out", "--combine", tmp_path / "all.pdf")
    assert neither.code == both.code == 2
    assert "give a folder with -o DIR, or one file with --combine FILE.pdf" in both.err


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path, cli):
    huge = {"name": "Huge", "steps": ["Hold the position and breathe slowly. " * 40] * 12}
    write(tmp_path / "in" / "a-huge.yaml", yaml.safe_dump(huge))
    write(tmp_path / "in" / "b-huge.yaml", yaml.safe_dump({**huge, "name": "Huge Too"}))
    write(tmp_path / "in" / "c-fine.yaml", "name: Fine\nsteps: [Stand up.]\n")
    args = ("build", tmp_path / "in", "-o", tmp_path / "out", "-l", "index-card-3x5", "-j", "1")
    patient = cli(*args)
    assert patient.code == 1 and patient.err.count("error:") == 2
    assert outputs(tmp_path / "out") == ["fine.pdf"]
    (tmp_path / "out" / "fine.pdf").unlink()
    hasty = cli(*args, "--fail-fast")
    assert hasty.code == 1 and hasty.err.count("error:") == 1, hasty.err
    assert "'huge' does not fit" in hasty.err
    assert outputs(tmp_path / "out") == []


def test_ctrl_c_exits_130_and_leaves_only_complete_pdfs(tmp_path: Path):
    many_cards(tmp_path / "in", 300)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cardmaker", "build", tmp_path / "in", "-o", out, "-j", "2",
                             "-l", "wall-card-a4"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=default_signals)
    deadline = time.monotonic() + 60
    while not (out.exists() and len(list(out.glob("*.pdf"))) >= 5) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    names = outputs(out)
    assert names and all(n.endswith(".pdf") for n in names)  # no temporary files
    assert len(names) < 300
    for name in names:
        assert len(PdfReader(out / name).pages) == 2  # whole: the wall card goes on over a second page
    # what was written counts as built: the next run builds only the rest
    rest = run("build", tmp_path / "in", "-o", out, "-l", "wall-card-a4", "-q")
    assert f"Built {300 - len(names)} cards, {len(names)} up to date".encode() in rest.stderr


def test_help_answers_without_loading_reportlab():
    probe = ("import sys; from click.testing import CliRunner; from cardmaker.cli import main; "
             "r = CliRunner().invoke(main, ['build', '--help']); "
             "print(r.exit_code, any(m.startswith('reportlab') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_lines_per_file_when_not_a_terminal_and_quiet_prints_only_the_summary(tmp_path: Path, cli):
    loud = cli("build", DATA, "-o", tmp_path / "a", "-j", "1")
    lines = loud.err.splitlines()
    built = [line for line in lines[:-1] if not line.startswith("warning:")]  # text below the comfortable size
    assert sorted(built) == sorted(f"built {tmp_path / 'a' / i}.pdf" for i in IDS)
    assert re.match(r"Built 9 cards(, \d+ warnings?)? in ", lines[-1])
    quiet = cli("build", DATA, "-o", tmp_path / "b", "-q")
    summary = [line for line in quiet.err.splitlines() if not line.startswith("warning:")]
    assert summary == [quiet.err.splitlines()[-1]] and re.match(r"Built 9 cards(, \d+ warnings?)? in ", summary[0])


def test_progress_bar_on_a_terminal(capsys):
    from cardmaker.batch import Outcome
    from cardmaker.errors import CardmakerError
    from cardmaker.progress import Progress

    bar = Progress("built", "cards", tty=True)
    bar.start(3)
    bar(Outcome(Path("a.yaml"), output=Path("out/a.pdf"), item="a"))
    bar(Outcome(Path("b.yaml"), error=CardmakerError("broken", file="b.yaml")))
    summary = bar.summary()
    err = capsys.readouterr().err
    assert "\r[" in err and "1/3 cards" in err and "/s  ETA" in err
    *_, bar_line, blank, error = err.split("\r")
    assert blank == " " * len(bar_line.rstrip())  # the bar is blanked out
    assert error == "error: b.yaml: broken\n"  # then the error, on a line of its own
    assert summary.startswith("Built 1 card, 1 failed in ")


def test_the_same_inputs_named_another_way_are_still_up_to_date_and_a_replaced_pdf_is_rebuilt(
        tmp_path: Path, data_copy: Path, cli, monkeypatch):
    out = tmp_path / "out"
    assert cli("build", data_copy, "-o", out, "-j", "1").code == 0
    monkeypatch.chdir(data_copy.parent)
    assert "9 up to date" in cli("build", "data", "-o", out, "-j", "1").err  # relative, not absolute
    (out / "goblet-squat.pdf").write_bytes(b"%PDF-1.4 another")
    again = cli("build", data_copy, "-o", out, "-j", "1")
    assert "Built 1 card, 8 up to date" in again.err
    assert (out / "goblet-squat.pdf").read_bytes().startswith(b"%PDF-")


def test_an_unwritable_build_record_is_a_warning_not_a_failed_card(tmp_path: Path, cli):
    from cardmaker.incremental import RECORD_NAME

    (tmp_path / "out" / RECORD_NAME).mkdir(parents=True)  # in the way of the record file
    result = cli("build", DATA / "forearm-plank.yaml", "-o", tmp_path / "out")
    assert result.code == 0, result.err  # the card is written; only the next build's shortcut is lost
    record = tmp_path / "out" / RECORD_NAME
    assert not [line for line in result.err.splitlines() if line.startswith("error:")]
    [damaged, unsaved] = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert damaged == f"warning: {record}: build record is damaged (not a regular file); rebuilding everything"
    assert unsaved.startswith(f"warning: {record}: cannot save the build record: ")
    assert result.err.splitlines()[-1].startswith("Built 1 card, ")
    assert "failed" not in result.err.splitlines()[-1]
    assert (tmp_path / "out" / "forearm-plank.pdf").exists()


def disk_full_after(monkeypatch, limit: int) -> list[int]:
    """Files opened for writing as they are made (``output.PendingFile``) refuse the write that
    takes them past ``limit`` bytes, as a full disk does; gives the sizes written."""
    import errno
    import io

    written: list[int] = []

    class Full(io.BufferedWriter):
        def write(self, data):
            written.append(len(data))
            if sum(written) > limit:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, buffering: Full(real_fdopen(fd, mode, buffering=0), 4096))
    return written


@pytest.mark.parametrize("path", ["streaming", "loaded first"])
def test_a_combined_file_that_cannot_be_written_is_one_error_not_one_failed_card(tmp_path: Path, cli, monkeypatch,
                                                                                 path: str):
    """The cards go into the file as they are drawn (both ways of building one); the disk
    filling up part way is one error naming the file, the cards neither built nor failed, the
    file that was there untouched and no temporary file left."""
    written = disk_full_after(monkeypatch, 20_000)
    target = tmp_path / "all.pdf"
    target.write_bytes(b"%PDF- last week's cards")
    only = ["--only", ",".join(yaml.safe_load(p.read_text())["id"] for p in SAMPLES)] if path == "loaded first" else []
    result = cli("build", DATA, "--combine", target, "-j", "1", "-l", "index-card-3x5", *only)
    assert 20_000 < sum(written) < 200_000  # stopped part way (the file is about 400 kB)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {target}: cannot write: No space left on device"]
    summary = result.err.splitlines()[-1]
    assert summary.startswith("Built 0 cards, 1 error") and "failed" not in summary, summary  # 9 not written, none "failed"
    assert [p.name for p in tmp_path.iterdir()] == ["all.pdf"]
    assert target.read_bytes() == b"%PDF- last week's cards"


def test_a_combined_file_is_the_same_written_as_it_is_made_or_given_back(tmp_path: Path, cli):
    """`--combine FILE` writes the pages into the file as they are drawn; `--combine -` gives the
    PDF whole: the same bytes."""
    target = tmp_path / "all.pdf"
    assert cli("build", DATA, "--combine", target, "-l", "index-card-3x5", "--force").code == 0
    to_stdout = cli("build", DATA, "--combine", "-", "-l", "index-card-3x5")
    assert to_stdout.code == 0
    assert target.read_bytes() == to_stdout.out_bytes
    assert len(PdfReader(target).pages) == 18


def test_no_combined_pdf_when_every_card_fails(tmp_path: Path, cli):
    write(tmp_path / "in" / "a.yaml", "name: X\nsteps: [\n")
    write(tmp_path / "in" / "b.yaml", "name: Y\n")
    result = cli("build", tmp_path / "in", "--combine", tmp_path / "all.pdf")
    assert result.code == 1 and not (tmp_path / "all.pdf").exists()
    piped = cli("build", tmp_path / "in", "-o", "-")
    assert piped.code == 1 and piped.out == ""


def test_a_layout_kept_next_to_the_exercises_is_not_read_as_one(tmp_path: Path, data_copy: Path, cli):
    layout = write(data_copy / "gym.yaml", "extends: card-a4\ntheme: {accent: '#0a5c36'}\n")
    result = cli("build", data_copy, "-o", tmp_path / "out", "-l", layout, "-j", "1")
    assert result.code == 0, result.err
    assert len(outputs(tmp_path / "out")) == 9


def test_warnings_of_one_kind_are_printed_a_few_times_then_counted(capsys):
    from cardmaker.batch import Outcome
    from cardmaker.errors import RenderError
    from cardmaker.progress import SHOWN_PER_KIND, Progress

    def small(i: int) -> Outcome:
        return Outcome(Path(f"in/{i}.yaml"), item=f"ex{i}", warning=RenderError(
            f"'ex{i}' prints at {14 + i / 4:g} pt on layout 'wall', below its comfortable 18 pt",
            file=f"in/{i}.yaml", hint="shorten the text"))

    progress = Progress("built", "cards", tty=False)
    for i in range(SHOWN_PER_KIND + 7):
        progress(small(i))
    progress(Outcome(None, warning=RenderError("the layout leaves out tips")))  # another kind: printed
    summary = progress.summary()
    lines = capsys.readouterr().err.splitlines()
    assert lines[:SHOWN_PER_KIND] == [f"warning: {small(i).warning}" for i in range(SHOWN_PER_KIND)]
    assert lines[SHOWN_PER_KIND] == "warning: the layout leaves out tips"
    last = small(SHOWN_PER_KIND + 6).warning
    assert lines[SHOWN_PER_KIND + 1] == f"warning: 7 more like this not shown (-v shows each); the last: {last}"
    assert len(lines) == SHOWN_PER_KIND + 2 and f"{SHOWN_PER_KIND + 8} warnings" in summary

    every = Progress("built", "cards", tty=False, every_warning=True)
    for i in range(10):
        every(small(i))
    every.summary()
    assert capsys.readouterr().err.splitlines() == [f"warning: {small(i).warning}" for i in range(10)]


def test_a_build_of_many_small_cards_prints_a_few_warnings_and_a_count(tmp_path: Path, cli, monkeypatch):
    monkeypatch.setattr("cardmaker.progress.SHOWN_PER_KIND", 3)  # (ten by default: six cards would all be shown)
    for i in range(6):  # six cards whose text prints below the wall card's comfortable size
        (tmp_path / f"long{i}.yaml").write_text(f"name: Long {i}\nsteps:\n" + "".join(
            f"  - {'Keep the back straight and breathe out slowly while lifting. ' * 3}\n" for _ in range(9)))
    short = cli("build", tmp_path, "-o", tmp_path / "out", "-l", "wall-card-a4", "-q")
    warned = [line for line in short.err.splitlines() if "below its comfortable" in line]
    assert short.code == 0 and len(warned) == 4, short.err
    assert warned[-1].startswith("warning: 3 more like this not shown (-v shows each); the last: ")
    every = cli("build", tmp_path, "-o", tmp_path / "out", "-l", "wall-card-a4", "-q", "--force", "-v")
    assert len([line for line in every.err.splitlines() if "below its comfortable" in line]) == 6, every.err


def test_sheet_names_on_the_command_line_in_any_case_and_a_quiet_booklet_says_only_its_summary(tmp_path: Path, cli):
    result = cli("build", DATA, "-l", "index-card-3x5", "--combine", tmp_path / "s.pdf", "--sheet", "a4", "-q")
    assert result.code == 0, result.err
    booklet = cli("booklet", DATA / "forearm-plank.yaml", "-o", tmp_path / "b.pdf", "-q")
    assert booklet.code == 0 and booklet.err.splitlines() == [booklet.err.splitlines()[-1]], booklet.err
    assert cli("booklet", DATA / "forearm-plank.yaml", "-o", tmp_path / "b.pdf").err.startswith("wrote ")


@pytest.mark.parametrize("command", ["booklet", "preview"])
def test_a_missing_input_is_one_error_line_then_the_summary(tmp_path: Path, cli, command: str):
    result = cli(command, tmp_path / "nonexist", "-o", tmp_path / ("b.pdf" if command == "booklet" else "p.png"))
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'nonexist'}: no such file or folder"], result.err
    assert re.search(r" 0 (exercises|cards), 1 failed in [\d.]+ s\.$", result.err.splitlines()[-1]), result.err


def test_warnings_counted_before_an_error_that_stops_the_run_are_still_said(capsys):
    from cardmaker.cli.common import fail_run
    from cardmaker.errors import CardmakerError
    from cardmaker.progress import SHOWN_PER_KIND, Progress

    progress = Progress("added", "exercises", tty=False)
    for i in range(SHOWN_PER_KIND + 2):
        progress.warn(f"picture p{i}.png not found")
    with pytest.raises(SystemExit):
        fail_run(CardmakerError("no exercise selected by --only 'nope'"), progress)
    err = capsys.readouterr().err
    assert "warning: 2 more like this not shown" in err and err.rstrip().endswith("--only 'nope'")
