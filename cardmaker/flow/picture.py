"""Pictures (exercise images, gym logos) as flowables that read and encode each file once.

A batch prints the same logo on every card and each fitting trial places the same picture.
reportlab would decode and re-compress the file for every PDF (about 12 ms for a 900 x 700
PNG), so the encoded image stream is kept per file and process and copied into each document.
"""

from __future__ import annotations

import copy
import os
from functools import lru_cache

from reportlab.lib.utils import _digester
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable

MASK = "auto"  # honour the file's transparency


def pixel_size(path: str) -> tuple[int, int]:
    """From the file's header: sizing a picture (every fitting trial does) decodes nothing."""
    return _pixel_size(path, _stamp(path))


def _stamp(path: str) -> tuple[int, int]:
    """Size and modification time: a file replaced while the process runs is read again."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


@lru_cache(maxsize=4096)
def _pixel_size(path: str, stamp: tuple[int, int]) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _encoded(path: str) -> PDFImageXObject:
    return _encoded_at(path, _stamp(path))


@lru_cache(maxsize=16)  # a batch often repeats a logo; a folder of distinct photos must not pile up
def _encoded_at(path: str, stamp: tuple[int, int]) -> PDFImageXObject:
    return PDFImageXObject(_name(path), path, mask=MASK)


def _name(path: str) -> str:
    return _digester(f"{path}{MASK}".encode("utf-8"))  # the name reportlab gives a file image


def _register(canv, path: str) -> None:
    """Put a copy of the encoded image into the canvas's document, as drawImage would have."""
    doc, name = canv._doc, _name(path)
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is not None:
        return
    image = copy.copy(_encoded(path))
    canv._setXObjects(image)
    doc.Reference(image, reg_name)
    doc.addForm(name, image)
    smask = getattr(image, "_smask", None)  # an alpha channel is a second image
    if smask is not None:
        del image._smask
        mask_name = doc.getXObjectName(smask.name)
        if doc.idToObject.get(mask_name) is None:
            image.smask = doc.Reference(copy.copy(smask), mask_name)
        else:
            image.smask = PDFObjectReference(mask_name)


class Picture(Flowable):
    """An image file drawn at a fixed size (already scaled to fit by the caller)."""

    def __init__(self, path, width: float, height: float):
        super().__init__()
        self.path, self.width, self.height = str(path), width, height

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        if getattr(self.canv, "_doc", None) is not None:
            _register(self.canv, self.path)
        self.canv.drawImage(self.path, 0, 0, self.width, self.height, mask=MASK)


def scaled(path, max_width: float, max_height: float) -> Picture:
    """The picture as large as fits ``max_width`` x ``max_height``, keeping its proportions."""
    iw, ih = pixel_size(str(path))
    scale = min(max_width / iw, max_height / ih)
    return Picture(path, iw * scale, ih * scale)
