"""A QR code's modules (error correction M), encoded once per value and process.

Encoding tries eight masks and costs far more than drawing, and a batch prints the same
addresses again and again. reportlab's pure-Python encoder does the work.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of dark (True) and light modules, top row first, without the quiet zone."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(value)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)
