"""Reads a PDF's tags back with pikepdf and says what is wrong with them (PDF/UA-1's machine checks
that cardmaker's files can fail): the catalog's entries, the structure tree against the marked
content of every page, the parent tree, the link annotations, and that nothing is painted outside
tagged content or an artifact. ``problems(path)`` gives a list of sentences, empty when all hold.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pikepdf

PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI"}
TEXT = {"Tj", "TJ", "'", '"'}


def problems(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        out = _catalog(pdf)
        if "/StructTreeRoot" not in pdf.Root:
            return out + ["no structure tree"]
        owned, objrs = _walk_tree(pdf.Root.StructTreeRoot, out)
        forms: dict = {}  # forms with marked content of their own (print sheets): objgen → (form, times painted)
        for n, page in enumerate(pdf.pages, 1):
            out += _page(n, page, owned, objrs, forms)
        out += _parent_tree(pdf, owned, forms)
        painted = {page.objgen for page in pdf.pages} | set(forms)
        out += [f"the tree owns MCID {mcid} of {where}, which no page paints" for where, mcid in owned
                if where not in painted]
        out += [f"{where} owned {count} times" for where, count in owned.items() if count != 1]
    return out


def _catalog(pdf) -> list[str]:
    out = []
    root = pdf.Root
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        out.append("no /MarkInfo /Marked true")
    if not str(root.get("/Lang", "")):
        out.append("no /Lang")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        out.append("no /DisplayDocTitle")
    xmp = bytes(root.Metadata.read_bytes()) if "/Metadata" in root else b""
    if b"<pdfuaid:part>1</pdfuaid:part>" not in xmp or b"<dc:title>" not in xmp:
        out.append("XMP metadata without dc:title or pdfuaid:part 1")
    return out


def _walk_tree(root, out: list[str]) -> tuple[Counter, set]:
    """(page object, MCID) → how many elements own it; the annotations owned (OBJR)."""
    owned: Counter = Counter()
    objrs: set = set()

    def walk(elem, parent) -> None:
        if "/P" in elem and parent is not None and elem.P.objgen != parent.objgen:
            out.append(f"{elem.S} has the wrong /P")
        if elem.get("/S") == "/Figure":
            if not str(elem.get("/Alt", "")):
                out.append("a Figure without /Alt")
            out.extend(_figure_box(elem))
        kids = elem.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for kid in kids:
            if isinstance(kid, int):
                owned[(elem.Pg.objgen, int(kid))] += 1
            elif kid.get("/Type") == "/MCR":  # in a form XObject (/Stm) or on its page
                owned[((kid.Stm if "/Stm" in kid else kid.get("/Pg", elem.get("/Pg"))).objgen, int(kid.MCID))] += 1
            elif kid.get("/Type") == "/OBJR":
                objrs.add(kid.Obj.objgen)
            else:
                walk(kid, elem)

    for top in (list(root.K) if isinstance(root.K, pikepdf.Array) else [root.K]):
        walk(top, root)
    return owned, objrs


def _figure_box(elem) -> list[str]:
    """A Figure has a Layout /BBox (PDF/UA-1 7.3), on its page (after placing, on its sheet)."""
    attributes = elem.get("/A")
    box = attributes.get("/BBox") if isinstance(attributes, pikepdf.Dictionary) else None
    if box is None or attributes.get("/O") != "/Layout":
        return ["a Figure without a Layout /BBox"]
    x0, y0, x1, y1 = (float(v) for v in box)
    page = [float(v) for v in elem.Pg.MediaBox] if "/Pg" in elem else None
    if not (x0 < x1 and y0 < y1) or page and not (page[0] - 1 <= x0 and x1 <= page[2] + 1 and
                                                  page[1] - 1 <= y0 and y1 <= page[3] + 1):
        return [f"a Figure's /BBox {[x0, y0, x1, y1]} is not on its page"]
    return []


def _page(n: int, page, owned: Counter, objrs: set, forms: dict) -> list[str]:
    """The page's MCIDs are each owned; nothing painted is outside marked content; its link
    annotations are owned and have a /StructParent. Forms it paints are read too (``_stream``)."""
    out: list[str] = []
    stack: list[bool] = []  # per open sequence: tagged (an MCID) or an artifact
    marked = _stream(n, page, page.obj, stack, owned, out, forms)
    if stack:
        out.append(f"page {n}: {len(stack)} marked-content sequences left open")
    key = page.objgen
    for mcid in sorted(marked):
        if (key, mcid) not in owned:
            out.append(f"page {n}: MCID {mcid} is not in the structure tree")
    for (where, mcid) in owned:
        if where == key and mcid not in marked:
            out.append(f"page {n}: the tree owns MCID {mcid}, which the page does not have")
    if marked and "/StructParents" not in page.obj:
        out.append(f"page {n}: no /StructParents")
    for annot in page.obj.get("/Annots", []):
        if annot.get("/Subtype") == "/Link":
            if annot.objgen not in objrs or "/StructParent" not in annot:
                out.append(f"page {n}: a link annotation outside the structure tree")
            if not str(annot.get("/Contents", "")):
                out.append(f"page {n}: a link annotation without /Contents")
    return out


def _stream(n: int, holder, obj, stack: list[bool], owned: Counter, out: list[str], forms: dict) -> set[int]:
    """One content stream (a page's, or a form's it paints, read inside the marked content
    open at the ``Do``): its MCIDs. Tagged content never nests in other marked content."""
    marked = set()
    for operands, op in pikepdf.parse_content_stream(holder):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                if stack:
                    out.append(f"page {n}: tagged content inside other marked content or an artifact")
                marked.add(int(props.MCID))
                stack.append(True)
            else:
                stack.append(str(operands[0]) == "/Artifact")
        elif name == "BMC":
            stack.append(str(operands[0]) == "/Artifact")
        elif name == "EMC":
            if not stack:
                out.append(f"page {n}: EMC without a sequence")
            else:
                stack.pop()
        elif name == "Do" and _form(obj, operands[0]) is not None:
            _form_painted(n, _form(obj, operands[0]), stack, owned, out, forms)
        elif name in PAINTING and not any(stack):
            what = bytes(operands[0]) if name in TEXT and operands and isinstance(operands[0], pikepdf.String) else name
            out.append(f"page {n}: {what!r} painted outside tagged content and artifacts")
    return marked


def _form(obj, name):
    xobject = obj.get("/Resources", {}).get("/XObject", {}).get(str(name))
    return xobject if xobject is not None and xobject.get("/Subtype") == "/Form" else None


def _form_painted(n: int, form, stack: list[bool], owned: Counter, out: list[str], forms: dict) -> None:
    """A form painted where ``stack`` is open. One with marked content of its own (a page on a
    print sheet) has /StructParents, is painted outside marked content and only once (ISO
    32000-1, 14.7.4.3), and the tree owns its MCIDs."""
    inner = list(stack)
    marked = _stream(n, form, form, inner, owned, out, forms)
    if len(inner) != len(stack):
        out.append(f"page {n}: a form leaves marked-content sequences open")
    if not marked:
        return
    times = forms.get(form.objgen, (form, 0))[1] + 1
    forms[form.objgen] = (form, times)
    if times > 1:
        out.append(f"page {n}: a form with structure is painted more than once")
    if stack:
        out.append(f"page {n}: a form with structure is painted inside marked content")
    if "/StructParents" not in form:
        out.append(f"page {n}: a form with marked content has no /StructParents")
    for mcid in sorted(marked):
        if (form.objgen, mcid) not in owned:
            out.append(f"page {n}: MCID {mcid} of a form is not in the structure tree")
    for (where, mcid) in owned:
        if where == form.objgen and mcid not in marked:
            out.append(f"page {n}: the tree owns MCID {mcid} of a form, which the form does not have")


def _parent_tree(pdf, owned: Counter, forms: dict) -> list[str]:
    """Each page's (and each structured form's) entry in the parent tree names, per MCID, the
    element that owns it."""
    nums = list(pdf.Root.StructTreeRoot.ParentTree.get("/Nums", []))
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    out = []
    holders = [(f"page {n}", page.obj) for n, page in enumerate(pdf.pages, 1)]
    holders += [(f"form {objgen}", form) for objgen, (form, _) in forms.items()]
    for where, holder in holders:
        if "/StructParents" not in holder:
            continue
        array = entries.get(int(holder.StructParents))
        if array is None:
            out.append(f"{where}: its /StructParents is not in the parent tree")
            continue
        for mcid, elem in enumerate(array):
            if mcid not in _owns(elem, holder):
                out.append(f"{where}: the parent tree gives MCID {mcid} an element that does not own it")
    return out


def _owns(elem, holder) -> set[int]:
    """The MCIDs ``elem`` owns in the content stream of ``holder`` (a page or a form)."""
    kids = elem.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    pg = elem.get("/Pg")
    mine = {int(k) for k in kids if isinstance(k, int)} if pg is not None and pg.objgen == holder.objgen else set()
    for k in kids:
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
            stream = k.Stm if "/Stm" in k else k.get("/Pg", pg)
            if stream is not None and stream.objgen == holder.objgen:
                mine.add(int(k.MCID))
    return mine


def roles(path: Path) -> list[tuple[int, str, str]]:
    """``pdfinfo -struct-text``'s elements: (depth, role, their text on the lines under them)."""
    import subprocess

    text = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                          check=True).stdout
    out: list[tuple[int, str, str]] = []
    for line in text.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        if body.startswith('"'):
            if out:
                d, role, words = out[-1]
                out[-1] = (d, role, words + body.strip('"'))
        elif body and not body.startswith("/") and not body.startswith("Object "):
            out.append((depth, body.split(" ")[0].rstrip(":"), ""))
    return out
