"""The build record (``.cardmaker-cache.json``): what it calls up to date must really be, even
when two builds write into one folder at once."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import write

A, B = "a" * 64, "b" * 64  # two digests: made from different inputs


def test_a_card_replaced_between_its_write_and_its_record_is_not_fresh(tmp_path: Path):
    from cardmaker.incremental import BuildRecord
    from cardmaker.output import write_atomic

    target = tmp_path / "squat.pdf"
    record = BuildRecord(tmp_path)
    written = write_atomic(target, b"%PDF- this run's card")
    write_atomic(target, b"%PDF- another run's card, renamed over it a moment later")
    record.record(target, A, written)
    assert not record.fresh(target, A)
    assert record.save() is None
    assert not BuildRecord(tmp_path).fresh(target, A)
    # and without the other run, the card written is the card recorded
    record.record(target, B, write_atomic(target, b"%PDF- this run's card again"))
    assert record.save() is None
    assert BuildRecord(tmp_path).fresh(target, B)


def test_two_runs_saving_into_one_folder_keep_each_others_entries(tmp_path: Path):
    from cardmaker.incremental import BuildRecord
    from cardmaker.output import write_atomic

    one, two = BuildRecord(tmp_path), BuildRecord(tmp_path)  # both read the folder's record first
    one.record(tmp_path / "a.pdf", A, write_atomic(tmp_path / "a.pdf", b"%PDF- a"))
    two.record(tmp_path / "b.pdf", B, write_atomic(tmp_path / "b.pdf", b"%PDF- b"))
    assert one.save() is None and two.save() is None
    final = BuildRecord(tmp_path)
    assert final.fresh(tmp_path / "a.pdf", A) and final.fresh(tmp_path / "b.pdf", B)


def test_when_two_runs_wrote_one_output_the_entry_for_the_file_on_disk_is_kept(tmp_path: Path):
    from cardmaker.incremental import BuildRecord
    from cardmaker.output import write_atomic

    target = tmp_path / "squat.pdf"
    one, two = BuildRecord(tmp_path), BuildRecord(tmp_path)
    one.record(target, A, write_atomic(target, b"%PDF- one"))
    two.record(target, B, write_atomic(target, b"%PDF- two, written last"))
    assert two.save() is None and one.save() is None  # the run that wrote first saves last
    final = BuildRecord(tmp_path)
    assert final.fresh(target, B) and not final.fresh(target, A)


def test_the_record_is_locked_only_while_it_is_saved(tmp_path: Path, monkeypatch):
    import fcntl

    from cardmaker import record_file
    from cardmaker.batch import build_cards, load_all
    from cardmaker.load.layout import load_layout

    for name in ("One", "Two"):
        write(tmp_path / "in" / f"{name}.yaml", f"name: {name}\nsteps: [Stand up.]\n")
    out = tmp_path / "out"
    out.mkdir()
    lock = os.open(out / record_file.LOCK_NAME, os.O_RDWR | os.O_CREAT)

    def free() -> bool:  # another run could take the lock now
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True

    seen = []
    write_record = record_file.write
    monkeypatch.setattr(record_file, "write", lambda *args: (seen.append(("save", free())), write_record(*args)))
    layout = load_layout("index-card-3x5")
    exercises = load_all([tmp_path / "in"], lambda outcome: None, layout.fonts)
    try:
        build_cards(exercises, layout, out, lambda outcome: seen.append((outcome.item, free())))
    finally:
        os.close(lock)
    assert seen == [("one", True), ("two", True), ("save", False)]  # free while building, held while saving


def test_saving_drops_entries_for_outputs_that_are_gone(tmp_path: Path, cli):
    for name in ("One", "Two", "Three"):
        write(tmp_path / "in" / f"{name}.yaml", f"name: {name}\nsteps: [Stand up.]\n")
    out = tmp_path / "out"
    assert cli("build", tmp_path / "in", "-o", out, "-l", "index-card-3x5", "-j", "1").code == 0
    (tmp_path / "in" / "Three.yaml").unlink()  # an exercise retired, its card deleted
    (out / "three.pdf").unlink()
    write(tmp_path / "in" / "One.yaml", "name: One\nsteps: [Stand up slowly.]\n")  # and one card to build
    result = cli("build", tmp_path / "in", "-o", out, "-l", "index-card-3x5", "-j", "1")
    assert result.code == 0 and "Built 1 card, 1 up to date" in result.err, result.err
    assert sorted(json.loads((out / ".cardmaker-cache.json").read_text())["outputs"]) == ["one.pdf", "two.pdf"]


# Two builds into one folder, made to race on chosen cards every time: the "victim" renames its
# card into place, then waits until the "follower" has renamed its own over it (and, after the
# last, a moment more, so the follower saves first) before it records the card. Bounded waits:
# a run that goes wrong is slow, never stuck.
RACER = r"""
import os, sys, time
role, names = sys.argv[1], set(sys.argv[2].split(","))
del sys.argv[1:3]
out = sys.argv[sys.argv.index("-o") + 1]
rename = os.replace

def inode(path):
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None

def wait(done):
    deadline = time.monotonic() + 5
    while not done() and time.monotonic() < deadline:
        time.sleep(0.002)

before = {name: inode(os.path.join(out, name)) for name in names}

def racing(src, dst, *args, **kwargs):
    name = os.path.basename(dst)
    if name not in names:
        return rename(src, dst, *args, **kwargs)
    if role == "follower":  # only once the victim's card of this round is in place
        wait(lambda: inode(dst) != before[name])
        return rename(src, dst, *args, **kwargs)
    mine = os.stat(src).st_ino
    rename(src, dst, *args, **kwargs)
    wait(lambda: inode(dst) != mine)
    if name == max(names):
        time.sleep(0.2)

os.replace = racing
from cardmaker.cli import main
sys.argv[0] = "cardmaker"
main()
"""
LAYOUTS = ("card-a4", "index-card-3x5")


def test_two_builds_racing_into_one_folder_record_only_what_is_on_disk(tmp_path: Path, cli):
    exercises, out = tmp_path / "in", tmp_path / "out"
    ids = [f"move-{i:02}" for i in range(16)]
    for ident in ids:
        write(exercises / f"{ident}.yaml", f"name: {ident.title()}\nsteps: [Stand up., Sit down.]\n")
    # round 1: every card of card-a4 is replaced by index-card's before card-a4 records it;
    # round 2: the other way round, on every other card, so each layout ends with half the files
    _race(exercises, out, victim=LAYOUTS[0], follower=LAYOUTS[1], ids=ids)
    _race(exercises, out, victim=LAYOUTS[1], follower=LAYOUTS[0], ids=ids[::2])
    made_by = {p.name: _layout_of(p) for p in out.glob("*.pdf")}
    assert sorted(made_by.values()) == [LAYOUTS[0]] * 8 + [LAYOUTS[1]] * 8
    digests = _digests(exercises)
    entries = json.loads((out / ".cardmaker-cache.json").read_text())["outputs"]
    assert sorted(entries) == sorted(made_by)  # every card written is recorded (no run's save lost)
    for name, (digest, size, mtime) in entries.items():
        st = (out / name).stat()
        assert [size, mtime] == [st.st_size, st.st_mtime_ns], name  # the stamp of the file on disk
        assert digest == digests[made_by[name]][name], name  # and the inputs that really made it
    # what a user sees: a build with one layout rebuilds exactly the cards the other one made
    again = cli("build", exercises, "-o", out, "-l", LAYOUTS[0], "-j", "1", "-q")
    assert again.code == 0 and "Built 8 cards, 8 up to date" in again.err, again.err


def _race(exercises: Path, out: Path, victim: str, follower: str, ids: list[str]) -> None:
    """Both builds at once (--force: every card written), racing on the cards ``ids``. They run
    outside the checkout, so they import the cardmaker this test does: a layout's digest holds
    where its file is, and a clean clone's checkout is not the installed package."""
    names = ",".join(f"{i}.pdf" for i in ids)
    runs = [subprocess.Popen([sys.executable, "-c", RACER, role, names, "build", str(exercises), "-o", str(out),
                              "-l", layout, "-j", "1", "-q", "--force", *only],
                             cwd=exercises.parent, stderr=subprocess.PIPE)
            for role, layout, only in (("victim", victim, ()), ("follower", follower, ("--only", ",".join(ids))))]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()


def _layout_of(pdf: Path) -> str:
    """Which of the two layouts made this card: A4 is 595 pt wide, an index card 360 or 216."""
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    return LAYOUTS[0] if width > 500 else LAYOUTS[1]


def _digests(folder: Path) -> dict[str, dict[str, str]]:
    """layout → output name → the digest a build with that layout records."""
    from cardmaker import incremental
    from cardmaker.batch import load_all
    from cardmaker.load.layout import load_layout

    found = {}
    for name in LAYOUTS:
        layout = load_layout(name)
        key = incremental.layout_digest(layout)
        exercises = load_all([folder], lambda outcome: None, layout.fonts)
        found[name] = {f"{ex.id}.pdf": incremental.card_digest(ex, key) for ex in exercises}
    return found


# Whatever lies where the record should be, the build goes on: every card is built, the problem
# is said once, and a good record is left for next time.
HEX = "0" * 64
DAMAGED = {
    "nested": lambda path: path.write_text("[" * 100_000),
    "30 MB": lambda path: path.write_bytes(b'{"cardmaker": "1", "outputs": {}}' + b" " * (30 << 20)),  # valid JSON
    "fifo": os.mkfifo,
    "device": lambda path: path.symlink_to("/dev/zero"),
    "not UTF-8": lambda path: path.write_bytes(b'{"cardmaker": "\xff", "outputs": {}}'),
    "huge number": lambda path: path.write_text(
        f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", {"9" * 5000}, 1]}}}}'),
}
SHAPES = [
    "[]", "null", '"text"', '{"outputs": {}}', '{"cardmaker": 1, "outputs": {}}', '{"cardmaker": "1", "outputs": []}',
    '{"cardmaker": "1", "outputs": {}, "more": 1}',
    '{"cardmaker": "1", "outputs": {"one.pdf": ["abc", 1, 2]}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX.upper().replace("0", "A")}", 1, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", 1]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", 1, 2, 3]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", "1", 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", true, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", 1.5, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", NaN, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": ["{HEX}", -1, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"one.pdf": {{"digest": "{HEX}"}}}}}}',
    f'{{"cardmaker": "1", "outputs": {{"../one.pdf": ["{HEX}", 1, 2]}}}}',
    f'{{"cardmaker": "1", "outputs": {{"": ["{HEX}", 1, 2]}}}}',
]
for i, shape in enumerate(SHAPES):
    DAMAGED[f"shape {i}"] = lambda path, shape=shape: path.write_text(shape)


class Hung(Exception):
    """Not an OSError (TimeoutError is one), so no ``except OSError`` on the way can swallow it."""


@pytest.fixture
def no_hang():
    """A build stuck on a FIFO fails the test instead of hanging the suite."""
    def stuck(signum, frame):
        raise Hung("the build hung")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _two_exercises(folder: Path) -> Path:
    for name in ("One", "Two"):
        write(folder / f"{name}.yaml", f"name: {name}\nsteps: [Stand up.]\n")
    return folder


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning:")]


def _valid_record(path: Path) -> list[str]:
    """The outputs of a record of exactly the expected shape, read the way a build reads it."""
    from cardmaker import record_file

    entries, problem = record_file.read(path)
    assert problem is None
    data = json.loads(path.read_text())
    assert sorted(data) == ["cardmaker", "outputs"] and data["outputs"] == entries
    return sorted(entries)


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_build_record_means_rebuild_said_once(tmp_path: Path, cli, no_hang, damage):
    out = tmp_path / "out"
    out.mkdir()
    damage(out / ".cardmaker-cache.json")
    result = cli("build", _two_exercises(tmp_path / "in"), "-o", out, "-l", "index-card-3x5", "-j", "1")
    assert result.code == 0, result.err
    assert _warnings(result.err) == [f"warning: {out / '.cardmaker-cache.json'}: build record is damaged "
                                     f"({_reason(result.err)}); rebuilding everything"]
    assert result.err.splitlines()[-1].startswith("Built 2 cards, 1 warning in ")
    assert _valid_record(out / ".cardmaker-cache.json") == ["one.pdf", "two.pdf"]
    assert not (out / ".cardmaker-cache.json").is_symlink()  # a link to a device is replaced, not written through
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)
    again = cli("build", tmp_path / "in", "-o", out, "-l", "index-card-3x5", "-j", "1")
    assert again.code == 0 and "Built 0 cards, 2 up to date" in again.err and not _warnings(again.err)


def _reason(err: str) -> str:
    return err.split("build record is damaged (", 1)[-1].split("); rebuilding everything", 1)[0]


def test_a_damaged_record_beside_a_combined_file_is_said_once_too(tmp_path: Path, cli):
    (tmp_path / ".cardmaker-cache.json").write_text("[" * 100_000)
    result = cli("build", _two_exercises(tmp_path / "in"), "--combine", tmp_path / "all.pdf", "-l", "index-card-3x5")
    assert result.code == 0, result.err
    assert len(_warnings(result.err)) == 1 and "build record is damaged" in result.err
    assert _valid_record(tmp_path / ".cardmaker-cache.json") == ["all.pdf"]


def test_a_first_build_has_no_record_and_says_nothing_about_it(tmp_path: Path, cli):
    result = cli("build", _two_exercises(tmp_path / "in"), "-o", tmp_path / "out", "-l", "index-card-3x5")
    assert result.code == 0 and not _warnings(result.err), result.err
    assert _valid_record(tmp_path / "out" / ".cardmaker-cache.json") == ["one.pdf", "two.pdf"]


def test_a_record_too_big_to_read_back_is_not_written(tmp_path: Path):
    import errno

    from cardmaker import record_file

    path = tmp_path / record_file.RECORD_NAME
    record_file.write(path, {"one.pdf": [HEX, 1, 2]})
    with pytest.raises(OSError) as raised:
        record_file.write(path, {f"card-{i:05}.pdf": [HEX, 12345, 1_700_000_000_000_000_000] for i in range(80_000)})
    assert raised.value.errno == errno.EFBIG and "larger than 8 MB" in str(raised.value)
    assert record_file.read(path) == ({"one.pdf": [HEX, 1, 2]}, None)  # the one there is kept


def test_a_combined_file_written_through_a_link_to_another_folder_is_up_to_date_the_second_time(tmp_path: Path,
                                                                                                 cli):
    """The record goes beside the file a link names; the check of whether the file may be up to
    date looked beside the link, found nothing and built it again every time."""
    write(tmp_path / "in" / "Plank.yaml", "name: Plank\nsteps: [Hold.]\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "cards.pdf").write_bytes(b"%PDF- last week's cards")
    link = tmp_path / "mine" / "cards.pdf"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "shared" / "cards.pdf")
    assert cli("build", tmp_path / "in", "--combine", link, "-l", "index-card-3x5", "-j", "1").code == 0
    assert (tmp_path / "shared" / ".cardmaker-cache.json").exists() and link.is_symlink()
    again = cli("build", tmp_path / "in", "--combine", link, "-l", "index-card-3x5", "-j", "1")
    assert again.code == 0 and "Built 0 cards, 1 up to date" in again.err, again.err
