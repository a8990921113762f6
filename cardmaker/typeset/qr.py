"""A QR code's modules (error correction M), encoded once per value and process.

reportlab's pure-Python encoder does the encoding; its choice of mask is made here, by the same
penalty rules scored on whole rows and columns at once (``_penalty``), not module by module:
the eight masks' scoring was three quarters of an encoding (about 9 of 13 ms a code), and a gym
whose every exercise links its own video encodes one code a card. The modules are exactly
reportlab's (``tests/test_qr.py`` compares them over many values).

The two reportlab names this leans on that it does not document, ``QRCode.getBestMaskPattern``
(overridden) and ``QRCode.makeImpl`` (a trial matrix per mask), are listed with the renderer's
in ``render.reportlab_internals.PRIVATE`` and checked by its test.
"""

from __future__ import annotations

import re
from functools import lru_cache

MASKS = 8  # the mask patterns a code may take
_RUN = re.compile(rb"00000+|11111+")  # five or more like modules in a line (rule 1: three points, one more a module)
_FINDER_LIKE = re.compile(rb"10111010000")  # dark-light-dark×3-light-dark, then four light (rule 3: 40 points)
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


@lru_cache(maxsize=256)
def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """Rows of dark (True) and light modules, top row first, without the quiet zone."""
    qr = _encoder()
    qr.addData(value)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


@lru_cache(maxsize=1)
def _encoder_class():
    """reportlab's ``QRCode`` with the mask chosen by ``_penalty`` (the same rules, faster):
    one trial matrix is made (mask 0), and each mask's is that one with its data modules
    flipped where the two masks differ (``_flips``), row by row as integers."""
    from reportlab.graphics.barcode import qrencoder

    class QRCode(qrencoder.QRCode):
        def getBestMaskPattern(self) -> int:  # noqa: N802 (reportlab's name)
            self.makeImpl(True, 0)
            n = len(self.modules)
            unmasked = [int(bytes(r).translate(_DIGITS), 2) for r in self.modules]
            flips = _flips(self.version, tuple(self.dataPosIterator()), n)
            unmasked = [a ^ b for a, b in zip(unmasked, flips[0])]
            scores = [_penalty([format(a ^ b, "0%db" % n).encode() for a, b in zip(unmasked, flips[mask])])
                      for mask in range(MASKS)]
            return scores.index(min(scores))  # the first of the least, as reportlab's own loop
    return QRCode, qrencoder.QRErrorCorrectLevel.M


@lru_cache(maxsize=16)
def _flips(version: int, positions: tuple[tuple[int, int], ...], n: int) -> list[list[int]]:
    """Per mask, per row, the data modules it darkens, as an integer (the row's first module
    its highest bit); ``positions``: the data modules' (column, row), a function of the version."""
    from reportlab.graphics.barcode.qrencoder import QRUtil

    out = []
    for mask in range(MASKS):
        dark = QRUtil.getMask(mask)
        rows = [0] * n
        for col, row in positions:
            if dark(row, col):
                rows[row] |= 1 << (n - 1 - col)
        out.append(rows)
    return out


def _encoder():
    cls, level = _encoder_class()
    return cls(None, level)


def _penalty(rows: list[bytes]) -> int:
    """The penalty points of a trial matrix (its rows as b"0"/b"1" text), as reportlab's
    ``QRUtil.getLostPoint`` counts them (its quirks kept: rule 3 looks for the finder-like
    pattern one way round, in rows only (its column pass compares tuples with a list, never
    equal), and not where it would end on a row's last module): runs of five or more, two-by-two
    blocks, finder-like patterns, and the dark share's distance from half."""
    n = len(rows)
    across, down = b"|".join(rows), b"|".join(map(bytes, zip(*rows)))
    runs = sum(len(m) - 2 for m in _RUN.findall(across)) + sum(len(m) - 2 for m in _RUN.findall(down))
    finders = 40 * len(_FINDER_LIKE.findall(b"|".join(r[:n - 1] for r in rows)))
    full, pairs = (1 << n) - 1, (1 << (n - 1)) - 1
    ints = [int(r, 2) for r in rows]
    blocks = 0
    for a, b in zip(ints, ints[1:]):
        same = ~(a ^ b) & full  # a module like the one below it
        blocks += (same & (same >> 1) & ~(a ^ (a >> 1)) & pairs).bit_count()
    balance = 10 * (abs(100 * across.count(b"1") // (n * n) - 50) // 5)
    return runs + 3 * blocks + finders + balance
