"""`cardmaker import` on the sample document, then `build`: nothing of the document is lost."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import FIXTURES, pages, pdf_text, write

SAMPLE = FIXTURES / "assisted-lying-hamstring-stretch.txt"


def test_import_then_build_prints_every_instruction_tip_and_answer(tmp_path: Path, cli):
    result = cli("import", SAMPLE, "-o", tmp_path / "yaml")
    assert result.code == 0, result.text
    out = tmp_path / "yaml" / "assisted-lying-hamstring-stretch.yaml"
    data = yaml.safe_load(out.read_text())
    assert data["name"] == "Assisted Lying Hamstring Stretch"
    assert len(data["steps"]) == 8 and len(data["faq"]) == 8

    result = cli("build", out, "-o", tmp_path / "pdf")
    assert result.code == 0, result.text
    pdf = tmp_path / "pdf" / "assisted-lying-hamstring-stretch.pdf"
    assert pages(pdf) == 1
    text = pdf_text(pdf)
    source = SAMPLE.read_text()
    bullets = re.findall(r"^- (.+)$", source, flags=re.M)
    assert len(bullets) == 16
    for line in bullets:  # every instruction and every tip, wherever the importer filed it
        assert line in text, line
    faq = source.split("Frequently Asked Questions\n", 1)[1].strip().splitlines()
    for line in faq:
        assert line in text, line


def test_import_error_names_file_and_line(tmp_path: Path, cli):
    doc = write(tmp_path / "broken.txt", "Plank\nA hold.\nTips & Tricks\n- Breathe.\n")
    result = cli("import", doc, "-o", tmp_path / "yaml")
    assert result.code == 1
    assert "broken.txt" in result.err and "Instructions" in result.err
    assert "Traceback" not in result.text
    assert list((tmp_path / "yaml").iterdir()) == []


def test_sample_data_holds_the_imported_document():
    """data/ carries the sample document's import (with hand-added metadata) for newcomers."""
    from cardmaker.load.text_import import parse_exercise_text

    imported = parse_exercise_text(SAMPLE.read_text())
    shipped = yaml.safe_load((FIXTURES.parent.parent / "data" / f"{imported['id']}.yaml").read_text())
    for key, value in imported.items():
        assert shipped[key] == value, key
