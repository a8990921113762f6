"""Pictures (exercise images, gym logos) drawn from files read and encoded once per process.

A batch prints the same logo on every card and each fitting trial places the same picture.
reportlab would decode and re-compress the file for every PDF (about 12 ms for a 900 x 700
PNG), so the encoded image stream is kept per file and process and written into each document
(``one_pdf.Document.image``: once per file).

A picture with far more pixels than print needs (a 12-megapixel phone photo in a 6 cm box) is
scaled down to ``DPI`` at its printed size first, so a folder of photos makes small PDFs; but
for a large progressive JPEG, whose decoding alone holds about 100 MB (``_costly``).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache

from PIL import Image
from reportlab.lib.utils import _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject

from cardmaker.errors import RenderError
from cardmaker.output import raise_if_interrupted

MASK = "auto"  # honour the file's transparency
DPI = 300  # print resolution: pictures with more pixels than this at their printed size are scaled down
SLACK = 1.25  # up to this much more is kept as it is (re-encoding would only lose quality)
STEP = 64  # pixel targets are rounded up to this, so nearby printed sizes share one encoding
DECODE_LIMIT = 48 * 2 ** 20  # bytes a picture's decoding may hold before it is embedded undecoded


def pixel_size(path: str) -> tuple[int, int]:
    """From the file's header: sizing a picture (every fitting trial does) decodes nothing."""
    with _read_as_error(path):
        return _header(path, _stamp(path))[0]


@contextmanager
def _read_as_error(path: str):
    """A picture checked when the exercise was loaded can still change, vanish or turn out
    broken by the time it is drawn: that is a located error for its card, not a crash."""
    try:
        yield
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise_if_interrupted()  # reportlab's bare except turns Ctrl-C into "Cannot open resource"
        raise RenderError(f"picture cannot be read (changed or removed while building?): {exc}", file=path,
                          hint="check the picture, then build again") from None


def _stamp(path: str) -> tuple[int, int]:
    """Size and modification time: a file replaced while the process runs is read again."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


@lru_cache(maxsize=4096)
def _header(path: str, stamp: tuple[int, int]) -> tuple[tuple[int, int], bool]:
    """(size as it is shown, after its EXIF rotation; whether it must pass through Pillow before
    reportlab can embed it as it should look: rotated, 16-bit, or a colour-key transparency)."""
    from PIL import Image

    with Image.open(path) as image:
        turn = image.getexif().get(ORIENTATION, 1) if image.format in ("JPEG", "TIFF", "WEBP", "PNG") else 1
        width, height = image.size
        plain = turn == 1 and image.mode in PLAIN_MODES and not (
            "transparency" in image.info and image.mode in ("RGB", "L"))
    return ((height, width) if turn in (5, 6, 7, 8) else (width, height)), not plain


ORIENTATION = 0x0112  # the EXIF tag phones use instead of turning the pixels
PLAIN_MODES = ("RGB", "RGBA", "L", "LA", "P", "CMYK", "1")  # what reportlab embeds faithfully


def print_pixels(width: float, height: float) -> int:
    """The longest side, in pixels, that ``width`` x ``height`` points need at ``DPI``."""
    px = max(width, height) / 72 * DPI
    return int(-(-px // STEP) * STEP)


def encoded(path: str, width: float, height: float) -> tuple[str, PDFImageXObject]:
    """(a name for the encoding, the encoded image) of the file printed at ``width`` x ``height``
    points, from the process's cache (``one_pdf.Document.image`` writes it into a file once)."""
    longest = print_pixels(width, height)
    return _name(path, longest), _encoded(path, longest)


def _encoded(path: str, longest: int) -> PDFImageXObject:
    with _read_as_error(path):
        return _encoded_at(path, _stamp(path), longest)


@lru_cache(maxsize=16)  # a batch often repeats a logo; a folder of distinct photos must not pile up
def _encoded_at(path: str, stamp: tuple[int, int], longest: int) -> PDFImageXObject:
    name = _name(path, longest)
    size, needs_pillow = _header(path, stamp)
    if (max(size) <= longest * SLACK or _costly(path, size)) and not needs_pillow:
        return PDFImageXObject(name, path, mask=MASK)
    return _prepared(path, name, min(longest, max(size)))


def _costly(path: str, size: tuple[int, int]) -> bool:
    """Whether decoding the file, even scaled down, would hold more than ``DECODE_LIMIT`` bytes:
    a progressive JPEG keeps every coefficient of the full image while it decodes (two bytes a
    sample: an 18-megapixel web photo took 108 MB, the booklet's whole peak). Such a file is
    embedded as it is, a larger PDF rather than that much memory."""
    if size[0] * size[1] * 3 * 2 <= DECODE_LIMIT:
        return False
    with Image.open(path) as image:
        return image.format == "JPEG" and bool(image.info.get("progressive"))


def _prepared(path: str, name: str, longest: int) -> PDFImageXObject:
    """The picture as it should look (EXIF rotation applied, 16-bit scaled to 8, a colour key
    made transparent), its longest side ``longest`` pixels: a JPEG stays a JPEG (quality 90),
    anything else is stored losslessly with its transparency."""
    import io

    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    with Image.open(path) as image:
        kind = image.format
        turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
        scale = longest / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        if kind == "JPEG" and scale < 1:
            image.draft(image.mode, size)  # decode at a reduced scale straight away: fast and small
        picture = ImageOps.exif_transpose(image)
    if picture.mode not in PLAIN_MODES:  # 16-bit or float grey: scaled to 8 bits
        picture = picture.convert("I").point(lambda v: v * (255 / 65535)).convert("L") \
            if picture.mode.startswith("I;16") else picture.convert("RGBA" if "A" in picture.mode else "RGB")
    if "transparency" in picture.info and picture.mode in ("RGB", "L"):
        picture = picture.convert("RGBA")
    size = size[::-1] if turned else size
    if picture.size != size:
        picture = picture.resize(size, Image.LANCZOS)
    if kind == "JPEG" and picture.mode in ("RGB", "L", "CMYK"):
        buf = io.BytesIO()
        picture.save(buf, "JPEG", quality=90)
        buf.seek(0)
        encoded = PDFImageXObject(name)
        encoded.loadImageFromJPEG(buf)
        return encoded
    return PDFImageXObject(name, ImageReader(picture), mask=MASK)


def _name(path: str, longest: int) -> str:
    return _digester(f"{path}{MASK}@{longest}".encode("utf-8"))
