"""Finished pages → sheets of the same file, with the finished PDF's tags carried over (pikepdf).

Takes a finished PDF (a combined file or a booklet, tagged by ``render``) and gives the same
document with its pages replaced by sheets: each page becomes a form XObject of the same file
(its compressed content copied as is, its resources shared, nothing parsed or recompressed) and a
sheet is a short content stream placing forms (``q a b c d e f cm /P3 Do Q``) with its marks
drawn as artifacts.

The tags go with the pages (ISO 32000-1, 14.7.4.3: marked content in a form XObject): the form
of a page keeps the page's marked content and takes its ``/StructParents`` key, so the parent
tree stays as it was; every element's content items become marked-content references
``<< /Type /MCR /Pg sheet /Stm form /MCID n >>`` on the sheet that prints the page, and the
``Do`` that paints it is outside any marked content. A form with structure may be painted
only once, so a card printed again (``--copies``) is painted from an artifact twin: the same
content with each tagged sequence turned into an ``/Artifact`` one, made once per page. Link
annotations move to the sheet (their rectangles and destinations placed as their page is).
The original pages, their outline and their destinations are left out of the saved file.
"""

from __future__ import annotations

import io
import re

Matrix = tuple[float, float, float, float, float, float]
TAGGED = re.compile(rb"(?m)^/[^\s<>/]+ <</MCID \d+[^>\n]*>> BDC$")  # a tagged sequence's start, as render writes it


def num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


class Book:
    """The finished PDF's pages as form XObjects, and the sheets made of them."""

    def __init__(self, pdf: bytes):
        import pikepdf

        self.pk = pikepdf
        self.doc = pikepdf.open(io.BytesIO(pdf))
        self.originals = [page.obj for page in self.doc.pages]
        self.page_count = len(self.originals)
        self.tagged = "/StructTreeRoot" in self.doc.Root
        box = self.originals[0].MediaBox if self.page_count else (0, 0, 595.28, 841.89)
        self.first_size = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
        self.forms: dict[int, object] = {}  # page index → its form (painted once)
        self.twins: dict[int, object] = {}  # page index → its artifact twin (every later copy)
        self.home: dict[tuple, tuple] = {}  # page's objgen → (sheet, form, matrix) where it is printed first
        self.sheets: list = []
        self.resources: dict[bytes, object] = {}  # resources' PDF syntax → the one indirect object
        self.moved: list[tuple] = []  # (annotation, its sheet, its page's matrix)

    def form(self, index: int):
        """Page ``index`` as a form XObject of this file: the first time the tagged form, then its
        artifact twin; a name for it on a sheet."""
        if index not in self.forms:
            self.forms[index] = self._make_form(index, twin=False)
            return self.forms[index], f"/P{index}", True
        if index not in self.twins:
            self.twins[index] = self._make_form(index, twin=True)
        return self.twins[index], f"/C{index}", False

    def _make_form(self, index: int, twin: bool):
        pk, page = self.pk, self.originals[index]
        contents = page.Contents
        if isinstance(contents, pk.Array) or twin:
            data = b"\n".join(s.read_bytes() for s in (contents if isinstance(contents, pk.Array) else [contents]))
            form = pk.Stream(self.doc, TAGGED.sub(b"/Artifact BMC", data) if twin else data)
        else:  # one stream: its bytes as stored, filters and all
            form = pk.Stream(self.doc, b"")
            form.write(contents.read_raw_bytes(), filter=contents.get("/Filter"),
                       decode_parms=contents.get("/DecodeParms"))
        form.Subtype = pk.Name.Form  # /Type /XObject is optional: left out, as are most bytes a form adds
        form.BBox = page.MediaBox
        form.Resources = self._resources(page)
        if not twin and "/StructParents" in page:
            form.StructParents = page.StructParents  # its entry in the parent tree: the page's, unchanged
        return self.doc.make_indirect(form)

    def _resources(self, page):
        """The page's resources as one indirect object shared by every page with the same ones
        (reportlab writes them into each page): a form's dictionary is stored uncompressed."""
        res = page.get("/Resources", self.pk.Dictionary())
        if res.is_indirect:
            return res
        key = res.unparse()
        if key not in self.resources:
            self.resources[key] = self.doc.make_indirect(res)
        return self.resources[key]

    def add_sheet(self, size: tuple[float, float], placed: list[tuple[int, Matrix, tuple | None]],
                  marks: list[tuple[str, list]], boxes: dict[str, tuple]) -> int:
        """A sheet of ``size`` with each (page, matrix, clip in the page's space) placed, then
        the marks over them as artifacts; gives its index among the sheets made."""
        pk = self.pk
        sheet = self.doc.make_indirect(pk.Dictionary())  # typed after: making a /Type /Page indirect costs ~1 ms
        sheet.Type, sheet.MediaBox = pk.Name.Page, pk.Array([0, 0, *size])
        ops, xobjects, annots = [], {}, []
        for index, m, clip in placed:
            form, name, first = self.form(index)
            xobjects[name] = form
            cut = f"{num(clip[0])} {num(clip[1])} {num(clip[2] - clip[0])} {num(clip[3] - clip[1])} re W n " \
                if clip else ""
            ops.append(f"q {' '.join(num(v) for v in m)} cm {cut}{name} Do Q")
            if first:
                self.home[self.originals[index].objgen] = (sheet, form, m)
                page = self.originals[index]
                if "/Annots" in page:
                    own = list(page.Annots)
                    annots += own
                    self.moved += [(a, sheet, m) for a in own]
        for style, lines in marks:
            if lines:
                path = " ".join(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l" for x1, y1, x2, y2 in lines)
                ops.append(f"/Artifact BMC q {style} {path} S Q EMC")
        sheet.Resources = pk.Dictionary(XObject=pk.Dictionary(xobjects))
        sheet.Contents = self.doc.make_stream("\n".join(ops).encode("ascii"))
        for key, (x0, y0, x1, y1) in boxes.items():
            sheet[key] = pk.Array([x0, y0, x1, y1])
        if annots:
            sheet.Annots, sheet.Tabs = pk.Array(annots), pk.Name.S
        self.sheets.append(sheet)
        return len(self.sheets) - 1

    def save(self, order: list[int]) -> bytes:
        """The sheets in ``order`` in place of the pages, with the finished PDF's title, language,
        metadata and structure tree; the same bytes for the same input."""
        from cardmaker.press.sheet_tags import move_annotations, move_tree

        pk, doc = self.pk, self.doc
        move_annotations(self)
        if self.tagged:
            move_tree(self)
        del doc.pages[:]
        for i in order:
            doc.pages.append(pk.Page(self.sheets[i]))
        for key in ("/Outlines", "/Dests", "/Names", "/OpenAction", "/PageLabels"):
            if key in doc.Root:
                del doc.Root[key]
        if doc.Root.get("/PageMode") == pk.Name.UseOutlines:
            del doc.Root["/PageMode"]
        buf = io.BytesIO()
        doc.save(buf, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pk.ObjectStreamMode.generate)
        return buf.getvalue()
