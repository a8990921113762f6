"""The messages for a card that does not fit its layout (``render.card``): a title block that
leaves no room for the body, a block taller than a column, or how much text is over."""

from __future__ import annotations

from cardmaker.errors import RenderError
from cardmaker.model import Exercise, Layout
from cardmaker.model.exercise import SHORTEN_LINK

LONG_LINK = 300  # characters: a video link this long printed at the foot may be what leaves no room


def too_long(ex: Exercise, layout: Layout, size: float, *, crowded: bool = False, oversized: bool = False,
             demand: float = 0.0, capacity: float = 0.0, sides: int = 1) -> RenderError:
    """The error for ``ex`` not fitting ``layout`` at ``size`` (its smallest): ``demand`` is the
    body height wanted and ``capacity`` the room, all columns, in points, on the fullest side."""
    printed = ex.video if ex.video and (layout.footer.qr or layout.footer.video) else ""
    if crowded and len(printed) > LONG_LINK:  # the address printed at the foot takes the room
        return RenderError(f"'{ex.id}': the title block and the footer, which prints its {len(printed):,}-character "
                           f"video link, leave no room for the steps on layout '{layout.name}', even at {size:g} pt",
                           file=ex.source, field="video",
                           hint=SHORTEN_LINK)
    if crowded:
        return RenderError(f"'{ex.id}': the title block (name, summary, picture, logo) leaves no room for the "
                           f"steps on layout '{layout.name}', even at {size:g} pt", file=ex.source,
                           hint="shorten the name or summary, or use a layout with a bigger page")
    if oversized:
        return RenderError(f"'{ex.id}': part of the card is taller than a column of layout '{layout.name}', "
                           f"even at {size:g} pt", file=ex.source,
                           hint="check the layout's page size, margins and section scale")
    over = max(demand - capacity, 0) / 72 * 25.4 / max(layout.columns, 1)
    pct = 100 * (demand / capacity - 1) if capacity else 100
    if sides > 1:
        side = "one side of "
    else:
        side = f"{layout.max_pages} pages of " if layout.max_pages > 1 else "one page of "
    return RenderError(
        f"'{ex.id}' does not fit {side}layout '{layout.name}' even at {size:g} pt: "
        f"about {pct:.0f}% too much text (~{over:.0f} mm per column)",
        file=ex.source, hint="shorten the text, or use a layout with a bigger page or a smaller min_size")
