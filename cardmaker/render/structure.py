"""The tags of a tagged PDF (PDF/UA-1), for the writer (``render.one_pdf``): marked content on each page, and the
structure tree, the parent tree and the XMP metadata as PDF object bodies.

Takes the display list's ``Tag`` of every operation as the page is written (``Marks``: each run
of operations of one element becomes a marked-content sequence ``/P <</MCID n>> BDC … EMC``,
operations without a tag ``/Artifact BMC … EMC``) and each link annotation's element; writes the
elements, in reading order (the order they are first drawn), into the writer's ``PdfFile`` as
each is complete. A list item (LI) or a contents item (TOCI) not inside a list gets one (L, TOC)
shared with the items drawn right before it. The pages' and annotations' object numbers are the
writer's.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from cardmaker.render.pdf_file import PdfFile, text_string
from cardmaker.typeset import display as d
from cardmaker.typeset.display import Tag

GROUPS = {"LI": "L", "TOCI": "TOC"}
TAGGED = re.compile(r"(?m)^(/[^\s<>/]+ <</MCID )(\d+)(>> BDC)$")  # a tagged sequence's start, as ``Marks`` writes it
_CLOSED = object()  # no marked-content sequence open


class Marks:
    """One content stream's marked content as it is written: the tag of each MCID, in order."""

    __slots__ = ("tags", "current")

    def __init__(self) -> None:
        self.tags: list[Tag] = []
        self.current: object = _CLOSED

    def switch(self, tag: Tag | None, code: list[str], op=None) -> None:
        """What follows is ``tag``'s (None: an artifact): end the open sequence, begin its own.
        ``op`` (what is drawn) gives a Figure its bounding box."""
        if op is not None and tag is not None and tag.role == "Figure":
            _grow(tag, op)
        if tag is self.current:
            return
        if self.current is not _CLOSED:
            code.append("EMC")
        self.current = tag
        if tag is None:
            code.append("/Artifact BMC")
        else:
            code.append(f"/{tag.role} <</MCID {len(self.tags)}>> BDC")
            self.tags.append(tag)

    def end(self, code: list[str]) -> None:
        if self.current is not _CLOSED:
            code.append("EMC")
            self.current = _CLOSED


def _grow(tag: Tag, op) -> None:
    """The Figure's box on the page, to hold what ``op`` (a picture or a QR code) covers."""
    if type(op) is d.QRModules:
        side = op.module * len(op.rows)
        box = (op.x, op.y, op.x + side, op.y + side)
    elif hasattr(op, "width") and hasattr(op, "height"):
        box = (op.x, op.y, op.x + op.width, op.y + op.height)
    else:
        return
    old = tag.bbox
    tag.bbox = box if old is None else (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]),
                                        max(old[3], box[3]))


class StructTree:
    """The document's elements and what each holds, in the order they are first drawn, each
    written as soon as it is complete.

    An element is complete when the page just added holds nothing of it nor of anything inside
    it: the engine draws in reading order, so nothing of it comes later. After each page, the
    elements that are not the page's tags or around them are written (packed, compressed with
    the next object stream) and forgotten; only the open ones (a handful: the Document, the
    section and list a page break falls in) and each page's parent-tree entry, a short string,
    are kept. A long booklet or combined file thus holds its tree about one page deep, not
    whole. (Should a tag come back after its element was written, it is a new element: the
    file stays valid, the element split.)"""

    def __init__(self, pdf: PdfFile, page_nums: list[int], annot_nums: list[int], lang: str = "en") -> None:
        """``page_nums``, ``annot_nums``: the writer's lists of the pages' and tagged annotations'
        object numbers, each appended before the tree hears of it."""
        self.pdf, self.page_nums, self.annot_nums = pdf, page_nums, annot_nums
        self.lang = lang or "en"
        self.document = Tag("Document")
        self.open: dict[Tag, _Open] = {self.document: _Open(pdf.reserve(), None)}  # elements not yet written
        self.last: dict[Tag, Tag] = {}  # an open element's last kid element
        self.synthetic: set[Tag] = set()  # the open L and TOC elements made here for runs of items
        self.keys: list[str | None] = []  # parent-tree values: a page's "[refs of its MCIDs]", an annotation's ref
        self.pages = 0
        self.annots = 0
        self.pending: list[tuple[Tag, int, int, int]] = []  # the page's annotations (tag, annot, page, key)
        self.expected: set[Tag] = set()  # attached ahead of their pages (``expect``): kept open till drawn

    def add_page(self, tags: list[Tag]) -> int:
        """A page whose MCIDs are ``tags``' (in order); its parent-tree key (its /StructParents).
        The elements complete with it are written."""
        page = self.pages
        self.pages += 1
        owners = []
        for mcid, tag in enumerate(tags):
            own = self._attach(tag)
            owners.append(own)
            self.open[own].content(page, str(mcid), lambda: f"<< /Type /MCR /Pg {self.page_nums[page]} 0 R /MCID {mcid} >>")
        refs = " ".join(self.open[own].ref for own in owners)
        for tag, annot, on, key in self.pending:
            own = self._attach(tag)
            owners.append(own)
            objr = f"<< /Type /OBJR /Pg {self.page_nums[on]} 0 R /Obj {self.annot_nums[annot]} 0 R >>"
            self.open[own].content(on, objr, lambda: objr)
            self.keys[key] = self.open[own].ref
        self.pending.clear()
        if self.expected:
            self.expected.difference_update(_outermost(tag) for tag in tags)
        self.keys.append(f"[{refs}]")
        self._write_complete(owners)
        return len(self.keys) - 1

    def expect(self, tags) -> None:
        """The outermost elements of ``tags`` (pages still to come), attached to the Document
        now in this order, and kept open until their pages are added: reading order then
        follows the order given, not the pages' (printer's sheets: each card's front, then its
        back, though its back prints on the sheet after the other cards' fronts). What is inside
        them joins as its content is drawn, so an element's own text and its kids (a paragraph
        and its link) keep their order."""
        for tag in tags:
            top = _outermost(tag)
            if top not in self.open:
                self._attach(top)
                self.expected.add(top)

    def add_annotation(self, tag: Tag, page: int) -> tuple[int, int]:
        """A link annotation on the page being drawn (index ``page``: the ``add_page`` calls so
        far) owned by ``tag``: (its index, its /StructParent key). It joins the tree with its page."""
        annot = self.annots
        self.annots += 1
        self.keys.append(None)  # filled when the page is added
        self.pending.append((tag, annot, page, len(self.keys) - 1))
        return annot, len(self.keys) - 1

    def _attach(self, tag: Tag) -> Tag:
        """``tag`` among its parent's kids (after its parent), in a list of its own when it is an
        item without one; the element that holds it (``tag``)."""
        if tag in self.open:
            return tag
        parent = self._attach(tag.parent) if tag.parent is not None else self.document
        group = GROUPS.get(tag.role)
        if group and parent.role != group:
            last = self.last.get(parent)
            if not (last is not None and last in self.synthetic and last.role == group):
                last = self._attach(Tag(group, parent))
                self.synthetic.add(last)
            parent = last
        element = self.open[tag] = _Open(self.pdf.reserve(), parent)
        self.open[parent].kids.append(element.num)
        self.last[parent] = tag
        return tag

    def _write_complete(self, owners: list[Tag]) -> None:
        """Write every open element but the Document, ``owners`` and what holds them."""
        keep = {self.document}
        open_ = self.open
        for tag in (*owners, *self.expected):
            while tag is not None and tag not in keep:
                keep.add(tag)
                tag = open_[tag].parent
        for tag in reversed([t for t in open_ if t not in keep]):  # inner first: each needs its parent's number
            self._write(tag)

    def _write(self, tag: Tag) -> None:
        """The element's object, packed; the element forgotten."""
        element = self.open.pop(tag)
        self.last.pop(tag, None)
        self.synthetic.discard(tag)
        self.pdf.pack(element.num, self._body(tag, element, self.open[element.parent].ref, ""))

    def _body(self, tag: Tag, element: "_Open", parent: str, lang: str) -> str:
        head = f"<< /S /{tag.role} /P {parent}"  # /Type /StructElem is optional: left out
        if element.page is not None:
            head += f" /Pg {self.page_nums[element.page]} 0 R"
        kids = " ".join(f"{kid} 0 R" if type(kid) is int else kid for kid in element.kids)
        return f"{head} /K [{kids}]{_attributes(tag, lang, self.lang)} >>"

    def finish(self) -> int:
        """Every element still open written, then the Document, the tree's root and the parent
        tree (the number tree from each page's /StructParents, an array: the element of each
        MCID, and each annotation's /StructParent: its element); the root's object number."""
        for tag in reversed([t for t in self.open if t is not self.document]):
            self._write(tag)
        root, parent_tree = self.pdf.reserve(), self.pdf.reserve()
        document = self.open[self.document]
        self.pdf.pack(document.num, self._body(self.document, document, f"{root} 0 R", self.lang))
        self.pdf.pack(root, f"<< /Type /StructTreeRoot /K [{document.ref}] /ParentTree {parent_tree} 0 R "
                            f"/ParentTreeNextKey {len(self.keys)} >>")
        nums = " ".join(f"{key} {value}" for key, value in enumerate(self.keys))
        self.pdf.pack(parent_tree, f"<< /Nums [{nums}] >>")
        return root


def _outermost(tag: Tag) -> Tag:
    """The element ``tag`` is inside that is a kid of the Document (``tag`` itself at the top)."""
    while tag.parent is not None:
        tag = tag.parent
    return tag


class _Open:
    """An element not yet written: its object number, its parent, its kids as they go in its
    /K (an element's object number, or as written: an MCID on its page, an MCR or OBJR), and
    its page (/Pg: the page of its first content). (A number, not its reference, as the
    Document's kids are kept to the end: thousands in a booklet.)"""

    __slots__ = ("num", "parent", "kids", "page")

    def __init__(self, num: int, parent: Tag | None) -> None:
        self.num, self.parent = num, parent
        self.kids: list[int | str] = []
        self.page: int | None = None

    @property
    def ref(self) -> str:
        """A reference to the element's object."""
        return f"{self.num} 0 R"

    def content(self, page: int, on_its_page: str, elsewhere) -> None:
        """A piece of content on ``page``: as given when it is on the element's page (the first
        one's page becomes that), else as ``elsewhere()`` makes it (a marked-content reference
        naming its page)."""
        if self.page is None:
            self.page = page
        self.kids.append(on_its_page if page == self.page else elsewhere())


def _attributes(tag: Tag, lang: str, document: str) -> str:
    """``tag``'s /Alt, /Lang (``lang`` on the Document; an element's own only where it is not
    the document's) and attributes."""
    out = f" /Alt {text_string(tag.alt)}" if tag.alt else ""
    own = tag.lang if tag.lang and tag.lang != document else ""
    if own or lang:
        out += f" /Lang {text_string(own or lang)}"
    if tag.scope:
        out += f" /A << /O /Table /Scope /{tag.scope} >>"
    elif tag.bbox is not None:  # PDF/UA-1 7.3: a Figure's layout box
        out += f" /A << /O /Layout /BBox [{' '.join(_num(v) for v in tag.bbox)}] >>"
    return out


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") or "0"


CATALOG = "/MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true >>"


def xmp(title: str, lang: str) -> bytes:
    """The XMP metadata packet: the title, the language, the producer and PDF/UA-1's identification."""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{escape(lang or "en")}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>cardmaker</pdf:Producer>
<xmp:CreatorTool>cardmaker</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode("utf-8")


METADATA = "/Type /Metadata /Subtype /XML"
