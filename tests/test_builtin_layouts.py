"""Every built-in layout renders every sample exercise, with the page count it promises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from cardmaker.load.layout import builtin_names, load_layout
from conftest import DATA, pdf_text

SAMPLES = sorted(DATA.glob("*.yaml"))


@pytest.fixture(scope="module", params=builtin_names())
def rendered(request, tmp_path_factory) -> tuple[str, Path]:
    from click.testing import CliRunner

    from cardmaker.cli import main

    out = tmp_path_factory.mktemp(request.param)
    result = CliRunner().invoke(main, ["build", str(DATA), "-o", str(out), "-l", request.param])
    assert result.exit_code == 0, result.output
    return request.param, out


def test_page_counts_and_complete_text(rendered):
    name, out = rendered
    layout = load_layout(name)
    shown = {s.name for s in layout.sections}
    for sample in SAMPLES:
        data = yaml.safe_load(sample.read_text())
        pdf = out / f"{data['id']}.pdf"
        pages = len(PdfReader(pdf).pages)
        if layout.fit_mode == "continue":
            assert 1 <= pages <= 3, (name, data["id"], pages)
        else:
            assert pages == 1, (name, data["id"])
        text = pdf_text(pdf)
        expected = list(data["steps"]) + data.get("cautions", [])
        if "tips" in shown:
            expected += data.get("tips", [])
        if "faq" in shown:
            expected += [p[k] for p in data.get("faq", []) for k in ("q", "a")]
        if "description" in shown:
            expected += [" ".join(p.split()) for p in data.get("description", "").split("\n\n") if p.strip()]
        for item in expected:
            assert " ".join(item.split()) in text, (name, data["id"], item[:50])


def test_continued_pages_are_marked(tmp_path: Path, cli):
    result = cli("build", DATA / "goblet-squat.yaml", "-o", tmp_path, "-l", "handout-a4")
    assert result.code == 0, result.text
    reader = PdfReader(tmp_path / "goblet-squat.pdf")
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages[1:], 2):
        assert f"Goblet Squat (continued) · {number}" in " ".join(page.extract_text().split())


@pytest.mark.parametrize("name", builtin_names())
def test_layouts_show_prints_a_layout_that_loads_the_same(tmp_path: Path, cli, name: str):
    result = cli("layouts", "show", name)
    assert result.code == 0, result.text
    assert "extends" not in yaml.safe_load(result.out)
    copy = tmp_path / "copy.yaml"
    copy.write_text(result.out)
    original, reloaded = load_layout(name), load_layout(str(copy))
    fields = [f for f in original.__dataclass_fields__ if f not in ("name", "source")]
    assert {f: getattr(reloaded, f) for f in fields} == {f: getattr(original, f) for f in fields}


def test_layouts_lists_each_with_a_description(cli):
    result = cli("layouts")
    for name in builtin_names():
        line = next(line for line in result.out.splitlines() if line.startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 20
