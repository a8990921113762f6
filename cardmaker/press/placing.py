"""Finished pages → sheets of the same file, with the finished PDF's tags carried over (pikepdf):
a booklet's pages imposed for saddle-stitching (``press.sheets.saddle``). (Cards on n-up sheets
are placed as they are written instead: ``press.sheets.CardSheets``.)

Takes a finished PDF (tagged by ``render``) and gives the same document with its pages replaced
by sheets. A sheet's content stream places each page (``q a b c d e f cm … Q``, clipped to keep
a page's spine-side bleed off its neighbour) and draws its marks as artifacts.

A page's content goes into the sheet's stream itself, its marked content renumbered after the
pages before it on the sheet (``/P <</MCID 12>> BDC``), and its resources join the sheet's:
``render`` names fonts, pictures and forms the same on every page, so they merge without
renaming (a name that means two things on one sheet sends that page to a form instead). The
structure tree then keeps plain MCIDs on the sheet's page (``press.sheet_tags`` moves them), and
the file is no bigger than the pages were. Link annotations move to the sheet, and the outline's
bookmarks point at the sheet that prints their page. The original pages and their named
destinations are left out of the saved file (cardmaker writes explicit ones).
"""

from __future__ import annotations

import io
import re

Matrix = tuple[float, float, float, float, float, float]
TAGGED = re.compile(rb"(?m)^(/[^\s<>/]+ <</MCID )(\d+)(>> BDC)$")  # a tagged sequence's start, as render writes it


def num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


class Book:
    """The finished PDF's pages, and the sheets made of them."""

    def __init__(self, pdf: bytes):
        import pikepdf

        self.pk = pikepdf
        self.doc = pikepdf.open(io.BytesIO(pdf))
        self.originals = [page.obj for page in self.doc.pages]
        self.page_count = len(self.originals)
        self.tagged = "/StructTreeRoot" in self.doc.Root
        box = self.originals[0].MediaBox if self.page_count else (0, 0, 595.28, 841.89)
        self.first_size = (float(box[2]) - float(box[0]), float(box[3]) - float(box[1]))
        self.home: dict[tuple, tuple] = {}  # page's objgen → (sheet, MCID offset, matrix, form or None):
        # where the page is printed first (in the sheet's own stream, or as a form)
        self.inline: list[tuple[object, list[tuple]]] = []  # (sheet, the pages in its stream, in order)
        self.sheets: list = []
        self.moved: list[tuple] = []  # (annotation, its sheet, its page's matrix)
        self.counts: dict[int, int] | None = None  # parent-tree key → MCIDs of its page, read on first use

    def add_sheet(self, size: tuple[float, float], placed: list[tuple[int, Matrix, tuple | None]],
                  marks: str, boxes: dict[str, tuple]) -> int:
        """A sheet of ``size`` with each (page, matrix, clip in the page's space) placed once, then
        ``marks`` (operators, artifacts) over them; gives its index among the sheets made."""
        pk = self.pk
        sheet = self.doc.make_indirect(pk.Dictionary())  # typed after: making a /Type /Page indirect costs ~1 ms
        sheet.Type, sheet.MediaBox = pk.Name.Page, pk.Array([0, 0, *size])
        ops: list[bytes] = []
        resources: dict[str, dict] = {"/XObject": {}}
        inline: list[tuple] = []
        annots: list = []
        offset = 0
        for index, m, clip in placed:
            page = self.originals[index]
            cut = f"{num(clip[0])} {num(clip[1])} {num(clip[2] - clip[0])} {num(clip[3] - clip[1])} re W n " \
                if clip else ""
            head = f"q {' '.join(num(v) for v in m)} cm {cut}"
            data, count = _renumbered(pk, page, offset)
            if count == self._mcids(page) and _merge(resources, page):
                ops += [head.encode("ascii"), data, b"Q"]
                self.home[page.objgen] = (sheet, offset, m, None)
                inline.append(page.objgen)
                offset += count
            else:
                name = f"/cmP{index}"
                resources["/XObject"][name] = self._form(index)
                ops.append(f"{head}{name} Do Q".encode("ascii"))
                self.home[page.objgen] = (sheet, 0, m, resources["/XObject"][name])
            if "/Annots" in page:
                annots += list(page.Annots)
                self.moved += [(a, sheet, m) for a in page.Annots]
        if marks:
            ops.append(marks.encode("ascii"))
        self._finish_sheet(sheet, ops, resources, boxes, annots)
        if inline:
            self.inline.append((sheet, inline))
        return len(self.sheets) - 1

    def _mcids(self, page) -> int:
        """How many MCIDs the parent tree gives the page: its content must hold as many, as
        ``render`` writes them, for it to be renumbered onto a sheet (else it goes as a form)."""
        if self.counts is None:
            tree = self.doc.Root.StructTreeRoot.get("/ParentTree") if self.tagged else None
            nums = list(tree.get("/Nums", [])) if tree is not None else []
            self.counts = {int(nums[i]): len(nums[i + 1]) for i in range(0, len(nums), 2)
                           if isinstance(nums[i + 1], self.pk.Array)}
        return self.counts.get(int(page.StructParents), 0) if "/StructParents" in page else 0

    def _finish_sheet(self, sheet, ops: list[bytes], resources: dict[str, dict], boxes: dict[str, tuple],
                      annots: list) -> None:
        pk = self.pk
        sheet.Resources = pk.Dictionary({cat: pk.Dictionary(names) for cat, names in resources.items() if names})
        sheet.Resources.ProcSet = pk.Array([pk.Name.PDF, pk.Name.Text, pk.Name.ImageB, pk.Name.ImageC, pk.Name.ImageI])
        sheet.Contents = self.doc.make_stream(b"\n".join(ops))
        for key, (x0, y0, x1, y1) in boxes.items():
            sheet[key] = pk.Array([x0, y0, x1, y1])
        if annots:
            sheet.Annots, sheet.Tabs = pk.Array(annots), pk.Name.S
        self.sheets.append(sheet)

    def _form(self, index: int):
        """Page ``index`` as a form XObject (its resources clash with the sheet's), with the page's
        /StructParents: painted once, where the page is placed."""
        pk, page = self.pk, self.originals[index]
        form = pk.Stream(self.doc, _content(pk, page))
        form.Subtype = pk.Name.Form  # /Type /XObject is optional: left out
        form.BBox = page.MediaBox
        form.Resources = page.get("/Resources", pk.Dictionary())
        if "/StructParents" in page:
            form.StructParents = page.StructParents  # its entry in the parent tree: the page's, unchanged
        return self.doc.make_indirect(form)

    def save(self, order: list[int]) -> bytes:
        """The sheets in ``order`` in place of the pages, with the finished PDF's title, language,
        metadata, structure tree and outline (each bookmark on the sheet that first prints its
        page); the same bytes for the same input."""
        from cardmaker.press.sheet_tags import move_annotations, move_outline, move_tree

        pk, doc = self.pk, self.doc
        move_annotations(self)
        if self.tagged:
            move_tree(self)
        outline = move_outline(self)
        del doc.pages[:]
        for i in order:
            doc.pages.append(pk.Page(self.sheets[i]))
        for key in ("/Dests", "/Names", "/OpenAction", "/PageLabels") + (() if outline else ("/Outlines",)):
            if key in doc.Root:
                del doc.Root[key]
        if doc.Root.get("/PageMode") == pk.Name.UseOutlines and not outline:
            del doc.Root["/PageMode"]
        buf = io.BytesIO()
        doc.save(buf, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pk.ObjectStreamMode.generate)
        return buf.getvalue()


def _merge(resources: dict[str, dict], page) -> bool:
    """Add the page's resources to the sheet's; False (and nothing added) when one of its names
    already means something else there."""
    res = page.get("/Resources")
    if res is None:
        return True
    adds = []
    for cat in res.keys():
        if cat == "/ProcSet":
            continue
        have = resources.get(cat, {})
        for name, obj in res[cat].items():
            other = have.get(name)
            if other is None:
                adds.append((cat, name, obj))
            elif other.objgen != obj.objgen or obj.objgen == (0, 0):
                return False
    for cat, name, obj in adds:
        resources.setdefault(cat, {})[name] = obj
    return True


def _content(pk, page) -> bytes:
    """The page's content streams as one."""
    contents = page.Contents
    return b"\n".join(s.read_bytes() for s in (contents if isinstance(contents, pk.Array) else [contents]))


def _renumbered(pk, page, offset: int) -> tuple[bytes, int]:
    """The page's content with its MCIDs moved up by ``offset``; how many MCIDs it has."""
    data = _content(pk, page)
    top = [-1]

    def shift(mo: re.Match) -> bytes:
        n = int(mo.group(2))
        top[0] = max(top[0], n)
        return b"%s%d%s" % (mo.group(1), n + offset, mo.group(3))

    data = TAGGED.sub(shift, data)
    return data, top[0] + 1
