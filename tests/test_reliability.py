"""Faults of the machine, not of the files: nothing the user made is lost, a failure is one line.

Outputs that would replace an input, a re-import over an edited file, a full disk behind
stdout, a closed or full stderr, a non-UTF-8 locale, a folder vanishing mid-scan, names too
long, pipes and devices as inputs, SIGTERM, leftovers of a killed run, durability. Where the
fault needs a real process (closed descriptors, locales, signals) the test starts one.
"""

from __future__ import annotations

import re

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import DATA, FIXTURES, REPO, default_signals, many_cards, pdf_text, write

SAMPLE = FIXTURES / "assisted-lying-hamstring-stretch.txt"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    """The real command in its own process (for what the in-process runner cannot fake)."""
    if "stdout" not in kwargs and "stderr" not in kwargs:
        kwargs["capture_output"] = True
    kwargs.setdefault("cwd", REPO)
    return subprocess.run([sys.executable, "-m", "cardmaker", *map(str, args)], timeout=120, **kwargs)


# --- 1. an output never replaces an input ------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("build", "{d}", "--combine", "{d}/forearm-plank.yaml"),
    ("build", "{d}", "--combine", "{d}/images/forearm-plank.png"),
    ("booklet", "{d}/forearm-plank.yaml", "-o", "{d}/forearm-plank.yaml"),
    ("preview", "{d}", "-o", "{d}/goblet-squat.yaml"),
    ("build", "{d}", "-l", "{d}/my-layout.yaml", "--combine", "{d}/my-layout.yaml"),
    ("build", "{d}", "--program", "{d}/plan.yml", "--combine", "{d}/plan.yml"),
])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(data_copy: Path, cli, command):
    """(An input that is not a PDF or PNG is refused as that before it is found as an input.)"""
    from cardmaker.output_guard import OUR_KINDS

    write(data_copy / "my-layout.yaml", "extends: card-a4\ndescription: mine\n")
    write(data_copy / "plan.yml", "title: Plan\nentries:\n  - exercise: forearm-plank\n")
    args = [a.format(d=data_copy) for a in command]
    target = Path(args[-1])
    before = target.read_bytes()
    result = cli(*args)
    assert result.code == 1, result.text
    said = "is not a PDF or PNG" if not target.read_bytes().startswith(OUR_KINDS) else "this run reads"
    assert f"{target}: is " in result.err and f"{said}; writing there would replace it" in result.err
    assert len(result.err.strip().splitlines()) == 1 or "Traceback" not in result.err
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", [
    ("booklet", "{d}", "-o", "{t}/program.yaml"),  # -o typed for --program
    ("build", "{d}", "--combine", "{t}/notes.txt"),
    ("preview", "{d}", "-o", "{t}/notes.txt"),
    ("calibrate", "-o", "{t}/program.yaml"),
    ("build", "{d}", "-o", "{t}/cards"),  # a card's name taken by a file of the user's
])
def test_a_file_that_is_not_a_pdf_or_png_is_never_replaced(data_copy: Path, cli, tmp_path: Path, command):
    write(tmp_path / "program.yaml", "title: Knee\nentries:\n  - exercise: forearm-plank\n")
    write(tmp_path / "notes.txt", "call the client on Monday\n")
    (tmp_path / "cards").mkdir()
    write(tmp_path / "cards" / "forearm-plank.pdf", "my own notes, saved under a card's name\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = cli(*[a.format(d=data_copy, t=tmp_path) for a in command])
    assert result.code == 1 and "is not a PDF or PNG; writing there would replace it" in result.err, result.text
    assert "Traceback" not in result.err
    assert all(p.read_bytes() == data for p, data in before.items())
    if command[0] == "build" and command[2] == "-o":  # the other cards are written
        assert len(list((tmp_path / "cards").glob("*.pdf"))) == 9


def test_a_read_only_output_is_kept_and_an_empty_or_earlier_one_replaced(data_copy: Path, cli, tmp_path: Path):
    out = tmp_path / "cards.pdf"
    out.touch()  # nothing yet: replaced
    assert cli("build", data_copy / "forearm-plank.yaml", "--combine", out).code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert cli("build", data_copy / "goblet-squat.yaml", "--combine", out, "--force").code == 0  # our own: replaced
    out.chmod(0o444)
    before = out.read_bytes()
    result = cli("build", data_copy / "forearm-plank.yaml", "--combine", out, "--force")
    assert result.code == 1 and f"{out}: is read-only; writing there would replace it" in result.err
    assert out.read_bytes() == before


def test_an_output_reached_by_another_name_or_a_hard_link_is_refused(data_copy: Path, cli, tmp_path: Path):
    os.link(data_copy / "goblet-squat.yaml", tmp_path / "alias.pdf")
    result = cli("build", data_copy, "--combine", tmp_path / "alias.pdf")
    assert result.code == 1 and "is not a PDF or PNG; writing there would replace it" in result.err  # seen first
    os.link(data_copy / "images" / "goblet-squat.png", tmp_path / "alias.png")
    picture = cli("build", data_copy, "--combine", tmp_path / "alias.png")
    assert picture.code == 1 and "is a picture this run reads" in picture.err
    assert (data_copy / "goblet-squat.yaml").read_text().startswith("name:")
    dotted = cli("build", data_copy, "--combine", data_copy / "images" / ".." / "images" / "forearm-plank.png")
    assert dotted.code == 1 and "is a picture this run reads" in dotted.err


def test_the_build_record_is_not_an_output(data_copy: Path, cli, tmp_path: Path):
    assert cli("build", data_copy, "-o", tmp_path / "out").code == 0
    record = tmp_path / "out" / ".cardmaker-cache.json"
    before = record.read_bytes()
    result = cli("build", data_copy, "--combine", record)
    assert result.code == 1 and "is cardmaker's build record" in result.err
    assert record.read_bytes() == before


def test_a_folder_the_build_made_and_wrote_nothing_into_is_not_left_behind(tmp_path: Path, cli):
    """The new-user probe: a build whose every card failed left the output folder it had made,
    empty but for the build record. It is removed; a folder that was there already stays, and a
    folder with a card in it is kept."""
    long_steps = ", ".join(['"' + "keep the back long and lower slowly " * 60 + '"'] * 30)
    (tmp_path / "huge.yaml").write_text(f"name: Huge\nsteps: [{long_steps}]\n", encoding="utf-8")
    (tmp_path / "fine.yaml").write_text("name: Fine\nsteps: [Stand tall.]\n", encoding="utf-8")
    made = tmp_path / "new" / "cards"
    failed = cli("build", tmp_path / "huge.yaml", "-l", "index-card-3x5", "-o", made)
    assert failed.code == 1 and "does not fit" in failed.err
    assert not made.exists()
    there = tmp_path / "there"
    there.mkdir()
    assert cli("build", tmp_path / "huge.yaml", "-l", "index-card-3x5", "-o", there).code == 1
    assert there.is_dir()
    kept = cli("build", tmp_path / "fine.yaml", tmp_path / "huge.yaml", "-l", "index-card-3x5", "-o", made)
    assert kept.code == 1 and (made / "fine.pdf").is_file()


# --- 2. import keeps what the user edited ------------------------------------------------------

def test_import_again_replaces_its_own_file_but_keeps_an_edited_one(tmp_path: Path, cli):
    out = tmp_path / "yaml"
    assert cli("import", SAMPLE, "-o", out).code == 0
    written = next(out.glob("*.yaml"))
    again = cli("import", SAMPLE, "-o", out)
    assert again.code == 0 and "1 up to date" in again.err
    edited = written.read_text().replace("name: Assisted Lying Hamstring Stretch", "name: Partner Hamstring Stretch")
    written.write_text(edited)
    kept = cli("import", SAMPLE, "-o", out)
    assert kept.code == 0 and f"kept {written}: it was edited since it was imported" in kept.err
    assert written.read_text() == edited
    forced = cli("import", SAMPLE, "-o", out, "--force")
    assert forced.code == 0 and "name: Assisted Lying Hamstring Stretch" in written.read_text()
    # a file that import did not write at all is not replaced either
    written.write_text("name: Hand written\nsteps: [Stretch.]\n")
    assert "kept" in cli("import", SAMPLE, "-o", out).err
    assert written.read_text() == "name: Hand written\nsteps: [Stretch.]\n"


def test_an_unedited_import_is_replaced_when_the_document_changes(tmp_path: Path, cli):
    doc = tmp_path / "doc.txt"
    doc.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "yaml"
    assert cli("import", doc, "-o", out).code == 0
    doc.write_text(doc.read_text(encoding="utf-8").replace("hamstrings", "hamstring muscles", 1), encoding="utf-8")
    result = cli("import", doc, "-o", out)
    assert result.code == 0 and "Wrote 1 exercise file" in result.err, result.err
    assert "hamstring muscles" in next(out.glob("*.yaml")).read_text(encoding="utf-8")


# --- 3, 12. stdout: every write checked --------------------------------------------------------

def test_listing_the_layouts_to_a_closed_stdout_is_an_error_not_a_silent_success():
    result = subprocess.run(f"'{sys.executable}' -m cardmaker layouts >&-", shell=True, cwd=REPO,
                            capture_output=True, timeout=120)  # (the shell closes fd 1 for the program)
    err = result.stderr.decode()
    assert result.returncode == 1 and "error: -: cannot write to stdout: stdout is closed" in err, err


@pytest.mark.parametrize("args", [
    ("build", DATA, "-o", "-", "-j", "1"),
    ("booklet", DATA / "forearm-plank.yaml", "-o", "-"),
    ("layouts", "show", "card-a4"),
    ("layouts",),
])
def test_a_full_disk_behind_stdout_is_one_line_and_status_1(args):
    with open("/dev/full", "wb") as full:
        result = run(*args, stdout=full, stderr=subprocess.PIPE)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "error: -: cannot write to stdout: No space left on device" in err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_preview_and_calibrate_write_to_stdout_with_a_dash(tmp_path: Path):
    sheet = run("preview", DATA / "forearm-plank.yaml", "-o", "-", cwd=tmp_path)
    assert sheet.returncode == 0 and sheet.stdout.startswith(b"\x89PNG"), sheet.stderr
    calibration = run("calibrate", "-o", "-", cwd=tmp_path)
    assert calibration.returncode == 0 and calibration.stdout.startswith(b"%PDF")
    assert not (tmp_path / "-").exists()


# --- 7. a non-UTF-8 locale -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def latin1_locale(tmp_path_factory) -> dict[str, str]:
    """An environment with a real ISO-8859-1 locale (made with localedef, as a user's system has it)."""
    where = tmp_path_factory.mktemp("locale")
    made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(where / "en_US.ISO-8859-1")],
                          capture_output=True) if shutil.which("localedef") else None
    if made is None or not (where / "en_US.ISO-8859-1").exists():
        pytest.skip("localedef cannot make an ISO-8859-1 locale here")
    env = {**os.environ, "LOCPATH": str(where), "LC_ALL": "en_US.ISO-8859-1"}
    env.pop("PYTHONUTF8", None)
    env.pop("PYTHONIOENCODING", None)
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"],
                           env=env, capture_output=True, text=True)
    assert probe.stdout.strip() == "iso8859-1", probe  # the test means nothing in a UTF-8 locale
    return env


def test_greek_names_and_pictures_build_under_an_iso_8859_1_locale(tmp_path: Path, latin1_locale):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "images" / "forearm-plank.png", folder / "Bild ø.png")  # a UTF-8 machine's name
    write(folder / "greek.yaml", "name: Άσκηση σανίδας\nsteps:\n  - Ξαπλώστε στο πλάι.\n")
    write(folder / "bild.yaml", "name: Bild\nimage: Bild ø.png\nsteps: [Hold.]\n")
    write(folder / "broken.yaml", "name: Плохо\nsteps: {a: 1}\n")  # its error names a Cyrillic exercise
    result = run("build", folder, "-o", tmp_path / "out", "-j", "1", env=latin1_locale)
    err = result.stderr.decode("latin-1")
    assert result.returncode == 1 and "Traceback" not in err, err
    assert "Built 2 cards, 1 failed" in err
    assert "not found" not in err  # the picture was found
    names = sorted(n.decode("utf-8") for n in os.listdir(os.fsencode(tmp_path / "out")) if n.endswith(b".pdf"))
    assert names == ["bild.pdf", "ασκηση-σανιδας.pdf"]  # in UTF-8 bytes, as a UTF-8 system names it
    bild = PdfReader(tmp_path / "out" / "bild.pdf")
    assert "/XObject" in bild.pages[0]["/Resources"]  # the picture is on the card
    for command in (["import", SAMPLE, "-o", tmp_path / "Ωμέγα"], ["layouts", "show", "card-a4"]):
        other = run(*command, env=latin1_locale)
        assert other.returncode == 0 and b"Traceback" not in other.stderr, other.stderr


# --- 8. stderr closed or full: messages are best effort, the PDFs are the job -------------------

def test_a_closed_stderr_still_builds_every_card(tmp_path: Path):
    result = run("build", DATA, "-o", tmp_path / "out", "-j", "1", stderr=None,
                 preexec_fn=lambda: os.close(2))
    assert result.returncode == 0
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 9
    for pdf in pdfs:  # nothing meant for stderr went into a PDF (it would have taken fd 2)
        assert pdf.read_bytes().startswith(b"%PDF") and b"built " not in pdf.read_bytes()


def test_a_full_stderr_still_builds_every_card(tmp_path: Path):
    with open("/dev/full", "w") as full:
        result = run("build", DATA, "-o", tmp_path / "out", "-j", "2", stderr=full, stdout=subprocess.PIPE)
    assert result.returncode == 0
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 9


# --- 9. a folder deleted during the scan ----------------------------------------------------------

def test_a_folder_vanishing_during_the_scan_costs_only_that_folder(tmp_path: Path, cli, monkeypatch):
    shutil.copytree(DATA, tmp_path / "in")
    gone = tmp_path / "in" / "extra"
    write(gone / "lunge.yaml", "name: Lunge\nsteps: [Step.]\n")
    real_scandir = os.scandir

    def scandir(path="."):  # another program deletes the folder between listing its parent and it
        if isinstance(path, (str, Path)) and Path(path) == gone and gone.exists():
            shutil.rmtree(gone)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = cli("build", tmp_path / "in", "-o", tmp_path / "out", "-j", "1")
    assert result.code == 1, result.text
    assert f"error: {gone}: cannot read folder: No such file or directory" in result.err
    assert re.match(r"Built 9 cards, 1 error(, \d+ warnings?)? in ", result.err.splitlines()[-1])  # no exercise failed
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 9


# --- 11. names too long, links ---------------------------------------------------------------------

def test_a_path_part_over_255_bytes_is_one_line(tmp_path: Path, cli):
    long = "x" * 256
    for args in (("build", DATA, "-o", tmp_path / long), ("build", DATA, "--combine", tmp_path / f"{long}.pdf"),
                 ("import", SAMPLE, "-o", tmp_path / long / "sub")):
        result = cli(*args)
        assert result.code == 1 and "a name in the path is too long (at most 255 bytes each)" in result.err, result.err


def test_a_244_byte_name_still_gets_its_temporary_file(tmp_path: Path, cli):
    target = tmp_path / ("y" * 240 + ".pdf")  # 244 bytes: legal, but ".NAME.XXXXXX.part" is not
    result = cli("build", DATA / "forearm-plank.yaml", "--combine", target)
    assert result.code == 0, result.err
    assert PdfReader(target).pages


def test_a_dangling_output_link_is_named_and_a_good_link_is_kept(tmp_path: Path, cli):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    result = cli("build", DATA, "-o", tmp_path / "dangling")
    assert result.code == 1 and "is a link to" in result.err and "which does not exist" in result.err
    assert "File exists" not in result.err
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "real.pdf").write_bytes(b"%PDF-1.4 old")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "elsewhere" / "real.pdf")
    assert cli("build", DATA / "forearm-plank.yaml", "--combine", tmp_path / "link.pdf").code == 0
    assert (tmp_path / "link.pdf").is_symlink()  # the user's link stays; what it points to is new
    assert (tmp_path / "elsewhere" / "real.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "elsewhere" / ".cardmaker-cache.json").exists()  # the record beside the file written
    assert not (tmp_path / ".cardmaker-cache.json").exists()


def test_a_folder_or_fifo_given_as_layout_says_what_it_is(tmp_path: Path, cli):
    os.mkfifo(tmp_path / "fifo.yaml")
    folder = cli("build", DATA, "-o", tmp_path / "out", "-l", DATA)
    assert folder.code == 1 and "is a folder, expected a layout file" in folder.err
    fifo = cli("build", DATA, "-o", tmp_path / "out", "-l", tmp_path / "fifo.yaml")
    assert fifo.code == 1 and "is not a regular file, expected a layout file" in fifo.err


# --- 13. inputs are read with a bound ------------------------------------------------------------

def test_an_endless_device_as_input_is_refused_without_filling_memory(tmp_path: Path, cli):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    result = cli("build", tmp_path / "zero.yaml", DATA / "forearm-plank.yaml", "-o", tmp_path / "out")
    assert result.code == 1 and "zero.yaml: is more than 20 MB" in result.err, result.err
    assert "Built 1 card" in result.err


def test_a_pipe_as_input_is_read_and_a_long_one_refused(tmp_path: Path, cli):
    fifo = tmp_path / "piped.yaml"
    os.mkfifo(fifo)

    def feed(data: bytes) -> threading.Thread:
        def writer():
            try:
                with open(fifo, "wb") as pipe:
                    pipe.write(data)
            except BrokenPipeError:
                pass  # the reader stopped at its bound: that is the point
        thread = threading.Thread(target=writer, daemon=True)
        thread.start()
        return thread

    feed((DATA / "forearm-plank.yaml").read_bytes().replace(b"images/", str(DATA / "images").encode() + b"/"))
    ok = cli("build", fifo, "-o", tmp_path / "out", "--allow-outside-paths")
    assert ok.code == 0 and "Built 1 card" in ok.err, ok.err
    assert "Forearm Plank" in pdf_text(tmp_path / "out" / "forearm-plank.pdf")
    writer = feed(b"# padding\n" * (3 * 2**20))  # 30 MB through a pipe: no size to stat
    big = cli("build", fifo, "-o", tmp_path / "out2")
    writer.join(timeout=10)
    assert big.code == 1 and "piped.yaml: is more than 20 MB" in big.err, big.err


# --- 5, 6. leftovers of a killed run, durability ----------------------------------------------------

def test_a_killed_runs_temporary_files_are_removed_and_a_running_ones_kept(tmp_path: Path, cli):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out / f".squat.pdf.{dead.pid}-abcd1234.part"
    live = out / f".squat.pdf.{os.getppid()}-abcd1234.part"  # a process that is running
    mine = out / "notes.part"  # not our naming: not ours to delete
    for path in (stale, live, mine):
        path.write_bytes(b"partial")
    assert cli("build", DATA, "-o", out, "-j", "1").code == 0
    assert not stale.exists() and live.exists() and mine.exists()


def test_a_file_is_synced_before_its_rename_and_the_folder_after(tmp_path: Path, monkeypatch):
    from cardmaker import output

    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("dir" if os.path.isdir(f"/proc/self/fd/{fd}")
                                                               else "file"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    stamp = output.write_atomic(tmp_path / "card.pdf", b"%PDF-1.4 whole")
    assert events == ["file", "rename", "dir"]
    assert (tmp_path / "card.pdf").read_bytes() == b"%PDF-1.4 whole"
    assert stamp.st_size == len(b"%PDF-1.4 whole")


@pytest.mark.parametrize("has_syncfs", [True, False])
def test_a_batch_is_flushed_before_its_renames_and_one_bad_target_costs_only_its_file(tmp_path: Path, monkeypatch,
                                                                                     has_syncfs):
    from cardmaker import output

    events: list[str] = []
    real_fsync, real_replace, real_syncfs = os.fsync, os.replace, output._syncfs
    if has_syncfs:
        assert real_syncfs is not None  # Linux: one flush for the batch
        monkeypatch.setattr(output, "_syncfs", lambda fd: (events.append("syncfs"), real_syncfs(fd))[1])
    else:  # no syncfs in the C library: each file's own fsync
        monkeypatch.setattr(output, "_syncfs", None)
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("dir" if os.path.isdir(f"/proc/self/fd/{fd}")
                                                               else "file"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    (tmp_path / "taken.pdf").mkdir()  # a folder where a card should go: its rename fails
    (tmp_path / "old.pdf").write_bytes(b"old")
    items = [(tmp_path / "a.pdf", b"%PDF a"), (tmp_path / "taken.pdf", b"%PDF b"), (tmp_path / "old.pdf", b"%PDF c"),
             (tmp_path / "gone" / "d.pdf", b"%PDF d")]  # no such folder: its temporary file cannot be made
    results = output.write_atomic_many(items)
    flushes = ["syncfs"] if has_syncfs else ["file", "file", "file"]
    assert events == flushes + ["rename"] * 3 + ["dir"], events  # every file on disk before any rename
    assert [type(r).__name__ for r in results] == ["stat_result", "IsADirectoryError", "stat_result",
                                                   "FileNotFoundError"]
    assert results[0].st_size == 6 and results[2].st_size == 6
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF a" and (tmp_path / "old.pdf").read_bytes() == b"%PDF c"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "old.pdf", "taken.pdf"]  # no .part left


def test_a_folder_where_a_card_should_go_is_one_line_and_the_other_cards_are_written(tmp_path: Path, cli):
    out = tmp_path / "out"
    (out / "goblet-squat.pdf").mkdir(parents=True)
    result = cli("build", DATA, "-o", out, "-j", "1", "-q")
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {out / 'goblet-squat.pdf'}: is a folder where the PDF should go "
                      "(rename or remove the folder, or write the PDFs elsewhere)"]
    assert (out / "goblet-squat.pdf").is_dir() and len(list(out.glob("*.pdf"))) == 9  # 8 cards and the folder
    assert not list(out.glob(".*.part"))


def test_cards_written_in_batches_are_each_recorded_and_a_rebuild_skips_them(tmp_path: Path, cli):
    many_cards(tmp_path / "in", 40)  # more than two batches, the last one short
    first = cli("build", tmp_path / "in", "-o", tmp_path / "out", "-j", "1", "-l", "index-card-3x5")
    assert first.code == 0, first.err
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len([n for n in built if n.endswith(".pdf")]) == 40 and not [n for n in built if n.endswith(".part")]
    again = cli("build", tmp_path / "in", "-o", tmp_path / "out", "-j", "1", "-l", "index-card-3x5")
    assert again.code == 0 and "40 up to date" in again.err.splitlines()[-1], again.err


# --- 15. SIGTERM is handled like Ctrl-C ------------------------------------------------------------

def test_sigterm_finishes_the_file_saves_the_record_and_exits_143(tmp_path: Path):
    many_cards(tmp_path / "in", 40)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cardmaker", "build", tmp_path / "in", "-o", out, "-j", "2",
                             "-q"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=default_signals)
    deadline = time.monotonic() + 60
    while not (out.exists() and len(list(out.glob("*.pdf"))) >= 5) and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err.decode()
    assert err.decode().strip().splitlines()[-1].startswith("terminated: every file written is complete")
    built = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert built and all(name.endswith(".pdf") for name in built)
    record = yaml.safe_load((out / ".cardmaker-cache.json").read_text())  # JSON is YAML
    assert sorted(record["outputs"]) == built  # every card written is recorded: not built again
    assert len(built) < 40
    rest = run("build", tmp_path / "in", "-o", out, "-q")
    assert f"Built {40 - len(built)} cards, {len(built)} up to date".encode() in rest.stderr


# --- messages -----------------------------------------------------------------------------------------

def test_a_picture_that_breaks_after_loading_is_a_located_error(data_copy: Path, tmp_path: Path):
    from cardmaker.batch import BuildOptions, build_cards, load_all
    from cardmaker.load.layout import load_layout

    layout = load_layout("card-a4")
    outcomes = []
    exercises = [ex for ex in load_all([data_copy / "forearm-plank.yaml"], outcomes.append) if ex.image]
    exercises[0].image.write_bytes(b"\x89PNG\r\n\x1a\n broken now")  # replaced by a half-copied file
    build_cards(exercises, layout, tmp_path / "out", outcomes.append, BuildOptions(jobs=1))
    errors = [str(o.error) for o in outcomes if o.error]
    assert len(errors) == 1 and "forearm-plank.png: picture cannot be read" in errors[0], errors
    assert "please report" not in errors[0]


def test_a_sigterm_held_during_a_write_still_ends_a_process_that_keeps_the_default():
    """Library callers keep SIGTERM at its default: held back during a write, it must still end
    the process once the write is done (it used to be noted and then forgotten)."""
    probe = ("import os, signal\nfrom cardmaker.output import interrupts_held\n"
             "with interrupts_held():\n    os.kill(os.getpid(), signal.SIGTERM)\nprint('survived')")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                            preexec_fn=default_signals)
    assert result.returncode == -signal.SIGTERM and "survived" not in result.stdout


def test_a_link_is_written_through_only_to_a_regular_file(tmp_path: Path):
    from cardmaker.output import write_atomic

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "to-pipe").symlink_to(tmp_path / "pipe")
    write_atomic(tmp_path / "to-pipe", b"record")
    assert (tmp_path / "to-pipe").read_bytes() == b"record" and not (tmp_path / "to-pipe").is_symlink()
    assert (tmp_path / "pipe").is_fifo()  # the folder a link points into is no place for our files
    (tmp_path / "file.pdf").write_bytes(b"old")
    (tmp_path / "to-file.pdf").symlink_to(tmp_path / "file.pdf")
    write_atomic(tmp_path / "to-file.pdf", b"new")
    assert (tmp_path / "to-file.pdf").is_symlink() and (tmp_path / "file.pdf").read_bytes() == b"new"


def test_a_device_or_pipe_given_as_output_file_is_refused(cli, tmp_path: Path):
    os.mkfifo(tmp_path / "fifo.pdf")
    for target in ("/dev/null", str(tmp_path / "fifo.pdf")):
        result = cli("build", DATA / "forearm-plank.yaml", "--combine", target)
        assert result.code == 1 and f"{target}: is not a regular file" in result.err, result.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and (tmp_path / "fifo.pdf").is_fifo()
    (tmp_path / "stdout.pdf").symlink_to("/proc/self/fd/1")  # as /dev/stdout is: a stream, not a file
    result = cli("build", DATA / "forearm-plank.yaml", "--combine", tmp_path / "stdout.pdf")
    assert result.code == 1 and "which is not a file that exists" in result.err, result.err
    assert os.readlink(tmp_path / "stdout.pdf") == "/proc/self/fd/1"
    assert not (tmp_path / ".cardmaker-cache.json").exists()


# --- found by probing as a user -------------------------------------------------------------------

def test_a_reader_that_stops_early_is_an_error_not_a_short_pdf_with_status_0():
    """Python's buffered writer reports a short write without raising: the count must be checked."""
    proc = subprocess.Popen([sys.executable, "-m", "cardmaker", "build", DATA, "-o", "-", "-q", "-j", "1"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100).startswith(b"%PDF")
    proc.stdout.close()  # the reader goes away (as `| head -c 100` does)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1, err
    assert "error: -: cannot write to stdout: Broken pipe" in err and "Traceback" not in err


def test_import_never_writes_over_its_own_document_even_with_force(tmp_path: Path, cli):
    doc = tmp_path / "assisted-lying-hamstring-stretch.yaml"  # a document whose YAML would have its name
    doc.write_bytes(SAMPLE.read_bytes())
    result = cli("import", doc, "-o", tmp_path, "--force")
    assert result.code == 1 and "is a document this run reads; writing there would replace it" in result.err
    assert doc.read_bytes() == SAMPLE.read_bytes()


def test_a_build_record_linked_to_an_input_is_replaced_not_written_through(data_copy: Path, tmp_path: Path, cli):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cardmaker-cache.json").symlink_to(data_copy / "forearm-plank.yaml")
    before = (data_copy / "forearm-plank.yaml").read_bytes()
    result = cli("build", data_copy, "-o", out, "-j", "1")
    assert result.code == 0 and "build record is damaged" in result.err
    assert (data_copy / "forearm-plank.yaml").read_bytes() == before
    assert not (out / ".cardmaker-cache.json").is_symlink()


def test_a_named_pipe_nobody_writes_to_is_one_line_not_a_hang(tmp_path: Path, cli, monkeypatch):
    from cardmaker.load import source

    monkeypatch.setattr(source, "PIPE_WAIT", 0.3)
    os.mkfifo(tmp_path / "silent.yaml")
    result = cli("build", tmp_path / "silent.yaml", DATA / "forearm-plank.yaml", "-o", tmp_path / "out")
    assert result.code == 1 and "silent.yaml: cannot read file: nothing was written to this pipe" in result.err
    assert "Built 1 card, 1 failed" in result.err


def test_an_input_path_part_over_255_bytes_is_one_line(tmp_path: Path, cli):
    long = tmp_path / ("d" * 256)
    write(tmp_path / "picture.yaml", f"name: X\nimage: {'p' * 256}.png\nsteps: [Stand.]\n")
    for args in (("build", long / "x.yaml", "-o", tmp_path / "out"), ("validate", long),
                 ("build", DATA, "-l", f"{long}.yaml", "-o", tmp_path / "out"), ("layouts", "show", long.name),
                 ("build", tmp_path / "picture.yaml", "-o", tmp_path / "out")):
        result = cli(*args)
        assert result.code == 1 and "a name in the path is too long (at most 255 bytes each)" in result.err, args
        assert "unexpected error" not in result.err


def test_a_picture_named_in_nfd_as_a_mac_writes_it_is_found(tmp_path: Path, cli):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Übung café.png")
    shutil.copy(DATA / "images" / "forearm-plank.png", tmp_path / decomposed)
    write(tmp_path / "nfc.yaml", f"name: Composed\nimage: {unicodedata.normalize('NFC', decomposed)}\nsteps: [x]\n")
    write(tmp_path / "nfd.yaml", f"name: Decomposed\nimage: {decomposed}\nsteps: [x]\n")
    result = cli("build", tmp_path / "nfc.yaml", tmp_path / "nfd.yaml", "-o", tmp_path / "out", "-j", "1")
    assert result.code == 0 and "not found" not in result.err, result.err
    for name in ("composed", "decomposed"):
        assert "/XObject" in PdfReader(tmp_path / "out" / f"{name}.pdf").pages[0]["/Resources"]


def test_a_dangling_link_or_fifo_named_like_a_card_is_the_users(tmp_path: Path, cli):
    out = tmp_path / "out"
    out.mkdir()
    (out / "forearm-plank.pdf").symlink_to(tmp_path / "nowhere" / "y.pdf")
    os.mkfifo(out / "goblet-squat.pdf")
    result = cli("build", DATA, "-o", out, "-j", "1")
    assert result.code == 1 and "Built 7 cards, 2 failed" in result.err
    assert "forearm-plank.pdf: is a link to" in result.err and "goblet-squat.pdf: is not a regular file" in result.err
    assert (out / "forearm-plank.pdf").is_symlink() and (out / "goblet-squat.pdf").is_fifo()


def test_two_ids_the_locale_spells_alike_are_not_written_to_one_file(tmp_path: Path, latin1_locale):
    write(tmp_path / "in" / "a.yaml", 'name: Epsilon\nid: "ε"\nsteps: [Greek.]\n')
    write(tmp_path / "in" / "b.yaml", 'name: Latin\nid: "Îµ"\nsteps: [Latin.]\n')  # ε's UTF-8 bytes, read as ISO-8859-1
    result = run("build", tmp_path / "in", "-o", tmp_path / "out", "-j", "1", env=latin1_locale)
    err = result.stderr.decode("latin-1")
    assert result.returncode == 1 and "Built 1 card, 1 failed" in err, err
    assert "this locale's file names cannot tell them apart" in err
    assert "Greek" in pdf_text(next((tmp_path / "out").glob("*.pdf")))


def test_a_file_its_owner_may_not_write_or_that_cannot_be_read_is_kept_and_zeros_are_replaced(tmp_path: Path,
                                                                                            monkeypatch):
    """The review: a file that could not be opened was replaced unchecked (an ordinary user's
    000 file), and 'read-only' meant no write bit for anyone (a 0464 file its owner may not
    write was replaced). What a crash leaves of a file written in place, zeros, is nothing yet."""
    import builtins

    from cardmaker.errors import CardmakerError
    from cardmaker.output_guard import check_replaceable

    mine = tmp_path / "mine.pdf"
    mine.write_bytes(b"%PDF-1.7 a card")
    mine.chmod(0o464)
    with pytest.raises(CardmakerError, match="is read-only"):
        check_replaceable(mine)
    mine.chmod(0o644)
    check_replaceable(mine)  # ours, writable: replaced

    real_open = builtins.open

    def unreadable(path, *args, **kwargs):
        if Path(path) == mine:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", unreadable)
        with pytest.raises(CardmakerError, match=r"cannot be read \(Permission denied\)"):
            check_replaceable(mine)
    zeros = tmp_path / "crashed.pdf"
    zeros.write_bytes(bytes(4096))
    check_replaceable(zeros)


def test_a_file_written_as_it_is_made_is_all_there_or_not_at_all(tmp_path: Path):
    """``output.PendingFile``: nothing at the target until ``commit``, which gives the status of
    what it wrote; ``discard`` leaves the old file and no temporary one, even when closing the
    file fails (the temporary file is deleted first); a link's file is replaced, the link kept."""
    from cardmaker.output import PendingFile

    real = tmp_path / "real.pdf"
    real.write_bytes(b"%PDF- old")
    link = tmp_path / "cards.pdf"
    link.symlink_to(real)
    pending = PendingFile(link)
    pending.sink.write(b"%PDF- new, ")
    pending.sink.write(b"in two writes")
    assert real.read_bytes() == b"%PDF- old"
    status = pending.commit()
    assert link.is_symlink() and real.read_bytes() == b"%PDF- new, in two writes"
    assert status.st_size == len(b"%PDF- new, in two writes")
    pending.discard()  # after a commit: nothing
    assert real.exists()

    given_up = PendingFile(link)
    given_up.sink.write(b"%PDF- half")

    def failing_close():
        raise OSError(5, "Input/output error")

    given_up._raw.close = failing_close
    given_up.discard()
    assert real.read_bytes() == b"%PDF- new, in two writes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.pdf", "real.pdf"]


def test_a_booklet_laid_out_twice_on_a_full_disk_is_one_error_naming_it(tmp_path: Path, monkeypatch):
    """When "Page N of M" needs a second layout into the same file, going back to the start
    flushes what the first one wrote: a full disk then is the same error as on any write
    (``WriteFailed`` naming the file), not an OSError, and leaves nothing behind."""
    import errno
    import io

    import cardmaker.render.booklet as booklet_module
    from cardmaker import BookletJob, run_booklet
    from cardmaker.output import WriteFailed

    class FullOnSeek(io.BufferedWriter):
        def seek(self, *args):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode, buffering: FullOnSeek(real_fdopen(fd, mode, buffering=0)))
    monkeypatch.setattr(booklet_module, "estimated_pages", lambda groups, layout: 1000)  # 4 digits: laid out again
    out = tmp_path / "rehab.pdf"
    with pytest.raises(WriteFailed) as caught:
        run_booklet(BookletJob(DATA, output=out))
    assert str(caught.value) == f"{out}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_reportlab_opens_a_picture_stops_the_run_and_blames_no_picture(tmp_path: Path, cli, monkeypatch,
                                                                                    data_copy: Path):
    """reportlab opens files under a bare ``except:``: a Ctrl-C arriving there became "picture
    cannot be read (changed or removed while building?)" and the run went on (exit 1, the
    user told to check a good picture). It is an interruption: one line, exit 130, no file."""
    import reportlab.lib.utils as rl_utils

    real = rl_utils.open_for_read_by_name
    opened = []

    def open_then_ctrl_c(name, mode="b"):
        if str(name).lower().endswith((".jpg", ".jpeg", ".png")):
            opened.append(name)
            signal.raise_signal(signal.SIGINT)  # taken inside reportlab's try
        return real(name, mode)

    monkeypatch.setattr(rl_utils, "open_for_read_by_name", open_then_ctrl_c)
    out = tmp_path / "all.pdf"
    result = cli("build", data_copy, "--combine", out, "-j", "1", "--force")  # pictures this process never read
    assert opened, "no picture was opened through reportlab"
    assert result.code == 130, result.err
    assert "picture" not in result.err
    assert result.err.strip().splitlines()[-1].startswith("interrupted:")
    assert [p.name for p in tmp_path.iterdir()] == [data_copy.name]
