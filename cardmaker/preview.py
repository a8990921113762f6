"""(label, card PDF or error) pairs → one contact-sheet PNG, so a coach checks a batch at a glance.

The first page of each card is rendered small with pdfium and framed in a uniform grid on a
grey sheet, its exercise id under it; a card that failed to build gets a red placeholder
carrying its error, so a batch with problems still gives a whole sheet. The sheet is written
one row of tiles at a time straight into the PNG stream: memory holds one row and one page,
whatever the size of the batch. Pillow and pypdfium2 are imported only when a sheet is made.
"""

from __future__ import annotations

import io
import math
import struct
import textwrap
import zlib
from collections.abc import Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from cardmaker.errors import CardmakerError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BACKGROUND, SHADOW, BORDER, INK = (236, 236, 236), (203, 203, 203), (168, 168, 168), (55, 55, 55)
RED, DARK_RED, FAILED_FILL = (200, 30, 30), (120, 25, 25), (253, 236, 234)
TALLEST = 2.0  # cell height/width at most: a freak page shrinks rather than stretch every row


@dataclass(frozen=True)
class Grid:
    """Where tiles go, in pixels. A row strip is: gap, cell, label; one more gap ends the sheet."""

    columns: int
    rows: int
    left: int  # margin that centres the columns
    gap: int
    cell: tuple[int, int]
    font_px: int
    row_height: int


def contact_sheet(cards: Sequence[tuple[str, bytes | str]], *, width_px: int = 1600,
                  columns: int | None = None) -> bytes:
    """PNG bytes of a sheet with the first page of each card, labelled, in order.

    ``cards`` pairs a label (the exercise id) with the card's PDF bytes, or with an error
    message (str) for a card that failed: that one gets a red "failed" tile with the message.
    ``columns`` defaults to about √n, 2 to 8. Cells share the aspect of the tallest first page,
    and each page keeps its own inside its cell. The sheet is ``width_px`` wide and grows
    downward with the batch (1,000 A4 cards: 8 columns, about 37,000 px tall), never held whole.
    """
    try:
        import pypdfium2 as pdfium
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:
        raise CardmakerError(f"the preview needs {exc.name or 'pypdfium2 and Pillow'}",
                             hint="pip install 'pypdfium2>=4' 'pillow>=10'") from None
    if not cards:
        raise CardmakerError("no cards to preview")
    grid = _grid(len(cards), width_px, columns, _cell_aspect(pdfium, cards))
    fonts = [ImageFont.truetype(str(FONT_DIR / f"NotoSans-{face}.ttf"), size) for face, size in
             (("Regular", grid.font_px), ("Bold", round(grid.font_px * 1.3)), ("Regular", grid.font_px - 2))]
    png = _Png(width_px, grid.rows * grid.row_height + grid.gap)
    for row in range(grid.rows):
        strip = Image.new("RGB", (width_px, grid.row_height), BACKGROUND)
        draw = ImageDraw.Draw(strip)
        for column, (label, card) in enumerate(cards[row * grid.columns:(row + 1) * grid.columns]):
            x = grid.left + column * (grid.cell[0] + grid.gap)
            try:
                failure = card if isinstance(card, str) else _paste_page(pdfium, strip, draw, card, x, grid)
            except pdfium.PdfiumError as exc:
                failure = f"unreadable PDF: {exc}"
            if failure is not None:
                _failed_tile(draw, x, grid, failure, fonts)
            draw.text((x + grid.cell[0] / 2, grid.gap + grid.cell[1] + grid.font_px),
                      _fit(label, fonts[0], grid.cell[0]), fill=INK if failure is None else RED,
                      font=fonts[0], anchor="mm")
        png.add(strip)
    png.add(Image.new("RGB", (width_px, grid.gap), BACKGROUND))
    return png.finish()


def _grid(n: int, width_px: int, columns: int | None, aspect: float) -> Grid:
    """Gaps, cell and label sizes scale with the cell width, so a sheet looks alike at any size."""
    columns = columns or min(8, max(2, math.ceil(math.sqrt(n))))
    gap = max(10, width_px // (columns * 12))
    cell_w = (width_px - gap * (columns + 1)) // max(1, columns)
    if columns < 1 or cell_w < 48:
        raise CardmakerError(f"{columns} columns do not fit a {width_px} px wide sheet",
                             hint="use fewer columns or a wider sheet")
    left = (width_px - columns * cell_w - (columns - 1) * gap) // 2
    cell_h, font_px = round(cell_w * aspect), max(11, min(18, cell_w // 14))
    rows, row_height = math.ceil(n / columns), gap + cell_h + 2 * font_px
    return Grid(columns, rows, left, gap, (cell_w, cell_h), font_px, row_height)


@contextmanager
def _first_page(pdfium, pdf: bytes):
    """The first page, closed with its document on leaving, so only one is ever open."""
    doc = pdfium.PdfDocument(pdf)
    try:
        if not len(doc):
            raise pdfium.PdfiumError("the PDF has no pages")
        yield doc[0]
    finally:
        doc.close()  # closes the page too


def _cell_aspect(pdfium, cards: Sequence[tuple[str, bytes | str]]) -> float:
    """Height/width of the tallest first page (A4 if none can be read): a cheap pass that reads
    page sizes only, so one uniform cell holds every card."""
    tallest = 0.0
    for _, card in cards:
        with suppress(pdfium.PdfiumError):  # an unreadable PDF becomes a failed tile later
            if isinstance(card, bytes):
                with _first_page(pdfium, card) as page:
                    width, height = page.get_size()
                    tallest = max(tallest, height / width)
    return min(tallest, TALLEST) or math.sqrt(2)


def _paste_page(pdfium, strip, draw, pdf: bytes, x: int, grid: Grid) -> None:
    """Render the first page to fit the cell, centred in it, framed and shadowed."""
    with _first_page(pdfium, pdf) as page:
        width, height = page.get_size()
        image = page.render(scale=min(grid.cell[0] / width, grid.cell[1] / height)).to_pil()
    left, top = x + (grid.cell[0] - image.width) // 2, grid.gap + (grid.cell[1] - image.height) // 2
    _frame(draw, (left, top, left + image.width, top + image.height), BORDER)
    strip.paste(image.convert("RGB"), (left, top))


def _frame(draw, box: tuple[int, int, int, int], colour, fill=None, width: int = 1) -> None:
    """A drop shadow and an outline just outside ``box`` (left, top, right, bottom)."""
    left, top, right, bottom = box
    draw.rectangle((left + 3, top + 3, right + 2, bottom + 2), fill=SHADOW)
    draw.rectangle((left - 1, top - 1, right, bottom), fill=fill, outline=colour, width=width)


def _failed_tile(draw, x: int, grid: Grid, message: str, fonts: list) -> None:
    """A red placeholder the size of a cell: "failed", then as much of the message as fits."""
    (w, h), top, pad = grid.cell, grid.gap, max(6, grid.cell[0] // 16)
    _frame(draw, (x, top, x + w, top + h), RED, FAILED_FILL, 2)
    message = _drawable(message)
    title_h, line_h = round(fonts[1].size * 1.8), round(fonts[2].size * 1.35)
    # wrapped by an average letter width, then each line cut to the pixel (paths break anywhere)
    lines = textwrap.wrap(message, max(8, int((w - 2 * pad) / (fonts[2].size * 0.55))))
    lines = [_fit(line, fonts[2], w - 2 * pad) for line in lines]
    room = max(0, (h - 2 * pad - title_h) // line_h)
    if len(lines) > room > 0:
        lines = lines[:room - 1] + [_fit(" ".join(lines[room - 1:]), fonts[2], w - 2 * pad)]
    y = top + max(pad, (h - title_h - min(len(lines), room) * line_h) // 2)  # the block centred
    draw.text((x + w / 2, y), "failed", fill=RED, font=fonts[1], anchor="mt")
    for i, line in enumerate(lines[:room]):
        draw.text((x + w / 2, y + title_h + i * line_h), line, fill=DARK_RED, font=fonts[2], anchor="ma")


def _drawable(text: str) -> str:
    """``text`` with each character the tile's face lacks written as its code ("U+1F4AA"): the
    error about an emoji in a name showed a box where the emoji was."""
    from cardmaker.style.fonts import BUNDLED, coverage

    shown = coverage(BUNDLED.regular)
    return "".join(ch if ord(ch) in shown or ch.isspace() else f"U+{ord(ch):04X}" for ch in text)


def _fit(text: str, font, width: float) -> str:
    """``text``, cut short with an ellipsis to fit ``width`` pixels."""
    if font.getlength(text) <= width:
        return text
    while len(text) > 1 and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


class _Png:
    """An 8-bit RGB PNG written a strip at a time: Pillow saves only an image it holds whole,
    and a 1,000-card sheet held whole takes about 240 MB."""

    def __init__(self, width: int, height: int):
        self.out, self.zip = io.BytesIO(b"\x89PNG\r\n\x1a\n"), zlib.compressobj(6)
        self.out.seek(0, io.SEEK_END)
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))

    def add(self, strip) -> None:
        raw, stride = strip.tobytes(), strip.width * 3
        self._chunk(b"IDAT", self.zip.compress(  # each row: filter type 0 (none), then its pixels
            b"".join(b"\0" + raw[i:i + stride] for i in range(0, len(raw), stride))))

    def finish(self) -> bytes:
        self._chunk(b"IDAT", self.zip.flush())
        self._chunk(b"IEND", b"")
        return self.out.getvalue()

    def _chunk(self, kind: bytes, data: bytes) -> None:
        if data or kind != b"IDAT":  # zlib often holds a strip back: skip the empty chunk
            self.out.write(struct.pack(">I", len(data)) + kind + data)
            self.out.write(struct.pack(">I", zlib.crc32(kind + data)))
