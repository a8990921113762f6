"""Every kind of PDF cardmaker writes is accepted by real readers: ``qpdf --check`` finds no
error or warning, pypdfium2 renders every page, and ``pdffonts`` lists every font embedded.

One module-wide set of outputs (every built-in and example layout, combined and n-up sheets,
two-sided duplex sheets, booklets plain, imposed and for a print shop, a program booklet, the
calibration sheet), each checked by all three readers. qpdf and poppler-utils are Debian
packages; ``.ci/run`` installs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cardmaker.cli import main
from cardmaker.load.layout import builtin_names, example_names
from conftest import DATA, write

EXAMPLE_PROGRAM = DATA.parent / "examples" / "knee-rehab-program.yaml"


def _run(*args) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("readers")
    for name in [*builtin_names(), *example_names()]:
        _run("build", DATA, "-o", out / name.replace("/", "-"), "-l", name, "-q")
    _run("build", DATA, "--combine", out / "combined.pdf", "-q")
    _run("build", DATA, "--combine", out / "sheets.pdf", "-l", "index-card-3x5", "--sheet", "A4", "-q")
    _run("build", DATA, "--combine", out / "duplex.pdf", "-l", "pocket-card-a6", "--sheet", "A4",
         "--crop-marks", "outer", "--duplex", "short", "--back-offset", "1,-0.5", "-q")
    bleed = write(out / "bleed.yaml", "extends: booklet-a5\npage: {bleed: 3mm}\n")
    _run("booklet", DATA, "-o", out / "booklet.pdf", "-q")
    _run("booklet", DATA, "-o", out / "imposed.pdf", "--impose", "saddle-stitch", "--creep", "0.3", "-q")
    _run("booklet", DATA, "-o", out / "print-shop.pdf", "-l", bleed, "--impose", "saddle-stitch",
         "--crop-marks", "all", "--duplex", "long", "-q")
    _run("booklet", DATA, "-o", out / "program.pdf", "--program", EXAMPLE_PROGRAM, "-q")
    _run("calibrate", "-o", out / "calibrate.pdf")
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) > 100
    return pdfs


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed for these tests: apt-get install qpdf poppler-utils"
    return path


def test_qpdf_finds_nothing_wrong(outputs: list[Path]):
    qpdf = _tool("qpdf")
    for pdf in outputs:
        check = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        report = check.stdout + check.stderr
        assert check.returncode == 0 and "WARNING" not in report.upper(), f"{pdf.name}: {report}"


def test_pdfium_renders_every_page(outputs: list[Path]):
    import pypdfium2

    for pdf in outputs:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                bitmap = page.render(scale=0.2)
                assert bitmap.width > 0
        finally:
            document.close()


def test_every_font_is_embedded(outputs: list[Path]):
    pdffonts = _tool("pdffonts")
    for pdf in outputs:
        listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = listing.splitlines()[2:]  # after the header and its rule
        assert rows, f"{pdf.name}: no fonts"
        for row in rows:  # name, type, encoding, emb, sub, uni, object, generation
            assert row.split()[-5] == "yes", f"{pdf.name}: not embedded: {row}"
