"""The jobs the command line runs, called from Python (``cardmaker.run_build``, ``run_booklet``):
the same PDFs as the command line for the same options, warnings and errors as data, nothing
printed by the library, and the README's examples running as written."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import cardmaker
from conftest import DATA, REPO, write

PROGRAM = REPO / "examples" / "knee-rehab-program.yaml"
LONG = "Keep the movement slow and controlled, breathing out as you push. " * 3


def _pages(pdf: bytes | Path) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_a_build_to_a_folder_writes_the_cli_s_files(tmp_path: Path, cli):
    assert cli("build", DATA, "-o", tmp_path / "cli", "-l", "index-card-3x5").code == 0
    result = cardmaker.run_build(cardmaker.BuildJob([DATA], output=tmp_path / "api", layout="index-card-3x5", jobs=2))
    assert result.ok and result.made == 9 and result.pdf is None
    assert sorted(p.name for p in result.written) == sorted(p.name for p in (tmp_path / "cli").glob("*.pdf"))
    for made in result.written:
        assert made.read_bytes() == (tmp_path / "cli" / made.name).read_bytes()
    again = cardmaker.run_build(cardmaker.BuildJob([DATA], output=tmp_path / "api", layout="index-card-3x5"))
    assert again.ok and not again.written and len(again.skipped) == 9


@pytest.mark.parametrize("options, printing", [
    ([], {}),
    (["--sheet", "A4", "--crop-marks", "cut-lines", "--copies", "2", "--duplex", "short"],
     {"sheet": "A4", "crop_marks": "cut-lines", "duplex": "short"}),
    (["--sheet", "Letter", "--n-up", "2x2", "--back-offset", "1,-0.5"], {"sheet": "Letter", "n_up": "2x2",
                                                                         "back_offset": (1, -0.5)}),
])
def test_one_pdf_from_the_api_is_the_cli_s_pdf(tmp_path: Path, cli, options, printing):
    file = tmp_path / "cli.pdf"
    assert cli("build", DATA, "--combine", file, "-l", "index-card-3x5", *options).code == 0
    copies = 2 if "--copies" in options else 1
    job = cardmaker.BuildJob([DATA], combine=True, layout="index-card-3x5", printing=printing, copies=copies)
    result = cardmaker.run_build(job)
    assert result.ok and result.pdf == file.read_bytes()
    assert _pages(result.pdf) == _pages(file)
    written = cardmaker.run_build(cardmaker.BuildJob([DATA], output=tmp_path / "api.pdf", combine=True,
                                                     layout="index-card-3x5", printing=printing, copies=copies))
    assert written.pdf is None and (tmp_path / "api.pdf").read_bytes() == file.read_bytes()
    if "back_offset" not in printing:  # the in-memory call takes the same path
        exercises = cardmaker.read_exercises(DATA)
        assert cardmaker.render_cards(exercises, layout="index-card-3x5", copies=copies, **printing) == file.read_bytes()


def test_a_program_on_sheets_is_the_cli_s(tmp_path: Path, cli):
    file = tmp_path / "cli.pdf"
    said = cli("build", DATA, "--combine", file, "--program", PROGRAM, "--sheet", "A4", "-l", "pocket-card-a6")
    job = cardmaker.BuildJob([DATA], combine=True, program=PROGRAM, layout="pocket-card-a6", printing={"sheet": "A4"})
    plan = cardmaker.prepare_build(job)
    assert said.code == 0 and f"sheets: {plan.sheets}\n" in said.err and plan.sheets.startswith("2 cards per A4")
    assert cardmaker.run_build(plan).pdf == cardmaker.run_build(job).pdf == file.read_bytes()


def test_a_booklet_from_the_api_is_the_cli_s(tmp_path: Path, cli):
    file = tmp_path / "cli.pdf"
    args = ["--program", PROGRAM, "--author", "Kim", "--impose", "saddle-stitch", "--creep", "0.5"]
    assert cli("booklet", DATA, "-o", file, *args).code == 0
    job = cardmaker.BookletJob([DATA], program=PROGRAM, author="Kim",
                               printing={"impose": "saddle-stitch", "creep": 0.5})
    result = cardmaker.run_booklet(job)
    assert result.ok and result.made == 4 and result.pdf == file.read_bytes()
    assert "Knee rehab, weeks 1-4" in " ".join(_pages(result.pdf))  # the program's title, as on the command line
    written = cardmaker.run_booklet(cardmaker.BookletJob([DATA], output=tmp_path / "api.pdf", title="Knee"))
    assert written.written == [tmp_path / "api.pdf"] and written.pdf is None
    assert cli("booklet", DATA, "-o", tmp_path / "cli2.pdf", "--title", "Knee").code == 0
    assert (tmp_path / "api.pdf").read_bytes() == (tmp_path / "cli2.pdf").read_bytes()
    exercises = cardmaker.read_exercises(DATA)
    assert cardmaker.render_booklet(exercises, title="Knee") == (tmp_path / "cli2.pdf").read_bytes()


def test_warnings_reach_the_caller_as_data(tmp_path: Path):
    write(tmp_path / "in" / "long.yaml", f"name: Long\nsteps: {[LONG] * 12}\n")  # over wall-card-a4's page at 14 pt
    seen = []
    result = cardmaker.run_build(cardmaker.BuildJob([tmp_path / "in"], output=tmp_path / "out",
                                                    layout="wall-card-a4", jobs=1), progress=seen.append)
    assert result.ok and [p.name for p in result.written] == ["long.pdf"]
    [warning] = result.warnings
    assert isinstance(warning, cardmaker.RenderError) and "goes on over 2 pages" in str(warning)
    assert [o.warning for o in seen if o.warning is not None] == [warning]
    cut = cardmaker.run_build(cardmaker.BuildJob(exercises=cardmaker.read_exercises(DATA / "goblet-squat.yaml"),
                                                 combine=True, layout="index-card-4x6"))
    assert cut.pdf and any("leaves out tips after the first 1" in str(w) for w in cut.warnings)


def test_a_bad_file_is_an_error_in_the_result_and_the_others_are_built(tmp_path: Path):
    shutil.copy(DATA / "goblet-squat.yaml", tmp_path / "squat.yaml")
    write(tmp_path / "bad.yaml", "name: Bad\nsteps: [a]\ncolour: red\n")
    result = cardmaker.run_build(cardmaker.BuildJob(tmp_path, output=tmp_path / "out", jobs=1))
    assert not result.ok and result.failed == 1 and [p.name for p in result.written] == ["goblet-squat.pdf"]
    assert result.errors[0].field == "colour" and result.errors[0].line == 3


def test_what_stops_a_job_raises_located(tmp_path: Path):
    with pytest.raises(cardmaker.OptionError) as err:
        cardmaker.run_build(cardmaker.BuildJob([DATA], output=tmp_path, printing={"sheet": "A4"}))
    assert err.value.options == ("sheet",)
    with pytest.raises(cardmaker.OptionError) as err:
        cardmaker.run_build(cardmaker.BuildJob([DATA], combine=True, copies=2, printing={"duplex": "long"}))
    assert err.value.options == ("copies", "duplex") and err.value.needs == "sheet"
    with pytest.raises(cardmaker.OptionError):
        cardmaker.run_booklet(cardmaker.BookletJob([DATA], printing={"parts": 2}))
    for wrong in ({"n_up": "lots"}, {"sheet": "A5"}, {"back_offset": "1,2"}, {"crop_marks": "some"}):
        with pytest.raises(cardmaker.OptionError) as err:
            cardmaker.run_build(cardmaker.BuildJob([DATA], combine=True, printing={"sheet": "A4", **wrong}))
        assert err.value.field == next(iter(wrong))
    with pytest.raises(cardmaker.LayoutError):
        cardmaker.run_build(cardmaker.BuildJob([DATA], combine=True, layout="no-such-layout"))
    with pytest.raises(cardmaker.CardmakerError, match="no exercise files found"):
        cardmaker.run_build(cardmaker.BuildJob([tmp_path], output=tmp_path / "out"))


def test_the_library_prints_nothing(tmp_path: Path, capfd):
    """Not on sys.stdout/stderr nor on the file descriptors (the worker processes' too)."""
    write(tmp_path / "in" / "bad.yaml", "name: Bad\nsteps: [a]\ncolour: red\n")
    write(tmp_path / "in" / "long.yaml", f"name: Long\nsteps: {[LONG] * 12}\n")
    shutil.copy(DATA / "goblet-squat.yaml", tmp_path / "in")
    cardmaker.run_build(cardmaker.BuildJob([tmp_path / "in"], output=tmp_path / "out", layout="wall-card-a4", jobs=2))
    cardmaker.run_build(cardmaker.BuildJob([tmp_path / "in"], combine=True, layout="index-card-4x6",
                                           printing={"sheet": "A4"}, jobs=1))
    cardmaker.run_booklet(cardmaker.BookletJob([tmp_path / "in"], output=tmp_path / "b.pdf",
                                               printing={"impose": "saddle-stitch"}))
    with pytest.raises(cardmaker.CardmakerError):
        cardmaker.run_booklet(cardmaker.BookletJob([tmp_path / "nothing"]))
    assert capfd.readouterr() == ("", "")


def _python_blocks(section: str) -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"## {section}")
    body = readme[start:readme.index("\n## ", start + 1)]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_the_readme_s_python_examples_run(tmp_path: Path, monkeypatch, capsys):
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks("From Python")
    assert len(blocks) >= 3
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert len(list((tmp_path / "cards").glob("*.pdf"))) == 9
    assert PdfReader(tmp_path / "rehab.pdf").pages
    assert "9 written, 0 up to date" in capsys.readouterr().out
