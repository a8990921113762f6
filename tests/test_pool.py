"""Worker process faults: workers die with their parent (even one killed with kill -9) and leave
SIGTERM to it; a worker that dies is replaced once: its cards are built again, or each card lost
is named."""

from __future__ import annotations

import re

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, default_signals, many_cards, outputs

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds worker processes in /proc")


def start_build(inputs: Path, out: Path, log: Path) -> subprocess.Popen:
    """``cardmaker build -j 2`` in its own process (and session, so no signal of ours reaches it
    by accident), Ctrl-C and SIGTERM at their defaults, its messages to ``log``: a file, not a
    pipe, which workers left behind would hold open."""
    with log.open("wb") as messages:
        return subprocess.Popen([sys.executable, "-m", "cardmaker", "build", inputs, "-o", out, "-j", "2",
                                 "-l", "wall-card-a4"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=messages,
                                preexec_fn=default_signals, start_new_session=True)


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat from the state on (field 3), or None when there is no such process;
    the name before it may hold spaces and parentheses."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    return text[text.rindex(")") + 2:].split()


def children(parent: int) -> dict[int, str]:
    """{pid: start time} of the processes whose parent is ``parent``; the start time tells a
    process from a later one given the same pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields and int(fields[1]) == parent:
            found[int(entry.name)] = fields[19]
    return found


def alive(pid: int, started: str) -> bool:
    """Still running: there, neither a zombie nor dead, and not a later process with its pid."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in "ZXx" and fields[19] == started


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def workers_of(proc: subprocess.Popen, out: Path) -> dict[int, str]:
    """The build's two workers, once it has written its first card (so they are rendering)."""
    assert wait_for(lambda: len(children(proc.pid)) == 2 or proc.poll() is not None), "no workers"
    assert wait_for(lambda: any(out.glob("*.pdf")) or proc.poll() is not None), "no card written"
    assert proc.poll() is None, "the build ended before its workers could be seen"
    return children(proc.pid)


def stop(proc: subprocess.Popen, workers: dict[int, str]) -> None:
    """Whatever of this test's processes is left: a failed test must not leak them."""
    for pid, started in workers.items():
        if alive(pid, started):
            os.kill(pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
    proc.wait()


@needs_proc
def test_workers_do_not_outlive_a_parent_killed_with_kill_9(tmp_path: Path):
    out = tmp_path / "out"
    proc = start_build(many_cards(tmp_path / "in", 200), out, tmp_path / "log")
    workers: dict[int, str] = {}
    try:
        workers = workers_of(proc, out)
        proc.kill()  # the parent alone: it has no chance to stop its workers
        proc.wait(timeout=60)
        assert wait_for(lambda: not any(alive(pid, started) for pid, started in workers.items()), 10), \
            "worker processes outlived their parent"
    finally:
        stop(proc, workers)


@needs_proc
def test_a_worker_killed_mid_run_is_replaced_and_its_cards_built_again(tmp_path: Path):
    out = tmp_path / "out"
    proc = start_build(many_cards(tmp_path / "in", 40), out, tmp_path / "log")
    workers: dict[int, str] = {}
    try:
        workers = workers_of(proc, out)
        os.kill(next(iter(workers)), signal.SIGKILL)  # as the out-of-memory killer does
        proc.wait(timeout=60)
    finally:
        stop(proc, workers)
    text = (tmp_path / "log").read_text()
    assert proc.returncode == 0, text
    assert outputs(out) == [f"squat-{i:03}.pdf" for i in range(40)]
    lines = text.splitlines()
    warnings = [line for line in lines if line.startswith("warning:") and not _about_layout(line)]
    assert len(warnings) == 1 and "a worker process stopped unexpectedly" in warnings[0], text
    assert not any(line.startswith("error:") for line in lines) and "Traceback" not in text
    assert re.match(r"Built 40 cards, \d+ warnings? in", lines[-1]), text


# cardmaker whose workers die (SIGKILL, as from the out-of-memory killer) on the card 'squat-007'
KILLING_CARD = """
import os, signal, sys
from cardmaker.cli import main
from cardmaker.render import card

render_card, parent = card.render_card, os.getpid()

def render_or_die(ex, layout):
    if ex.id == "squat-007" and os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return render_card(ex, layout)

card.render_card = render_or_die  # workers are forked from here, so they render with it
main(sys.argv[1:], prog_name="cardmaker")
"""


def test_a_card_that_kills_its_worker_twice_is_named_once_and_the_others_still_end(tmp_path: Path):
    # in its own process all the same: were the broken pools not cleaned up, it would hang, not fail
    inputs = many_cards(tmp_path / "in", 24)
    result = subprocess.run([sys.executable, "-c", KILLING_CARD, "build", inputs, "-o", tmp_path / "out",
                             "-l", "wall-card-a4", "-j", "2", "-q"], capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    warnings = [line for line in lines if line.startswith("warning:") and not _about_layout(line)]
    assert len(warnings) == 1 and "a worker process stopped unexpectedly" in warnings[0], result.stderr
    errors = [line for line in lines if line.startswith("error:")]
    named = [line.split("'")[1] for line in errors]
    assert "squat-007" in named and len(named) == len(set(named)), result.stderr
    for line, ident in zip(errors, named):  # each in full: its file, its card, what to do
        assert line == (f"error: {inputs / (ident + '.yaml')}: '{ident}' not done: a worker process stopped "
                        "unexpectedly, twice (out of memory?) (try again with --jobs 1)")
    built = [name[:-len(".pdf")] for name in outputs(tmp_path / "out")]
    assert sorted(built + named) == [f"squat-{i:03}" for i in range(24)]  # every card: built or named
    assert f"{len(named)} failed" in lines[-1] and f"Built {len(built)} cards" in lines[-1], result.stderr


@needs_proc
def test_sigterm_to_the_workers_is_left_to_cardmaker(tmp_path: Path):
    # `kill -TERM -PGID` and `timeout` reach the workers too: whether to stop is the parent's call
    out = tmp_path / "out"
    proc = start_build(many_cards(tmp_path / "in", 40), out, tmp_path / "log")
    workers: dict[int, str] = {}
    try:
        workers = workers_of(proc, out)
        for pid in workers:
            os.kill(pid, signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        stop(proc, workers)
    text = (tmp_path / "log").read_text()
    assert proc.returncode == 0, text
    assert outputs(out) == [f"squat-{i:03}.pdf" for i in range(40)]
    assert "error:" not in text, text
    assert not [line for line in text.splitlines() if line.startswith("warning:") and not _about_layout(line)], text


def _about_layout(line: str) -> bool:
    """The build's warnings about the layout itself (what it leaves out, text below its
    comfortable size, a card going on over more pages), not about the workers."""
    return "leaves out" in line or "below its comfortable" in line or "goes on over" in line
