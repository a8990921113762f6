"""Picture files → whether they can go on a card: checked from their headers (size, format,
checksums) and, for a JPEG that does not end whole, by decoding it small. Used by the exercise
loader, the layout checks (a logo) and the importers.
"""

from __future__ import annotations

from pathlib import Path

MAX_PIXELS = 60_000_000  # a 48-megapixel phone photo fits; decompression bombs do not


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot go on a card, checked from its header before any pixel is decoded."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                image.verify()  # checksums and structure, still without decoding
            if width * height <= MAX_PIXELS:
                _decode_small(path)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "image has too many pixels to decode safely"
    except Exception:  # PIL raises many kinds for broken files
        return "not a readable image (empty, truncated or another kind of file)"
    if width * height > MAX_PIXELS:
        return f"image is {width}x{height} pixels, more than {MAX_PIXELS // 1_000_000} megapixels"
    return None


JPEG_TAIL = 64  # bytes at a JPEG's end searched for its end-of-image marker (some writers pad)


def _decode_small(path: Path) -> None:
    """A cut-off JPEG passes ``verify`` and would print half grey: one that does not end with
    its end-of-image marker is decoded, at an eighth of its size, and fails here. One that does
    is whole (decoding it would cost ~6 ms a photo, a third of loading a real exercise: a
    progressive JPEG decodes every scan at any size)."""
    from PIL import Image

    with Image.open(path) as image:
        if image.format == "PNG":
            return  # verify() has already checked every chunk's checksum
        if image.format == "JPEG" and _ends_whole(path):
            return
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()


def _ends_whole(path: Path) -> bool:
    """Whether the JPEG file's last bytes hold the end-of-image marker (FF D9)."""
    with open(path, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - JPEG_TAIL))
        return b"\xff\xd9" in f.read()
