"""The tags of a tagged PDF (PDF/UA-1), for the writer (``render.one_pdf``): marked content on each page, and the
structure tree, the parent tree and the XMP metadata as PDF object bodies.

Takes the display list's ``Tag`` of every operation as the page is written (``Marks``: each run
of operations of one element becomes a marked-content sequence ``/P <</MCID n>> BDC … EMC``,
operations without a tag ``/Artifact BMC … EMC``) and each link annotation's element; gives the
objects, in reading order (the order the elements are first drawn). A list item (LI) or a
contents item (TOCI) not inside a list gets one (L, TOC) shared with the items drawn right
before it. References are the caller's (``Refs``: "n 0 R" of each object, page and annotation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator
from xml.sax.saxutils import escape

from cardmaker.render.pdf_file import text_string
from cardmaker.typeset import display as d
from cardmaker.typeset.display import Tag

GROUPS = {"LI": "L", "TOCI": "TOC"}
MC_BITS = 24  # a marked-content kid is page << MC_BITS | its MCID on that page
MCID = (1 << MC_BITS) - 1  # an element → the one that holds a run of them
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
    """The document's elements and what each holds, in the order they are first drawn."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang or "en"
        self.document = Tag("Document")
        self.kids: dict[Tag, list] = {self.document: []}  # element → kids: Tag, marked content as one
        # int (page << MC_BITS | mcid: a long booklet has a hundred thousand), ("objr", annot, page)
        self.order: list[Tag] = [self.document]
        self.synthetic: set[Tag] = set()  # the L and TOC elements made here for runs of items
        self.parents: dict[Tag, Tag] = {}  # each element's parent in the tree (an item's: its list)
        self.keys: list[tuple] = []  # parent-tree key → ("page", page index, tags) or ("annot", annot index, tag)
        self.pages = 0
        self.annots = 0
        self.pending: list[tuple[Tag, int, int]] = []  # the page's annotations, placed after its content

    def add_page(self, tags: list[Tag]) -> int:
        """A page whose MCIDs are ``tags``' (in order); its parent-tree key (its /StructParents)."""
        page = self.pages
        self.pages += 1
        for mcid, tag in enumerate(tags):
            self._attach(tag)
            self.kids[tag].append(page << MC_BITS | mcid)
        for tag, annot, on in self.pending:
            self._attach(tag)
            self.kids[tag].append(("objr", annot, on))
        self.pending.clear()
        self.keys.append(("page", page, tags))
        return len(self.keys) - 1

    def add_annotation(self, tag: Tag, page: int) -> tuple[int, int]:
        """A link annotation on the page being drawn (index ``page``: the ``add_page`` calls so
        far) owned by ``tag``: (its index, its /StructParent key). It joins the tree with its page."""
        annot = self.annots
        self.annots += 1
        self.pending.append((tag, annot, page))
        self.keys.append(("annot", annot, tag))
        return annot, len(self.keys) - 1

    def _attach(self, tag: Tag) -> None:
        """``tag`` among its parent's kids (after its parent), in a list of its own when it is an
        item without one."""
        if tag in self.kids:
            return
        parent = tag.parent
        if parent is not None:
            self._attach(parent)
        parent = parent or self.document
        group = GROUPS.get(tag.role)
        if group and parent.role != group:
            siblings = self.kids[parent]
            last = siblings[-1] if siblings else None
            if not (type(last) is Tag and last in self.synthetic and last.role == group):
                last = Tag(group, parent)
                self.synthetic.add(last)
                self._attach(last)
            parent = last
        self.kids[tag] = []
        self.parents[tag] = parent
        self.order.append(tag)
        self.kids[parent].append(tag)

    # -- the objects ------------------------------------------------------------------------
    def elements(self, refs: "Refs") -> Iterator[str]:
        """Every element's body, in order (``refs.elems[i]`` is the i-th; the Document is 0),
        each made as it is taken (a long booklet has many)."""
        index = {tag: i for i, tag in enumerate(self.order)}
        parents, elems, pages, doc = self.parents, refs.elems, refs.pages, self.document
        for tag in self.order:
            kids = self.kids[tag]
            page = next((k >> MC_BITS if type(k) is int else k[2] for k in kids if type(k) is not Tag), None)
            parent = refs.root if tag is doc else elems[index[parents[tag]]]
            head = f"<< /S /{tag.role} /P {parent}"  # /Type /StructElem is optional: left out
            if page is not None:
                head += f" /Pg {pages[page]}"
            body = " ".join(elems[index[k]] if type(k) is Tag else str(k & MCID) if type(k) is int and k >> MC_BITS == page
                            else _kid(k, refs) for k in kids)
            yield f"{head} /K [{body}]{_attributes(tag, self.lang if tag is doc else '', self.lang)} >>"

    def root(self, refs: "Refs") -> str:
        return (f"<< /Type /StructTreeRoot /K [{refs.elems[0]}] /ParentTree {refs.parents} "
                f"/ParentTreeNextKey {len(self.keys)} >>")

    def parent_tree(self, refs: "Refs") -> str:
        """The number tree from each page's /StructParents (an array: the element of each MCID)
        and each annotation's /StructParent (its element)."""
        index = {tag: i for i, tag in enumerate(self.order)}
        elems, nums = refs.elems, []
        for key, (kind, _, owner) in enumerate(self.keys):
            value = f"[{' '.join([elems[index[t]] for t in owner])}]" if kind == "page" else elems[index[owner]]
            nums.append(f"{key} {value}")
        return f"<< /Nums [{' '.join(nums)}] >>"


@dataclass(frozen=True, slots=True)
class Refs:
    """How the writer refers to the tree's objects and its pages and annotations ("n 0 R")."""

    root: str
    parents: str
    elems: list[str]
    pages: list[str]
    annots: list[str]


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


def _kid(kid: int | tuple, refs: Refs) -> str:
    if type(kid) is int:
        return f"<< /Type /MCR /Pg {refs.pages[kid >> MC_BITS]} /MCID {kid & MCID} >>"
    _, annot, on = kid
    return f"<< /Type /OBJR /Pg {refs.pages[on]} /Obj {refs.annots[annot]} >>"


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
