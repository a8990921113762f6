"""A finished PDF's structure tree, link annotations and outline, moved from its pages to the
sheets that print them (``press.placing.Book``: each page's first placement is its home).

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
    rectangle = pk.Rectangle
    for annot, sheet, m in book.moved:
        r = rectangle(annot.Rect)
        annot.Rect = _placed_box(rectangle, m, r.llx, r.lly, r.urx, r.ury).as_array()
        if "/P" in annot:
            annot.P = sheet
        dest = annot.get("/Dest")
        if _explicit(dest, pk):
            annot.Dest = _place_dest(book, dest)


def move_outline(book) -> bool:
    """Each bookmark of the outline pointed at the sheet that first prints its page, at the
    same place on it (a card printed again keeps one bookmark, at its first copy); a bookmark
    whose page no sheet prints, or that names its destination, keeps its title and no target.
    Gives whether there is an outline to keep."""
    pk = book.pk
    outlines = book.doc.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return False
    stack, seen = [outlines.First], set()
    while stack:
        item = stack.pop()
        if item.objgen in seen:  # a damaged outline that loops: each item once
            continue
        seen.add(item.objgen)
        stack += [item[key] for key in ("/Next", "/First") if key in item]
        action = item.get("/A")
        holder, key = (action, "/D") if action is not None and action.get("/S") == pk.Name.GoTo else (item, "/Dest")
        dest = holder.get(key)
        placed = _place_dest(book, dest) if _explicit(dest, pk) else pk.Array([])
        if len(placed):
            holder[key] = placed
        elif key in holder:
            del item[key if holder is item else "/A"]
    return True


def _explicit(dest, pk) -> bool:
    return isinstance(dest, pk.Array) and len(dest) >= 2 and isinstance(dest[0], pk.Dictionary)


def _placed_box(rectangle, m, x0: float, y0: float, x1: float, y1: float):
    (ax, ay), (bx, by) = _apply(m, x0, y0), _apply(m, x1, y1)
    return rectangle(round(min(ax, bx), 3), round(min(ay, by), 3), round(max(ax, bx), 3), round(max(ay, by), 3))


def _place_dest(book, dest):
    """[page /XYZ left top zoom] → the same place on the sheet that prints the page."""
    pk = book.pk
    home = book.home.get(dest[0].objgen)
    if home is None:
        return pk.Array([])
    sheet, m = home[0], home[2]
    kind = dest[1]
    if kind != pk.Name.XYZ or len(dest) < 4:
        return pk.Array([sheet, *list(dest)[1:]])
    left, top = dest[2], dest[3]
    x, y = _apply(m, 0.0 if left is None else float(left), 0.0 if top is None else float(top))
    return pk.Array([sheet, kind, round(x, 3), round(y, 3), *list(dest)[4:]])


def move_tree(book) -> None:
    """Every element's content items from the pages onto the sheets; the parent tree to match."""
    pk = book.pk
    home = book.home
    array, dictionary = pk.Array, pk.Dictionary
    stack = [k for k in _kids(book.doc.Root.StructTreeRoot.get("/K"), array) if isinstance(k, dictionary)]
    while stack:
        elem = stack.pop()
        pg = elem.get("/Pg")
        at = home.get(pg.objgen) if pg is not None else None
        if at is not None:
            elem.Pg = at[0]
            if "/A" in elem and elem.get("/S") == "/Figure":
                _place_box(elem.A, at[2], pk)
        k = elem.get("/K")
        kids = [] if k is None else list(k) if isinstance(k, array) else [k]
        renumber = at is not None and (at[1] or at[3] is not None)
        changed = False
        for n, kid in enumerate(kids):
            if type(kid) is int:
                if renumber:
                    kids[n] = kid + at[1] if at[3] is None else dictionary(Type=pk.Name.MCR, Stm=at[3], MCID=kid)
                    changed = True
            elif "/S" in kid:
                stack.append(kid)
            else:
                _move_item(kid, home)
        if changed:
            elem.K = array(kids)
    _parent_tree(book)


def _place_box(attributes, m, pk) -> None:
    """A Figure's layout /BBox, from its page's space to the sheet's."""
    if isinstance(attributes, pk.Dictionary) and "/BBox" in attributes:
        r = pk.Rectangle(attributes.BBox)
        attributes.BBox = _placed_box(pk.Rectangle, m, r.llx, r.lly, r.urx, r.ury).as_array()


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
