"""The tags of a document drawn on a reportlab canvas (a combined PDF, a booklet, a handout).

reportlab writes no structure tree, so this adds one to its document: ``CanvasTags`` is told each
page's marked content after the page is shown (``add_page``: its /StructParents and /Tabs are
set on reportlab's page object), makes each tagged link annotation itself (``link``: with its
/StructParent and /Contents), and ``finish`` adds the structure tree, the parent tree, the XMP
metadata, /MarkInfo, /Lang and /ViewerPreferences to the catalog before the canvas is saved, and
has the document written with its small objects in an object stream (``write_packed``, through the
one-card writer's ``PdfFile``).
The objects' bodies come from ``render.structure`` (the one-card writer's too); their
references are resolved when reportlab formats the document. The private reportlab names this
needs are in ``reportlab_internals``.
"""

from __future__ import annotations

from functools import partial

from cardmaker.render import reportlab_internals as rl
from cardmaker.render.pdf_file import text_string
from cardmaker.render.structure import METADATA, Refs, StructTree, xmp
from cardmaker.typeset import display as d


class CanvasTags:
    """The structure tree of the document on ``canvas``, in language ``lang``."""

    def __init__(self, canvas, lang: str = "en") -> None:
        self.canvas, self.doc = canvas, rl.document(canvas)
        self.tree = StructTree(lang)
        self.page_names: list[str] = []
        self.annot_names: list[str] = []

    def add_page(self, tags: list[d.Tag]) -> None:
        """The page ``canvas.showPage()`` just ended held marked content ``tags`` (by MCID)."""
        key = self.tree.add_page(tags)
        self.page_names.append(rl.tag_last_page(self.canvas, key))

    def link(self, op: d.Link) -> None:
        """A link annotation on the page being drawn, owned by its element."""
        _, key = self.tree.add_annotation(op.tag, self.tree.pages)
        name = f"cmlink{len(self.annot_names) + 1}"
        self.annot_names.append(name)
        rect = (op.x, op.y, op.x + op.width, op.y + op.height)
        inside = op.target.startswith("#")
        rl.add_link(self.canvas, name, rect, op.target[1:] if inside else op.target, inside,
                    text_string(op.target[1:] if inside else op.target), key)

    def finish(self, title: str) -> None:
        """Add the tree, the metadata and the catalog's entries (call before saving)."""
        tree, doc = self.tree, self.doc
        bodies: list[str] = []
        made: list[Refs] = []

        def refs() -> Refs:  # when reportlab formats the document: the objects' numbers are known
            if not made:
                ref = partial(rl.reference, doc)
                made.append(Refs(ref("cmStructTreeRoot"), ref("cmParentTree"),
                                 [ref(f"cmStruct{i}") for i in range(len(tree.order))],
                                 [ref(name) for name in self.page_names],
                                 [ref(rl.annotation_name(doc, name)) for name in self.annot_names]))
            return made[0]

        def element(i: int):
            def body() -> str:
                if not bodies:  # every element at once, when reportlab formats the first
                    bodies.extend(tree.elements(refs()))
                return bodies[i]
            return body

        for i in range(len(tree.order)):
            rl.add_object(doc, f"cmStruct{i}", element(i))
        root = rl.add_object(doc, "cmStructTreeRoot", lambda: tree.root(refs()))
        rl.add_object(doc, "cmParentTree", lambda: tree.parent_tree(refs()))
        data = xmp(title, tree.lang)
        metadata = rl.add_object(doc, "cmMetadata", lambda: f"<< {METADATA} /Length {len(data)} >>\nstream\n",
                                 data + b"\nendstream")
        rl.set_catalog(doc, root, metadata, text_string(tree.lang))
        rl.write_packed(doc)
