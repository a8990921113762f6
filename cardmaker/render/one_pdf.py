"""Display-list pages → the bytes of one PDF, written directly (no reportlab document).

Takes a card's pages (``cardmaker.typeset.display``) and gives the whole file: a page object
and a compressed content stream per page (drawn by ``render.replay.draw_ops``, the same
operators the canvas path writes), the fonts as subsets (``render.pdf_fonts``), each picture
once as an image XObject (encoded once per process by ``render.picture``), links as
annotations, anchors as named destinations and outline entries, the title in the document
information, and the tags (``render.structure``): marked content in each page's stream, the
structure tree, /MarkInfo, /Lang, /DisplayDocTitle and the XMP metadata of a PDF/UA-1 file. reportlab's document model formats each of these objects anew for every file,
which was most of a card's cost; here everything that depends only on a font subset or a picture
is formatted once per process and only object numbers are new.
"""

from __future__ import annotations

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.pdf_file import PdfFile, name, text_string
from cardmaker.render.pdf_fonts import FontCodes, preload, write_fonts
from cardmaker.render.replay import chunked_text, draw_ops
from cardmaker.render.structure import CATALOG, METADATA, Marks, Refs, StructTree, xmp
from cardmaker.typeset import display as d

FIXED_DATE = "(D:20000101000000+00'00')"  # reportlab's "invariant" date: the bytes never carry the clock


def write_pdf(pages: list[d.Page], title: str = "", lang: str = "en") -> bytes:
    """The pages as one tagged PDF file in language ``lang``, the same bytes for the same pages and title."""
    pages = pages or [d.Page(595.0, 842.0, ())]
    doc = Document(_characters(pages), lang)
    for page in pages:
        doc.add_page(page)
    return doc.finish(title)


def _characters(pages: list[d.Page]) -> dict[str, set[str]]:
    """Each face's characters on the pages, faces in the order they first print."""
    out: dict[str, set[str]] = {}
    for page in pages:
        for op in page.ops:
            if type(op) is d.GlyphRun:
                out.setdefault(op.face, set()).update(op.text)
    return out


class Document:
    """One file being written: its pages so far, and what they use (fonts, pictures, links,
    destinations); the sink ``draw_ops`` hands text, pictures, links and anchors to."""

    def __init__(self, characters: dict[str, set[str]] | None = None, lang: str = "en") -> None:
        """``characters``: each face's characters, when known before drawing (``preload``)."""
        self.pdf = PdfFile()
        self.catalog, self.info, self.page_tree = (self.pdf.reserve() for _ in range(3))
        self.resources = self.pdf.reserve()  # one resource dictionary serves every page
        self.pages: list[tuple[int, d.Page, list[str], list[int], int]] = []  # number, page, content,
        # annotations' numbers, parent-tree key
        self.tree = StructTree(lang)
        self.annots: list[int] = []  # the tagged annotations' numbers, in the tree's order
        self.fonts: dict[str, FontCodes] = {}
        self.images: dict[str, tuple[str, int]] = {}  # encoding's name → (resource name, object)
        self.dests: list[tuple[str, int, float, float]] = []  # name, page index, left, top
        self.outline: list[tuple[str, str, int]] = []  # title, destination name, level
        self._fonts_named = 0
        for face, used in (characters or {}).items():
            self.fonts[face] = FontCodes(face, self._font_name, preload(used))

    def add_page(self, page: d.Page) -> None:
        """Draw ``page`` as the next page."""
        code: list[str] = []
        num, annots, marks = self.pdf.reserve(), [], Marks()
        self.pages.append((num, page, code, annots, -1))
        draw_ops(page, self, code, marks)
        self.pages[-1] = (num, page, code, annots, self.tree.add_page(marks.tags))

    # -- the sink: what draw_ops hands over -------------------------------------------------
    def text(self, runs, code: list[str]) -> None:
        """Consecutive glyph runs as one text object, in this document's one-byte codes."""
        chunked_text(runs, self.chunks, code)

    def chunks(self, face: str, text: str) -> list[tuple[str, str]]:
        """``text`` in ``face`` as (font resource name, one-byte codes as string literal contents) runs."""
        font = self.fonts.get(face)
        if font is None:
            font = self.fonts[face] = FontCodes(face, self._font_name)
        return font.chunks(text)

    def _font_name(self) -> str:
        self._fonts_named += 1
        return f"/F{self._fonts_named}"

    def image(self, op: d.Image, code: list[str]) -> None:
        from reportlab.lib.rl_accel import fp_str

        from cardmaker.render.picture import encoded

        key, image = encoded(op.path, op.width, op.height)
        if key not in self.images:
            self.images[key] = f"/Im{len(self.images) + 1}", self._image_object(rl.image_parts(image))
        code.append(f"q {fp_str(op.width)} 0 0 {fp_str(op.height)} {fp_str(op.x, op.y)} cm "
                    f"{self.images[key][0]} Do Q")

    def _image_object(self, parts: dict) -> int:
        from reportlab.lib.rl_accel import fp_str

        entries = [f"/Type /XObject /Subtype /Image /Width {parts['width']} /Height {parts['height']}",
                   f"/BitsPerComponent {parts['bits']} /ColorSpace /{parts['colorspace']}",
                   f"/Filter [{' '.join('/' + f for f in parts['filters'])}]"]
        if parts["decode"]:
            entries.append(f"/Decode [{fp_str(*parts['decode'])}]")
        if parts["mask"]:
            entries.append(f"/Mask [{fp_str(*parts['mask'])}]")
        if parts["smask"] is not None:
            entries.append(f"/SMask {self._image_object(parts['smask'])} 0 R")
        return self.pdf.stream(" ".join(entries), parts["data"])

    def link(self, op: d.Link) -> None:
        from reportlab.lib.rl_accel import fp_str

        rect = fp_str(op.x, op.y, op.x + op.width, op.y + op.height)
        inside = op.target.startswith("#")
        action = f"/Dest {name(op.target[1:])}" if inside else f"/A << /S /URI /URI {text_string(op.target)} >>"
        num = self.pdf.reserve()
        tagged = ""
        if op.tag is not None:
            _, key = self.tree.add_annotation(op.tag, len(self.pages) - 1)
            self.annots.append(num)
            tagged = f" /StructParent {key}"
        self.pdf.put(num, f"<< /Type /Annot /Subtype /Link /Rect [{rect}] /Border [0 0 0] "
                          f"/Contents {text_string(op.target[1:] if inside else op.target)}{tagged} {action} >>")
        self.pages[-1][3].append(num)

    def form(self, op: d.Form) -> None:
        raise TypeError(f"form {op.name!r}: forms are filled in on a canvas (render.replay), not in a one-card PDF")

    def anchor(self, op: d.Anchor) -> None:
        self.dests.append((op.name, len(self.pages) - 1, op.x, op.y))
        if op.title:
            self.outline.append((op.title, op.name, op.level))

    # -- the file -----------------------------------------------------------------------------
    def finish(self, title: str) -> bytes:
        """Write the pages, resources, destinations, outline, tags and catalog; the file's bytes."""
        from reportlab.lib.rl_accel import fp_str

        pdf = self.pdf
        fonts = write_fonts(pdf, list(self.fonts.values()))
        font_dict = " ".join(f"{res} {num} 0 R" for res, num in fonts.items())
        images = " ".join(f"{res} {num} 0 R" for res, num in self.images.values())
        pdf.put(self.resources, f"<< /Font << {font_dict} >> /XObject << {images} >> "
                                "/ProcSet [/PDF /Text /ImageB /ImageC /ImageI] >>")
        for num, page, code, annots, key in self.pages:
            content = pdf.flate("", "\n".join(code).encode("latin-1"))
            boxes = f"/MediaBox [0 0 {fp_str(page.width, page.height)}]"
            if page.trim is not None:
                boxes += f" /TrimBox [{fp_str(*page.trim)}] /BleedBox [0 0 {fp_str(page.width, page.height)}]"
            links = f" /Annots [{' '.join(f'{a} 0 R' for a in annots)}]" if annots else ""
            pdf.put(num, f"<< /Type /Page /Parent {self.page_tree} 0 R {boxes} /Resources {self.resources} 0 R "
                         f"/Contents {content} 0 R{links} /StructParents {key} /Tabs /S >>")
        kids = " ".join(f"{num} 0 R" for num, *_ in self.pages)
        pdf.put(self.page_tree, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.pages)} >>")
        pdf.put(self.info, f"<< /Title {text_string(title)} /Creator (cardmaker) /Producer (cardmaker) "
                           f"/CreationDate {FIXED_DATE} /ModDate {FIXED_DATE} >>")
        catalog = f"<< /Type /Catalog /Pages {self.page_tree} 0 R {self._write_tags(title)}"
        if self.dests:
            catalog += f" /Dests << {' '.join(f'{name(n)} {self._dest(i, x, y)}' for n, i, x, y in self.dests)} >>"
        if self.outline:
            catalog += f" /Outlines {self._write_outline()} 0 R"
        pdf.put(self.catalog, catalog + " >>")
        return pdf.finish(self.catalog, self.info)

    def _write_tags(self, title: str) -> str:
        """The structure tree, parent tree and metadata; the catalog's entries for them."""
        pdf, tree = self.pdf, self.tree
        root, parents = pdf.reserve(), pdf.reserve()
        elems = [pdf.reserve() for _ in tree.order]
        refs = Refs(f"{root} 0 R", f"{parents} 0 R", [f"{n} 0 R" for n in elems],
                    [f"{page[0]} 0 R" for page in self.pages], [f"{n} 0 R" for n in self.annots])
        for num, body in zip(elems, tree.elements(refs)):
            pdf.pack(num, body)
        pdf.pack(root, tree.root(refs))
        pdf.pack(parents, tree.parent_tree(refs))
        metadata = pdf.stream(METADATA, xmp(title, tree.lang))
        return (f"/StructTreeRoot {root} 0 R {CATALOG} /Lang {text_string(tree.lang)} "
                f"/Metadata {metadata} 0 R")

    def _dest(self, page_index: int, left: float, top: float) -> str:
        from reportlab.lib.rl_accel import fp_str

        return f"[{self.pages[page_index][0]} 0 R /XYZ {fp_str(left, top)} 0]"

    def _write_outline(self) -> int:
        """The outline's objects (entries nested by level, all open); the root's number."""
        dests = {n: (i, x, y) for n, i, x, y in self.dests}
        root = self.pdf.reserve()
        nums = [self.pdf.reserve() for _ in self.outline]
        parents, children = _nest([level for _, _, level in self.outline])
        for k, (title, dest, _) in enumerate(self.outline):
            parent = root if parents[k] is None else nums[parents[k]]
            siblings = children[parents[k]]
            at = siblings.index(k)
            links = [f"/Parent {parent} 0 R"]
            if at:
                links.append(f"/Prev {nums[siblings[at - 1]]} 0 R")
            if at + 1 < len(siblings):
                links.append(f"/Next {nums[siblings[at + 1]]} 0 R")
            if children.get(k):
                links.append(f"/First {nums[children[k][0]]} 0 R /Last {nums[children[k][-1]]} 0 R "
                             f"/Count {_descendants(k, children)}")
            self.pdf.put(nums[k], f"<< /Title {text_string(title)} {' '.join(links)} /Dest {self._dest(*dests[dest])} >>")
        top = children[None]
        return self.pdf.put(root, f"<< /Type /Outlines /First {nums[top[0]]} 0 R /Last {nums[top[-1]]} 0 R "
                                  f"/Count {len(self.outline)} >>")


def _nest(levels: list[int]) -> tuple[list[int | None], dict[int | None, list[int]]]:
    """Outline entries by level → (each entry's parent index, None at the top; parent → children)."""
    parents: list[int | None] = []
    children: dict[int | None, list[int]] = {None: []}
    stack: list[tuple[int, int]] = []  # (level, index) of the open ancestors
    for k, level in enumerate(levels):
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        parents.append(parent)
        children.setdefault(parent, []).append(k)
        stack.append((level, k))
    return parents, children


def _descendants(k: int, children: dict[int | None, list[int]]) -> int:
    return sum(1 + _descendants(c, children) for c in children.get(k, ()))
