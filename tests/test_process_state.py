"""Using cardmaker from a service changes nothing process-wide: not the umask (files still get
the permissions it allows)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cardmaker.output import write_atomic


def test_writing_a_file_never_touches_the_umask_and_follows_it(tmp_path: Path, monkeypatch):
    def forbidden(mask):
        raise AssertionError("os.umask changes the whole process's umask, for every thread")

    previous = os.umask(0o027)
    try:
        monkeypatch.setattr(os, "umask", forbidden)
        write_atomic(tmp_path / "card.pdf", b"%PDF-1.4\n")
    finally:
        monkeypatch.undo()
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "card.pdf").stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
