"""The hand-written reportlab script a user would otherwise write: the benchmark's baseline.

It prints what the wall-card-a4 layout prints (category line, title, picture, numbered steps,
the first two tips, every caution, the video URL with a QR code) on A4, in the same bundled
Noto Sans, with plain Platypus: a SimpleDocTemplate per card, stock flowables, one process,
one fixed 14 pt body size and no fitting. It is meant to be natural code, neither slowed down
nor tuned; it reads the same YAML files with PyYAML's safe loader, as cardmaker does.

    python baseline_platypus.py cards   IN_DIR OUT_DIR      # one PDF per exercise
    python baseline_platypus.py combine IN_DIR FILE.pdf     # every card in one PDF
    python baseline_platypus.py booklet IN_DIR FILE.pdf     # one exercise per section, with TOC

It prints one line to stderr: what it built and how many pages (for the report).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (Image, ListFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

FONTS = Path(__file__).resolve().parents[1] / "cardmaker" / "fonts"
MARGINS = dict(topMargin=11 * mm, rightMargin=11 * mm, bottomMargin=10 * mm, leftMargin=11 * mm)
DARK, ACCENT, WARN = colors.HexColor("#0b3954"), colors.HexColor("#0f6b80"), colors.HexColor("#8f3510")


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("NotoSans", FONTS / "NotoSans-Regular.ttf"))
    pdfmetrics.registerFont(TTFont("NotoSans-Bold", FONTS / "NotoSans-Bold.ttf"))
    pdfmetrics.registerFontFamily("NotoSans", normal="NotoSans", bold="NotoSans-Bold",
                                  italic="NotoSans", boldItalic="NotoSans-Bold")


def make_styles(size: float) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="NotoSans", fontSize=size, leading=size * 1.28, spaceAfter=size * 0.3)
    return {
        "body": body,
        "eyebrow": ParagraphStyle("eyebrow", body, fontName="NotoSans-Bold", fontSize=size * 0.7,
                                  leading=size, textColor=ACCENT),
        "title": ParagraphStyle("title", body, fontName="NotoSans-Bold", fontSize=size * 2, leading=size * 2.3,
                                textColor=DARK, spaceAfter=size * 0.5),
        "heading": ParagraphStyle("heading", body, fontName="NotoSans-Bold", fontSize=size * 1.15,
                                  textColor=DARK, spaceBefore=size * 0.8, spaceAfter=size * 0.4, keepWithNext=1),
        "caution": ParagraphStyle("caution", body, textColor=WARN),
        "small": ParagraphStyle("small", body, fontSize=size * 0.65, leading=size * 0.85, textColor=colors.grey),
    }


def load(folder: Path) -> list[dict]:
    """Every exercise file in the folder, with the folder kept for relative image paths."""
    exercises = []
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            ex = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml, as cardmaker
        ex["_dir"] = path.parent
        exercises.append(ex)
    return exercises


def qr_code(url: str, size: float) -> Drawing:
    widget = QrCodeWidget(url)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def bullets(items: list[str], style: ParagraphStyle, kind: str = "bullet") -> ListFlowable:
    paras = [Paragraph(escape(str(text)), style) for text in items]
    if kind == "1":
        return ListFlowable(paras, bulletType="1", bulletFontName="NotoSans-Bold", bulletColor=ACCENT)
    return ListFlowable(paras, bulletType="bullet", start="•", bulletFontName="NotoSans", leftIndent=style.fontSize)


def header(ex: dict, st: dict, width: float, beside: bool = True) -> list:
    """Category line and title, with the picture beside them (or, in the booklet, below them,
    so the title stays a top-level paragraph the table of contents can see)."""
    eyebrow = " · ".join(str(ex[k]) for k in ("category", "level") if ex.get(k)).upper()
    text = [Paragraph(escape(eyebrow), st["eyebrow"]), Paragraph(escape(ex["name"]), st["title"])]
    if not ex.get("image"):
        return text
    picture = Image(str(ex["_dir"] / ex["image"]), width=70 * mm, height=60 * mm, kind="proportional")
    if not beside:
        return [*text, picture]
    table = Table([[text, picture]], colWidths=[width - 72 * mm, 72 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    return [table]


def card_story(ex: dict, st: dict, width: float, booklet: bool = False) -> list:
    """The wall card's content, top to bottom; a booklet page adds the summary and every tip."""
    story = header(ex, st, width, beside=not booklet)
    if booklet and ex.get("summary"):
        story.append(Paragraph(escape(ex["summary"]), st["body"]))
    story += [Paragraph("Instructions", st["heading"]), bullets(ex["steps"], st["body"], "1")]
    if ex.get("tips"):
        story += [Paragraph("Tips", st["heading"]), bullets(ex["tips"][:None if booklet else 2], st["body"])]
    if ex.get("cautions"):
        story += [Paragraph("Safety", st["heading"]), bullets(ex["cautions"], st["caution"])]
    if ex.get("video"):
        url = Paragraph(escape(ex["video"]), st["small"])
        table = Table([[url, qr_code(ex["video"], 25 * mm)]], colWidths=[width - 27 * mm, 27 * mm])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
        story += [Spacer(0, st["body"].fontSize), table]
    return story


def build_cards(exercises: list[dict], out_dir: Path, size: float) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    st, pages = make_styles(size), 0
    for ex in exercises:
        doc = SimpleDocTemplate(str(out_dir / f"{ex['id']}.pdf"), pagesize=A4, title=ex["name"], **MARGINS)
        doc.build(card_story(ex, st, doc.width))
        pages += doc.page
    return pages


def build_combined(exercises: list[dict], target: Path, size: float) -> int:
    st = make_styles(size)
    doc = SimpleDocTemplate(str(target), pagesize=A4, title=f"{len(exercises)} cards", **MARGINS)
    story = []
    for ex in exercises:
        story += [*card_story(ex, st, doc.width), PageBreak()]
    doc.build(story[:-1])
    return doc.page


class BookletDoc(SimpleDocTemplate):
    """The reportlab user guide's TOC recipe: each exercise title reports its page to the
    TableOfContents (and gets a bookmark), and multiBuild repeats until the numbers settle."""

    def afterFlowable(self, flowable):
        if isinstance(flowable, Paragraph) and flowable.style.name == "title":
            text, key = flowable.getPlainText(), f"ex{self.seq.nextf('ex')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))


def page_number(canvas, doc) -> None:
    canvas.setFont("NotoSans", 8)
    canvas.drawRightString(A4[0] - 11 * mm, 6 * mm, str(doc.page))


def build_booklet(exercises: list[dict], target: Path, size: float) -> int:
    """One exercise per section, each starting on a new page, after a table of contents.
    Booklet pages also carry the summary and every tip, at a reading size."""
    st = make_styles(size)
    doc = BookletDoc(str(target), pagesize=A4, title="Exercises", **MARGINS)
    toc = TableOfContents(levelStyles=[ParagraphStyle("toc", st["body"], fontSize=size * 0.9, leading=size * 1.1)])
    story = [Paragraph("Contents", ParagraphStyle("contents", st["title"])), toc]
    for ex in exercises:
        story += [PageBreak(), *card_story(ex, st, doc.width, booklet=True)]
    doc.multiBuild(story, onFirstPage=page_number, onLaterPages=page_number)
    return doc.page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["cards", "combine", "booklet"])
    parser.add_argument("input", type=Path, help="folder of exercise YAML files")
    parser.add_argument("output", type=Path, help="output folder (cards) or PDF file")
    parser.add_argument("--size", type=float, default=None, help="body size in pt (cards 14, booklet 10)")
    args = parser.parse_args()
    register_fonts()
    exercises = load(args.input)
    build = {"cards": build_cards, "combine": build_combined, "booklet": build_booklet}[args.mode]
    pages = build(exercises, args.output, args.size or (10.0 if args.mode == "booklet" else 14.0))
    print(f"baseline {args.mode}: {len(exercises)} exercises, pages={pages}", file=sys.stderr)


if __name__ == "__main__":
    main()
