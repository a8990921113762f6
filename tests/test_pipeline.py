"""The build pipeline: workers load, check and lay out each card once; the parent draws (one
combined PDF) or writes (one PDF per card) in input order. Same bytes as one process, errors
still name their file and line, order kept, nothing kept longer than needed."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import DATA, write

SAMPLES = sorted(DATA.glob("*.yaml"))


def _layout(name: str = "wall-card-a4"):
    from cardmaker.load.layout import load_layout

    return load_layout(name)


def _exercises(layout):
    from cardmaker.batch import load_all

    return load_all([DATA], lambda outcome: None, layout.fonts)


def test_prepared_pages_write_the_same_bytes_as_the_display_list_pages():
    """What a worker sends (prepared pages, through pickle) writes exactly what the pages write."""
    from cardmaker.render.card import compose
    from cardmaker.render.one_pdf import Document, Info
    from cardmaker.render.prepared import prepare

    layout = _layout()
    pages = [compose(ex, layout).pages for ex in _exercises(layout)]

    def pdf(add) -> bytes:
        doc = Document(lang="en")
        for card in pages:
            add(doc, card)
        return doc.finish(Info("all"))

    sent = [pickle.loads(pickle.dumps(prepare(card))) for card in pages]
    by_pages = pdf(lambda doc, card: [doc.add_page(page) for page in card])
    assert by_pages == pdf(lambda doc, card: [doc.add_prepared(page) for page in sent.pop(0)])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_streamed_combined_pdf_is_the_one_process_build_in_input_order(tmp_path: Path, cli, jobs):
    from cardmaker.render.combined import render_combined

    layout = _layout()
    expected = render_combined(_exercises(layout), layout)
    target = tmp_path / "all.pdf"
    result = cli("build", DATA, "--combine", target, "-l", "wall-card-a4", "-j", jobs, "--force")
    assert result.code == 0, result.text
    assert target.read_bytes() == expected
    titles = [item.title for item in PdfReader(target).outline]
    assert len(titles) == len(SAMPLES)  # a bookmark per card, in input order
    names = [ex.name for ex in _exercises(layout)]
    assert titles == names


def test_a_load_error_in_a_worker_names_file_and_line_and_the_rest_are_built(tmp_path: Path, cli):
    inputs = tmp_path / "in"
    for i in range(12):
        write(inputs / f"x{i:02}.yaml", f"name: Card {i}\nid: card-{i:02}\nsteps:\n  - Stand up.\n  - Sit down.\n")
    write(inputs / "x05.yaml", "name: Broken\nid: broken\nsteps:\n  - Stand up.\n  - [oops\n")
    write(inputs / "x08.yaml", "name: Again\nid: card-03\nsteps:\n  - Once.\n")  # an id used before
    target = tmp_path / "all.pdf"
    result = cli("build", inputs, "--combine", target, "-l", "wall-card-a4", "-j", "2")
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors[0].startswith(f"error: {inputs / 'x05.yaml'}:5: YAML syntax error"), errors
    assert errors[1].startswith(f"error: {inputs / 'x08.yaml'}:2: id: exercise id 'card-03' is also used at "
                                f"{inputs / 'x03.yaml'}:2"), errors
    titles = [item.title for item in PdfReader(target).outline]
    assert titles == [f"Card {i}" for i in range(12) if i not in (5, 8)]
    folder = tmp_path / "out"
    cards = cli("build", inputs, "-o", folder, "-l", "wall-card-a4", "-j", "2")
    assert cards.code == 1 and [line for line in cards.err.splitlines() if line.startswith("error:")] == errors
    assert sorted(p.stem for p in folder.glob("*.pdf")) == [f"card-{i:02}" for i in range(12) if i not in (5, 8)]


def test_ordered_imap_yields_in_the_order_of_the_items():
    from cardmaker import pool

    items = list(range(57))
    assert [i for i, _ in pool.imap(_square, items, None, 2, ordered=True)] == items
    assert [r for _, r in pool.imap(_square, items, None, 2, ordered=True)] == [i * i for i in items]


def _square(item: int, shared) -> int:
    return item * item
