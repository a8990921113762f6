"""Display-list or prepared pages → the bytes of one PDF, written directly (no reportlab document).

``Document`` is the writer of every PDF cardmaker makes: one card (``write_pdf``), a combined file
of many cards (``render.combined``: pages prepared in workers, ``add_prepared``) and a booklet
(``render.booklet``: each page handed over as the engine finishes it, ``add_page``). It writes
incrementally: a page's content stream is compressed and its page object written when the page
is added, and only its object number is kept, so a long document holds its pages compressed and
nothing of their display lists. Text goes in the fonts as subsets (``render.pdf_fonts``: codes
given as characters first appear, a new subset of 256 when one is full), each picture once as an
image XObject (encoded once per process by ``render.picture``), links as annotations, anchors as
named destinations and outline entries (``render.pdf_outline``), forms whose text is known only
at the end (a booklet's page numbers) as form XObjects filled in by ``finish``, the document
information, and the tags (``render.structure``): marked content in each page's stream, the
structure tree, /MarkInfo, /Lang, /DisplayDocTitle and the XMP metadata of a PDF/UA-1 file.
Everything that depends only on a font subset or a picture is formatted once per process and
only object numbers are new; the small objects are packed into object streams.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.pdf_file import PdfFile, name, text_string
from cardmaker.render.pdf_fonts import FontCodes, preload, write_fonts
from cardmaker.render.pdf_outline import write_outline
from cardmaker.render.prepared import PreparedPage, prepare_page
from cardmaker.render.replay import DRAW, form_page
from cardmaker.render.structure import CATALOG, METADATA, TAGGED, StructTree, xmp
from cardmaker.render.text_stream import prepare_text, write_text
from cardmaker.typeset import display as d

Placed = tuple  # (prepared page, x, y, its key or None, how: "first" | "beside" | "twin"): see ``add_sheet``


class Artifact(str):
    """A page's content with its tags made artifacts (a copy's)."""


FIXED_DATE = "(D:20000101000000+00'00')"  # reportlab's "invariant" date: the bytes never carry the clock


def write_pdf(pages: list[d.Page], title: str = "", lang: str = "en") -> bytes:
    """The pages as one tagged PDF file in language ``lang``, the same bytes for the same pages and title."""
    pages = pages or [d.Page(595.0, 842.0, ())]
    doc = Document(_characters(pages), lang)
    for page in pages:
        doc.add_page(page)
    return doc.finish(Info(title))


def _characters(pages: list[d.Page]) -> dict[str, set[str]]:
    """Each face's characters on the pages, faces in the order they first print."""
    out: dict[str, set[str]] = {}
    for page in pages:
        for op in page.ops:
            if type(op) is d.GlyphRun:
                out.setdefault(op.face, set()).update(op.text)
    return out


@dataclass(frozen=True)
class Info:
    """The document information: title (also the XMP's and the viewer's window title), author,
    subject, keywords (each written when given); ``show_outline``: open with the bookmarks shown."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""
    show_outline: bool = False

    def entries(self) -> str:
        given = [(key, value) for key, value in (("Author", self.author), ("Subject", self.subject),
                                                 ("Keywords", self.keywords)) if value]
        return "".join(f" /{key} {text_string(value)}" for key, value in given)


class Document:
    """One file being written, a page at a time: the pages' object numbers and what the pages
    use (fonts, pictures, forms, links, destinations, tags); the sink ``replay.DRAW`` hands
    pictures, links, anchors and forms to."""

    def __init__(self, characters: dict[str, set[str]] | None = None, lang: str = "en",
                 sink: BinaryIO | None = None) -> None:
        """``characters``: each face's characters, when known before drawing (``preload``);
        ``sink``: the binary file to write the PDF into as it is made (None: kept in memory)."""
        self.pdf = PdfFile(sink)
        self.catalog, self.info, self.page_tree = (self.pdf.reserve() for _ in range(3))
        self.resources = self.pdf.reserve()  # one resource dictionary serves every page and form
        self.page_nums: list[int] = []  # each page's object number: all that is kept of a page
        self._page_annots: list[int] = []  # the annotations of the page being added
        self.annots: list[int] = []  # the tagged annotations' numbers, in the tree's order
        self.tree = StructTree(self.pdf, self.page_nums, self.annots, lang)
        self.fonts: dict[str, FontCodes] = {}
        self.images: dict[str, tuple[str, int]] = {}  # encoding's name → (resource name, object)
        self.forms: dict[str, tuple[str, int, d.Form]] = {}  # form name → (resource name, object, op)
        self.dests: dict[str, tuple[int, float, float]] = {}  # name → page index, left, top
        self.dest_nums: dict[str, int] = {}  # name → its destination's object (links point at it)
        self.outline: list[tuple[str, str, int]] = []  # title, destination name, level
        self._fonts_named = 0
        self._at = (0.0, 0.0)  # where the page being drawn sits on its sheet (``add_sheet``)
        self._copies: dict = {}  # a sheet's page key → its first print's content, or its artifact copy's
        self.twins: dict = {}  # a sheet's page key → (resource name, object) of its artifact twin form
        for face, used in (characters or {}).items():
            self.fonts[face] = FontCodes(face, self._font_name, preload(used))

    def add_page(self, page: d.Page) -> None:
        """Write ``page`` as the next page."""
        self.add_prepared(prepare_page(page))

    def add_prepared(self, page: PreparedPage) -> None:
        """Write a prepared page (``render.prepared``) as the next page: its content stream
        compressed and its page object written now; only its object number is kept."""
        width, height, trim, items, tags = page
        num = self._next_page()
        code = self._content(items)
        boxes = {} if trim is None else {"/TrimBox": trim, "/BleedBox": (0, 0, width, height)}  # grown by bleed
        self._write_page(num, (width, height), code, list(tags), boxes)

    def add_sheet(self, size: tuple[float, float], placed: list[Placed], marks: str,
                  boxes: dict[str, tuple]) -> None:
        """A printer's sheet of ``size`` as the next page: each ``Placed`` prepared page in the
        sheet's own stream under its offset (``q 1 0 0 1 x y cm … Q``), then ``marks``
        (operators, drawn as artifacts), with the sheet's ``boxes`` (/TrimBox, /BleedBox).

        A page's first print is tagged (its MCIDs follow those of the pages before it on the
        sheet; its links, bookmark and Figure boxes placed with it). A further print is an
        artifact copy, as a form with structure may be painted only once (ISO 32000-1,
        14.7.4.3): ``"beside"`` its first print's content again in the stream (deflate stores it
        as back-references), ``"twin"`` one artifact form made once for all of a page's copies."""
        from reportlab.lib.rl_accel import fp_str

        num = self._next_page()
        code: list[str] = []
        tags: list = []
        for page, x, y, key, how in placed:
            at = f"q 1 0 0 1 {fp_str(x, y)} cm"
            if how == "first":
                body = self._first_print(page, x, y, len(tags))
                tags += page[4]
                if key is not None:  # copies follow
                    self._copies[key] = body
                code += (at, body, "Q")
            elif how == "beside":
                code += (at, self._artifact(key), "Q")
            else:
                code.append(f"{at} {self._twin(key, page)} Do Q")
        if marks:
            code.append(marks)
        self._write_page(num, size, code, tags, boxes)

    def expect(self, pages) -> None:
        """Prepared pages to be added later, in reading order: their elements keep this order
        whatever order the pages come in (``structure.StructTree.expect``)."""
        self.tree.expect(tag for page in pages for tag in page[4])

    def forget(self, keys) -> None:
        """The copies of pages ``keys`` are all printed: let their content go. (A page given
        without a key has no copies: its content is not kept.)"""
        for key in keys:
            self._copies.pop(key, None)

    def _first_print(self, page: PreparedPage, x: float, y: float, before: int) -> str:
        """A page's content for its first print at (x, y) on a sheet whose pages before it have
        ``before`` MCIDs: its MCIDs moved up by that, its links and anchor moved by (x, y)."""
        self._at = (x, y)
        try:
            body = "\n".join(self._content(page[3]))
        finally:
            self._at = (0.0, 0.0)
        for tag in set(page[4]):
            if tag.bbox is not None:  # a Figure's layout box
                tag.bbox = (tag.bbox[0] + x, tag.bbox[1] + y, tag.bbox[2] + x, tag.bbox[3] + y)
        if before:
            body = TAGGED.sub(lambda m: f"{m[1]}{int(m[2]) + before}{m[3]}", body)
        return body

    def _artifact(self, key) -> str:
        """Page ``key``'s content as an artifact copy: every tagged sequence an /Artifact one."""
        body = self._copies[key]
        if not isinstance(body, Artifact):
            body = self._copies[key] = Artifact(TAGGED.sub("/Artifact BMC", body))
        return body

    def _twin(self, key, page: PreparedPage) -> str:
        """The resource name of page ``key``'s artifact twin: a form of its artifact copy, made once."""
        from reportlab.lib.rl_accel import fp_str

        if key not in self.twins:
            num = self.pdf.flate(f"/Type /XObject /Subtype /Form /BBox [0 0 {fp_str(page[0], page[1])}] "
                                 f"/Resources {self.resources} 0 R", self._artifact(key).encode("latin-1"))
            self.twins[key] = (f"/cmC{len(self.twins)}", num)
        return self.twins[key][0]

    def _next_page(self) -> int:
        """The next page's object number, reserved; its annotations start."""
        num = self.pdf.reserve()
        self.page_nums.append(num)
        self._page_annots = []
        return num

    def _write_page(self, num: int, size: tuple[float, float], code: list[str], tags: list,
                    boxes: dict[str, tuple]) -> None:
        """The page's content stream, compressed, and its page object with its tags' key."""
        from reportlab.lib.rl_accel import fp_str

        key = self.tree.add_page(tags)
        content = self.pdf.flate("", "\n".join(code).encode("latin-1"))
        entries = f"/MediaBox [0 0 {fp_str(*size)}]" + "".join(f" {k} [{fp_str(*v)}]" for k, v in boxes.items())
        annots = self._page_annots
        links = f" /Annots [{' '.join(f'{a} 0 R' for a in annots)}]" if annots else ""
        self.pdf.pack(num, f"<< /Type /Page /Parent {self.page_tree} 0 R {entries} /Resources {self.resources} 0 R "
                           f"/Contents {content} 0 R{links} /StructParents {key} /Tabs /S >>")

    def _content(self, items: tuple) -> list[str]:
        """A prepared page's items as its content stream's operators."""
        code: list[str] = []
        for item in items:
            kind = type(item)
            if kind is str:
                code.append(item)
            elif kind is tuple:
                write_text(item, self.chunks, code)
            else:
                DRAW[kind](item, self, code)
        return code

    # -- the sink: what the drawing hands over ------------------------------------------------
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

        drawn = op.width / op.crop  # a cropped picture: the file drawn wider, clipped to the box
        key, image = encoded(op.path, drawn, op.height)
        if key not in self.images:
            self.images[key] = f"/Im{len(self.images) + 1}", self._image_object(rl.image_parts(image))
        clip = f"{fp_str(op.x, op.y, op.width, op.height)} re W n " if op.crop < 1 else ""
        code.append(f"q {clip}{fp_str(drawn)} 0 0 {fp_str(op.height)} {fp_str(op.x - (drawn - op.width) / 2, op.y)} cm "
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

        x, y = op.x + self._at[0], op.y + self._at[1]
        rect = fp_str(x, y, x + op.width, y + op.height)
        inside = op.target.startswith("#")
        action = f"/Dest {self._dest_num(op.target[1:])} 0 R" if inside else \
            f"/A << /S /URI /URI {text_string(op.target)} >>"
        num = self.pdf.reserve()
        tagged = ""
        if op.tag is not None:
            _, key = self.tree.add_annotation(op.tag, len(self.page_nums) - 1)
            self.annots.append(num)
            tagged = f" /StructParent {key}"
        self.pdf.pack(num, f"<< /Type /Annot /Subtype /Link /Rect [{rect}] /Border [0 0 0] "
                           f"/Contents {text_string(op.target[1:] if inside else op.target)}{tagged} {action} >>")
        self._page_annots.append(num)

    def form(self, op: d.Form, code: list[str]) -> None:
        """A form XObject whose text ``finish`` is given, placed with its right end at the
        operation's point; its number is reserved where it is first used."""
        from reportlab.lib.rl_accel import fp_str

        if op.name not in self.forms:
            self.forms[op.name] = f"/Fm{len(self.forms) + 1}", self.pdf.reserve(), op
        code.append(f"q 1 0 0 1 {fp_str(op.x, op.y)} cm {self.forms[op.name][0]} Do Q")

    def anchor(self, op: d.Anchor) -> None:
        self.dests[op.name] = (len(self.page_nums) - 1, op.x + self._at[0], op.y + self._at[1])
        self._dest_num(op.name)
        if op.title:
            self.outline.append((op.title, op.name, op.level))

    # -- the file -----------------------------------------------------------------------------
    def finish(self, info: Info, fills: dict[str, str] | None = None,
               order: list[int] | None = None) -> bytes | None:
        """Write the forms (each form's text from ``fills``, "" when missing), the resources,
        page tree (the pages in ``order``, by index in the order added, when given: manual
        duplex prints the backs last), destinations, outline, tags, information and catalog;
        the file's bytes, or None when they went to the ``sink`` given."""
        pdf = self.pdf
        self._write_forms(fills or {})
        self._write_resources()
        kids = " ".join(f"{self.page_nums[i]} 0 R" for i in (range(len(self.page_nums)) if order is None else order))
        pdf.put(self.page_tree, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.page_nums)} >>")
        pdf.put(self.info, f"<< /Title {text_string(info.title)}{info.entries()} /Creator (cardmaker) "
                           f"/Producer (cardmaker) /CreationDate {FIXED_DATE} /ModDate {FIXED_DATE} >>")
        catalog = f"<< /Type /Catalog /Pages {self.page_tree} 0 R {self._write_tags(info.title)}"
        if self.dest_nums:
            catalog += f" /Dests << {self._write_dests()} >>"
        if self.outline:
            catalog += f" /Outlines {write_outline(pdf, self.outline, lambda n: f'{self.dest_nums[n]} 0 R')} 0 R"
            if info.show_outline:
                catalog += " /PageMode /UseOutlines"
        pdf.put(self.catalog, catalog + " >>")
        return pdf.finish(self.catalog, self.info)

    def _write_forms(self, fills: dict[str, str]) -> None:
        """Each form used, filled with its text (before the fonts: the text may add characters)."""
        from reportlab.lib.rl_accel import fp_str

        for form_name, (_, num, op) in self.forms.items():
            width, page = form_page(op, fills.get(form_name, ""))
            code: list[str] = []
            if page.ops:
                write_text(prepare_text(page.ops), self.chunks, code)
            self.pdf.flate(f"/Type /XObject /Subtype /Form /FormType 1 /BBox [{fp_str(-width, -op.size, 0, op.size)}] "
                           f"/Resources {self.resources} 0 R", "\n".join(code).encode("latin-1"), num)

    def _write_resources(self) -> None:
        """The one resource dictionary: every font subset, picture and form."""
        fonts = write_fonts(self.pdf, list(self.fonts.values()))
        font_dict = " ".join(f"{res} {num} 0 R" for res, num in fonts.items())
        xobjects = [*self.images.values(), *((res, num) for res, num, _ in self.forms.values()), *self.twins.values()]
        images = " ".join(f"{res} {num} 0 R" for res, num in xobjects)
        self.pdf.put(self.resources, f"<< /Font << {font_dict} >> /XObject << {images} >> "
                                     "/ProcSet [/PDF /Text /ImageB /ImageC /ImageI] >>")

    def _write_tags(self, title: str) -> str:
        """The rest of the structure tree, the parent tree and metadata; the catalog's entries for them."""
        root = self.tree.finish()
        metadata = self.pdf.stream(METADATA, xmp(title, self.tree.lang))
        return (f"/StructTreeRoot {root} 0 R {CATALOG} /Lang {text_string(self.tree.lang)} "
                f"/Metadata {metadata} 0 R")

    def _dest_num(self, dest: str) -> int:
        """The object of destination ``dest`` (written by ``finish``: it may come after its links,
        as a booklet's contents link to later pages); an array, so imposition can move it."""
        if dest not in self.dest_nums:
            self.dest_nums[dest] = self.pdf.reserve()
        return self.dest_nums[dest]

    def _write_dests(self) -> str:
        """Each destination's array (one never anchored: the first page); the /Dests entries."""
        from reportlab.lib.rl_accel import fp_str

        for dest, num in self.dest_nums.items():
            page, left, top = self.dests.get(dest, (0, 0.0, 0.0))
            self.pdf.pack(num, f"[{self.page_nums[page]} 0 R /XYZ {fp_str(left, top)} 0]")
        return " ".join(f"{name(dest)} {num} 0 R" for dest, num in self.dest_nums.items())
