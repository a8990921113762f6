"""Shared helpers: run the CLI in-process and read PDFs back."""

from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cardmaker.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class Result:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.out_bytes = result.stdout_bytes
        self.err = result.stderr
        self.exception = result.exception

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def cli():
    """``cli("build", ...)`` runs cardmaker in-process; exceptions other than SystemExit fail the test."""

    def run(*args: str) -> Result:
        result = CliRunner().invoke(main, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result)

    return run


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the sample data, to edit freely."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def pdf_text(path: Path) -> str:
    """All text of the PDF with whitespace collapsed, for phrase searches."""
    reader = PdfReader(path)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pdf_fonts(path: Path) -> set[str]:
    """Base names of the fonts the PDF's pages use, without the subset prefix ('DejaVuSans')."""
    names = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def outputs(folder: Path) -> list[str]:
    """Every file name in an output folder (temporary files included) but the build record and its lock."""
    from cardmaker.record_file import LOCK_NAME, RECORD_NAME

    return sorted(p.name for p in folder.iterdir() if p.name not in (RECORD_NAME, LOCK_NAME))


def default_signals() -> None:
    """``preexec_fn`` for a cardmaker that a test sends signals: Ctrl-C and SIGTERM at their
    defaults, even when pytest runs as a background job of a shell, which ignores Ctrl-C there.
    A child inherits "ignored", carries on, and the test fails for no fault of cardmaker's."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def many_cards(folder: Path, count: int) -> Path:
    """``count`` copies of the goblet squat (with its picture), ids squat-000, squat-001, ..."""
    text = (DATA / "goblet-squat.yaml").read_text()
    for i in range(count):
        write(folder / f"squat-{i:03}.yaml", text.replace("id: goblet-squat", f"id: squat-{i:03}"))
    shutil.copytree(DATA / "images", folder / "images")
    return folder
