"""The contact sheet, read back as pixels: one framed tile per card in a grid, failed cards red.

Real cards are rendered once per module (two portrait A4 cards, one landscape 3x5 index card)
and the sheet is cut into its grid cells to look at each tile on its own.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pypdfium2
import pytest
from PIL import Image, ImageChops

from cardmaker.errors import CardmakerError
from cardmaker.load.exercise import load_exercises
from cardmaker.load.layout import load_layout
from cardmaker.preview import BACKGROUND, contact_sheet
from conftest import DATA

A4, INDEX_3X5 = 210 / 297, 5 / 3  # width / height


def _card(name: str, layout: str) -> tuple[str, bytes]:
    from cardmaker.render.card import render_card

    (ex,) = load_exercises(DATA / f"{name}.yaml")
    return ex.id, render_card(ex, load_layout(layout))


@pytest.fixture(scope="module")
def cards() -> list[tuple[str, bytes | str]]:
    """Portrait, landscape, portrait, failed: a 2 x 2 grid at the default size."""
    return [_card("goblet-squat", "card-a4"), _card("forearm-plank", "index-card-3x5"),
            _card("jumping-jacks", "card-a4"),
            ("broken-card", "data/broken-card.yaml:3: steps: expected a list of strings")]


@pytest.fixture(scope="module")
def sheet(cards) -> Image.Image:
    return _open(contact_sheet(cards))


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes every row: a malformed stream fails here
    return image.convert("RGB")


def _cell(image: Image.Image, index: int, columns: int = 2, rows: int = 2) -> Image.Image:
    """The share of the sheet around grid cell ``index`` (its tile, label and half the gaps)."""
    width, height = image.width / columns, image.height / rows
    left, top = index % columns * width, index // columns * height
    return image.crop((round(left), round(top), round(left + width), round(top + height)))


def _paper(cell: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box of the page's white paper: nothing else on the grey sheet is that light."""
    mask = cell.convert("L").point(lambda v: 255 if v >= 250 else 0)
    return mask.getbbox()


def _red(cell: Image.Image) -> int:
    """Pixels of the failure red: strong red, little green or blue (caution orange has green)."""
    r, g, b = (channel.point(lambda v, keep=keep: 255 if keep(v) else 0) for channel, keep in
               zip(cell.split(), (lambda v: v > 170, lambda v: v < 60, lambda v: v < 60)))
    return ImageChops.multiply(ImageChops.multiply(r, g), b).histogram()[255]


def test_one_tile_per_card_in_a_grid_of_a4_shaped_cells(sheet):
    assert sheet.mode == "RGB" and sheet.width == 1600
    cell_width = 1600 / 2 - 100  # less the gaps
    assert 2 * A4 ** -1 * cell_width < sheet.height < 2 * (A4 ** -1 * 800 + 60)
    for index in range(4):
        cell = _cell(sheet, index)
        assert cell.getpixel((cell.width // 2, cell.height // 2)) != BACKGROUND, index
    # the gutter between the columns and the corners are bare sheet: no tile runs into another
    for y in range(0, sheet.height, 50):
        assert sheet.getpixel((sheet.width // 2, y)) == BACKGROUND, y
    assert sheet.getpixel((2, 2)) == sheet.getpixel((sheet.width - 3, sheet.height - 3)) == BACKGROUND


def test_failed_card_gets_a_red_tile_and_the_others_none(sheet):
    assert _red(_cell(sheet, 3)) > 2000  # border, "failed", the message, the label
    assert _paper(_cell(sheet, 3)) is None  # a placeholder, not a page
    assert max(_red(_cell(sheet, i)) for i in range(3)) < 200


def test_pages_keep_their_own_aspect_in_uniform_cells(sheet):
    left, top, right, bottom = _paper(_cell(sheet, 1))
    assert (right - left) / (bottom - top) == pytest.approx(INDEX_3X5, rel=0.02)
    left, top, right, bottom = _paper(_cell(sheet, 0))
    assert (right - left) / (bottom - top) == pytest.approx(A4, rel=0.02)
    assert right - left > 650  # a page fills its cell's width


def test_cells_take_the_shape_of_the_pages(cards):
    landscape = _open(contact_sheet([cards[1]] * 4))  # 2 x 2 index cards: a wide sheet
    assert landscape.height < landscape.width * 0.75
    one_row = _open(contact_sheet(cards, columns=4, width_px=1000))
    assert one_row.width == 1000 and one_row.height < 400


def test_unreadable_pdf_becomes_a_failed_tile():
    image = _open(contact_sheet([("not-a-pdf", b"%PDF-1.7 truncated"), ("empty", b"")]))
    assert _red(_cell(image, 0, rows=1)) > 1000 and _red(_cell(image, 1, rows=1)) > 1000


def test_one_pdf_open_at_a_time(cards, monkeypatch):
    """A batch of 1,000 cards must not hold 1,000 documents: each is closed before the next."""
    live = []

    class Tracked(pypdfium2.PdfDocument):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            live.append(self)
            assert len(live) == 1, "a second document opened while one was still open"

        def close(self, *args, **kwargs):
            if self in live:
                live.remove(self)
            return super().close(*args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", Tracked)
    image = _open(contact_sheet(cards[:3] * 12, width_px=800))
    assert not live and image.width == 800


def test_unusable_requests_are_cardmaker_errors(cards):
    with pytest.raises(CardmakerError, match="no cards"):
        contact_sheet([])
    with pytest.raises(CardmakerError, match="columns do not fit") as caught:
        contact_sheet(cards, columns=40, width_px=400)
    assert caught.value.hint


def test_missing_renderer_says_what_to_install(cards, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # makes `import pypdfium2` fail
    with pytest.raises(CardmakerError) as caught:
        contact_sheet(cards)
    assert "pypdfium2" in str(caught.value) and "pip install" in caught.value.hint


def test_importing_the_module_loads_no_imaging_library():
    code = "import sys, cardmaker.preview; print(sorted({'PIL', 'pypdfium2'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_preview_command_shows_good_cards_and_a_red_tile_for_a_broken_file(tmp_path, cli):
    import shutil

    shutil.copytree(DATA, tmp_path / "in")
    (tmp_path / "in" / "zz-broken.yaml").write_text("name: Broken\nsteps: {a: 1}\n")
    sheet = tmp_path / "sheet.png"
    result = cli("preview", tmp_path / "in", "-l", "index-card-3x5", "-o", sheet, "--columns", "5", "--width", "1000")
    assert result.code == 1  # the sheet is made, but the batch is not clean
    assert "zz-broken.yaml:2: steps: expected a list of texts" in result.err
    assert result.err.splitlines()[-1].startswith("Rendered 9 cards, 1 failed in ")
    image = Image.open(sheet).convert("RGB")
    assert image.width == 1000 and image.height < image.width  # two rows of landscape cells
    assert _red(image) > 1000  # the broken file's tile


def test_a_failed_tiles_message_shows_a_character_its_face_lacks_as_its_code():
    """The error about an emoji in a name drew a box where the emoji was."""
    from cardmaker.preview import _drawable

    assert _drawable("character '💪' is in none of the fonts; Übung") == \
        "character 'U+1F4AA' is in none of the fonts; Übung"
