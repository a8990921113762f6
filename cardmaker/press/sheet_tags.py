"""A finished PDF's structure tree and link annotations, moved from its pages to the sheets that
print them (``press.placing.Book``: each page's first placement is its home).

The tree's elements stay the same objects in the same order; what changes is where their
content is: a content item on a page (an MCID under the element's /Pg, or an MCR) becomes a
marked-content reference into the page's form on its sheet (``/Pg`` the sheet, ``/Stm`` the
form), and a link (OBJR) names the sheet its annotation moved to. An annotation's rectangle and
its destination ([page /XYZ left top zoom]) are placed as their pages were.
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
    sheet, _, m = home
    out = [sheet, *list(dest)[1:]]
    if len(dest) >= 4 and dest[1] == pk.Name.XYZ:
        left = float(dest[2]) if dest[2] is not None else 0.0
        top = float(dest[3]) if dest[3] is not None else 0.0
        x, y = _apply(m, left, top)
        out[2], out[3] = round(x, 3), round(y, 3)
    return pk.Array(out)


def move_tree(book) -> None:
    """Every element's content items from the pages into the forms on the sheets."""
    pk = book.pk
    home = book.home
    mcr = pk.Name.MCR
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
        kids = _kids(elem.get("/K"), array)
        out, changed = [], False
        for kid in kids:
            if isinstance(kid, int):
                if at is not None:
                    kid, changed = pk.Dictionary(Type=mcr, Stm=at[1], MCID=kid), True
            elif isinstance(kid, pk.Dictionary) and "/S" not in kid:
                _move_item(kid, home)
            else:
                stack.append(kid)
            out.append(kid)
        if changed:
            elem.K = pk.Array(out)


def _move_item(item, home) -> None:
    """An MCR or OBJR kid: its page → the sheet (and, for an MCR, the form that holds it)."""
    pg = item.get("/Pg")
    at = home.get(pg.objgen) if pg is not None else None
    if at is None:
        return
    item.Pg = at[0]
    if item.get("/Type") == "/MCR":
        item.Stm = at[1]


def _kids(k, array) -> list:
    return [] if k is None else list(k) if isinstance(k, array) else [k]
