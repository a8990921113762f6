"""Plain text from exercise files → reportlab Paragraph markup that prints it literally.

reportlab's Paragraph parses a small XML dialect (<b>, <img src=...>, <a href=...>, &entities;).
Exercise text is never markup: escaping here is what keeps ``<b>`` and ``&nbsp`` printing as
written and stops a tag in a file from reading another file.
"""

from __future__ import annotations

from xml.sax.saxutils import escape


def plain(text: str) -> str:
    """Escape ``& < >`` (and quotes) so the text is shown exactly as given."""
    return escape(text, {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def bold(text: str) -> str:
    return f"<b>{plain(text)}</b>"
