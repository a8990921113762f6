"""A two-sided test sheet for measuring how far a printer shifts the back of the paper.

The front carries a cross at the sheet's centre with millimetre scales along both axes; the back
carries only a cross at the centre. Printed duplex and held against the light, the back's cross
sits on the front's scales at the printer's offset: pass those numbers as --back-offset X,Y.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4
REACH = 15  # scale from -15 mm to +15 mm


def calibration_sheet(sheet: tuple[float, float], flip: str = "long") -> bytes:
    from cardmaker.model.layout import Fonts
    from cardmaker.style.fonts import font_set

    fonts = font_set(Fonts())  # the bundled faces, registered: embedded like every font cardmaker prints
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=sheet, invariant=1, initialFontName=fonts.regular)
    canvas.setTitle("cardmaker duplex calibration")
    cx, cy = sheet[0] / 2, sheet[1] / 2
    _front(canvas, cx, cy, sheet, flip, fonts.regular, fonts.bold)
    canvas.showPage()
    canvas.setLineWidth(0.6)
    canvas.setStrokeColorRGB(0.75, 0.1, 0.1)
    canvas.line(cx - 8 * MM, cy, cx + 8 * MM, cy)
    canvas.line(cx, cy - 8 * MM, cx, cy + 8 * MM)
    canvas.setFont(fonts.regular, 9)
    canvas.drawCentredString(cx, cy - 14 * MM, "back: this cross shows through onto the scales on the front")
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _front(canvas: Canvas, cx: float, cy: float, sheet: tuple[float, float], flip: str, regular: str,
           bold: str) -> None:
    canvas.setFont(bold, 14)
    canvas.drawCentredString(cx, sheet[1] - 30 * MM, "cardmaker duplex calibration")
    canvas.setFont(regular, 9)
    # seen through the paper the back is mirrored across the flip edge, so one reading changes sign
    answer = "X,-Y" if flip == "long" else "-X,Y"
    lines = [f"Print both sides (duplex, {flip}-edge flip, 100% scale). Hold the sheet against the light.",
             "Read where the red cross of the back falls on the scales: X along the horizontal one,",
             f"Y along the vertical one (right and up are positive). Then build with --back-offset {answer}."]
    for i, text in enumerate(lines):
        canvas.drawCentredString(cx, sheet[1] - (40 + 5 * i) * MM, text)
    canvas.setLineWidth(0.3)
    for mm in range(-REACH, REACH + 1):
        tick = (3 if mm % 5 else 5) * MM if mm else 8 * MM
        x, y = cx + mm * MM, cy + mm * MM
        canvas.line(x, cy - tick / 2, x, cy + tick / 2)  # horizontal scale
        canvas.line(cx - tick / 2, y, cx + tick / 2, y)  # vertical scale
        if mm % 5 == 0 and abs(mm) >= 10:  # ±5 would sit on the other scale's labels
            canvas.setFont(regular, 6)
            canvas.drawCentredString(x, cy - 6 * MM, f"{mm:+d}")
            canvas.drawString(cx + 4 * MM, y - 2, f"{mm:+d}")
    canvas.line(cx - REACH * MM, cy, cx + REACH * MM, cy)
    canvas.line(cx, cy - REACH * MM, cx, cy + REACH * MM)
