"""Sheet size and duplex flip → the two pages of a test sheet for measuring how far a printer
shifts the back of the paper, as display lists (``render_pdf`` writes them, tagged).

The front carries a cross at the sheet's centre with millimetre scales along both axes; the back
carries only a cross at the centre. Printed duplex and held against the light, the back's cross
sits on the front's scales at the printer's offset: pass those numbers as --back-offset X,Y.

Tagged as any cardmaker page: the heading an H1, the instructions a P, the scales a Figure (its
text alternative says what they are; their numbers are its content, their strokes artifacts),
the back's line a P and its cross an artifact.
"""

from __future__ import annotations

from cardmaker.typeset import display as d
from cardmaker.typeset.measure import word_width

MM = 72 / 25.4
REACH = 15  # scale from -15 mm to +15 mm
TITLE = "cardmaker duplex calibration"
INK = (0.0, 0.0, 0.0)
RED = (0.75, 0.1, 0.1)
SCALES_ALT = (f"Two millimetre scales crossing at the centre of the sheet, from -{REACH} to +{REACH} mm, "
              "horizontal and vertical, numbered every 5 mm from 10 on")


def calibration_pages(sheet: tuple[float, float], flip: str, regular: str, bold: str) -> list[d.Page]:
    """The front (heading, how to read it, the scales) and the back (a red cross and a line
    saying what it is for), on paper ``sheet`` (width, height in points), in faces
    ``regular`` and ``bold``."""
    cx, cy = sheet[0] / 2, sheet[1] / 2
    back = [*_cross(cx, cy),
            _centred("back: this cross shows through onto the scales on the front", cx, cy - 14 * MM, regular, 9,
                     d.Tag("P"))]
    return [d.Page(*sheet, tuple(_front(cx, cy, sheet, flip, regular, bold))), d.Page(*sheet, tuple(back))]


def _front(cx: float, cy: float, sheet: tuple[float, float], flip: str, regular: str, bold: str) -> list[d.Op]:
    """The heading, three lines of instructions (one paragraph) and the scales."""
    ops: list[d.Op] = [_centred(TITLE, cx, sheet[1] - 30 * MM, bold, 14, d.Tag("H1"))]
    # seen through the paper the back is mirrored across the flip edge, so one reading changes sign
    answer = "X,-Y" if flip == "long" else "-X,Y"
    lines = [f"Print both sides (duplex, {flip}-edge flip, 100% scale). Hold the sheet against the light.",
             "Read where the red cross of the back falls on the scales: X along the horizontal one,",
             f"Y along the vertical one (right and up are positive). Then build with --back-offset {answer}."]
    told = d.Tag("P")
    for i, text in enumerate(lines):
        ops.append(_centred(text, cx, sheet[1] - (40 + 5 * i) * MM, regular, 9, told, more=i < len(lines) - 1))
    return ops + _scales(cx, cy, regular)


def _scales(cx: float, cy: float, face: str) -> list[d.Op]:
    """The two scales: a tick a millimetre (longer every 5, longest at 0), numbered from ±10."""
    figure = d.Tag("Figure", alt=SCALES_ALT)
    reach = REACH * MM
    figure.bbox = tuple(round(v, 2) for v in (cx - reach, cy - reach, cx + reach + 10 * MM, cy + reach))
    ops: list[d.Op] = []
    for mm in range(-REACH, REACH + 1):
        tick = (3 if mm % 5 else 5) * MM if mm else 8 * MM
        x, y = cx + mm * MM, cy + mm * MM
        ops += [d.Line(x, cy - tick / 2, x, cy + tick / 2, 0.3, INK),  # horizontal scale
                d.Line(cx - tick / 2, y, cx + tick / 2, y, 0.3, INK)]  # vertical scale
        if mm % 5 == 0 and abs(mm) >= 10:  # ±5 would sit on the other scale's labels
            ops += [_centred(f"{mm:+d}", x, cy - 6 * MM, face, 6, figure),
                    d.GlyphRun(cx + 4 * MM, y - 2, face, 6, f"{mm:+d}", INK, figure)]
    return ops + [d.Line(cx - reach, cy, cx + reach, cy, 0.3, INK), d.Line(cx, cy - reach, cx, cy + reach, 0.3, INK)]


def _cross(cx: float, cy: float) -> list[d.Op]:
    return [d.Line(cx - 8 * MM, cy, cx + 8 * MM, cy, 0.6, RED), d.Line(cx, cy - 8 * MM, cx, cy + 8 * MM, 0.6, RED)]


def _centred(text: str, cx: float, y: float, face: str, size: float, tag: d.Tag, more: bool = False) -> d.GlyphRun:
    """``text`` centred on ``cx``; a line with ``more`` after it ends with the space it broke at
    (drawn past its end, where it shows nothing), so the words either side stay two."""
    x = cx - word_width(text, face, size) / 2
    return d.GlyphRun(x, y, face, size, text + " " * more, INK, tag)
