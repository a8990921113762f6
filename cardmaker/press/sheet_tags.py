"""A finished PDF's structure tree and link annotations, moved from its pages to the sheets that
print them (``press.placing.Book``: each page's first placement is its home).

The tree's elements stay the same objects in the same order; what changes is where their
content is. A page whose content went into its sheet's stream: its MCIDs, moved up by the
page's offset on the sheet, under ``/Pg`` the sheet, and the parent tree's entry of the sheet
the pages' entries one after the other. A page placed as a form (its resources clashed): a
marked-content reference into the form (``/Pg`` the sheet, ``/Stm`` the form), the form keeping
the page's parent-tree entry. A link (OBJR) names the sheet its annotation moved to; an
annotation's rectangle and destination ([page /XYZ left top zoom]) are placed as their pages were.
"""

from __future__ import annotations


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def move_annotations(book) -> None:
    """Each printed page's annotations on its sheet: rectangle and destination placed."""
    pk = book.pk
    for annot, sheet, m in book.moved:
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        (ax, ay), (bx, by) = _apply(m, x0, y0), _apply(m, x1, y1)
        annot.Rect = pk.Array([round(min(ax, bx), 3), round(min(ay, by), 3), round(max(ax, bx), 3),
                               round(max(ay, by), 3)])
        if "/P" in annot:
            annot.P = sheet
        dest = annot.get("/Dest")
        if isinstance(dest, pk.Array) and len(dest) and isinstance(dest[0], pk.Dictionary):
            annot.Dest = _place_dest(book, dest)


def _place_dest(book, dest):
    """[page /XYZ left top zoom] → the same place on the sheet that prints the page."""
    pk = book.pk
    home = book.home.get(dest[0].objgen)
    if home is None:
        return pk.Array([])
    sheet, m = home[0], home[2]
    out = [sheet, *list(dest)[1:]]
    if len(dest) >= 4 and dest[1] == pk.Name.XYZ:
        left = float(dest[2]) if dest[2] is not None else 0.0
        top = float(dest[3]) if dest[3] is not None else 0.0
        x, y = _apply(m, left, top)
        out[2], out[3] = round(x, 3), round(y, 3)
    return pk.Array(out)


def move_tree(book) -> None:
    """Every element's content items from the pages onto the sheets; the parent tree to match."""
    pk = book.pk
    home = book.home
    array = pk.Array
    stack = _kids(book.doc.Root.StructTreeRoot.get("/K"), array)
    while stack:
        elem = stack.pop()
        if not isinstance(elem, pk.Dictionary) or "/S" not in elem:
            continue
        pg = elem.get("/Pg")
        at = home.get(pg.objgen) if pg is not None else None
        if at is not None:
            elem.Pg = at[0]
            if "/A" in elem and elem.get("/S") == "/Figure":
                _place_box(elem.A, at[2], pk)
        kids = _kids(elem.get("/K"), array)
        out, changed = [], False
        for kid in kids:
            if isinstance(kid, int):
                if at is not None and (at[1] or at[3] is not None):
                    kid = kid + at[1] if at[3] is None else pk.Dictionary(Type=pk.Name.MCR, Stm=at[3], MCID=kid)
                    changed = True
            elif isinstance(kid, pk.Dictionary) and "/S" not in kid:
                _move_item(kid, home)
            else:
                stack.append(kid)
            out.append(kid)
        if changed:
            elem.K = array(out)
    _parent_tree(book)


def _place_box(attributes, m, pk) -> None:
    """A Figure's layout /BBox, from its page's space to the sheet's."""
    if isinstance(attributes, pk.Dictionary) and "/BBox" in attributes:
        x0, y0, x1, y1 = (float(v) for v in attributes.BBox)
        (ax, ay), (bx, by) = _apply(m, x0, y0), _apply(m, x1, y1)
        attributes.BBox = pk.Array([round(min(ax, bx), 2), round(min(ay, by), 2), round(max(ax, bx), 2),
                                    round(max(ay, by), 2)])


def _move_item(item, home) -> None:
    """An MCR or OBJR kid: its page → the sheet (an MCR's MCID moved up, or into the form)."""
    pg = item.get("/Pg")
    at = home.get(pg.objgen) if pg is not None else None
    if at is None:
        return
    item.Pg = at[0]
    if item.get("/Type") == "/MCR":
        if at[3] is not None:
            item.Stm = at[3]
        elif at[1]:
            item.MCID = int(item.MCID) + at[1]


def _parent_tree(book) -> None:
    """Each sheet with pages in its stream gets one parent-tree entry: its pages' entries joined
    (the key of its first page; the others' keys go). Forms keep their pages' entries."""
    pk = book.pk
    tree = book.doc.Root.StructTreeRoot.get("/ParentTree")
    if tree is None or "/Nums" not in tree:
        return
    nums = list(tree.Nums)
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.objgen: page for page in book.originals}
    for sheet, placed in book.inline:
        joined, key = [], None
        for objgen in placed:
            page = pages[objgen]
            if "/StructParents" not in page:
                continue
            own = int(page.StructParents)
            key = own if key is None else key
            offset = book.home[objgen][1]
            joined += [None] * (offset - len(joined)) + list(entries.pop(own, []))
        if key is not None:
            entries[key] = pk.Array(joined)
            sheet.StructParents = key
    tree.Nums = pk.Array([v for key in sorted(entries) for v in (key, entries[key])])


def _kids(k, array) -> list:
    return [] if k is None else list(k) if isinstance(k, array) else [k]
