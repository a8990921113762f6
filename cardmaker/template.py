"""Text templates in layouts (``"{category} · {level}"``, ``"Page {page} of {pages}"``).

Only named fields, no expressions: a layout is data, and a brace a gym types by mistake
should give a clear error, not run anything. A field with no value takes the separator
next to it along ("Strength · " becomes "Strength"); the rest of the text stays as written.
"""

from __future__ import annotations

import re

FIELDS = ("name", "id", "category", "level", "gym", "video", "page", "pages")
PAGE_FIELDS = ("page", "pages")  # known only while a page is drawn: footer templates only
_FIELD = re.compile(r"\{([^{}]*)\}")
_SEP = r"[·|•–—/,:\-]"
_TRAILING = re.compile(rf"\s*{_SEP}+\s*$")
_LEADING = re.compile(rf"^\s*{_SEP}+\s*")


def unknown_fields(template: str, allowed: tuple[str, ...] = FIELDS) -> list[str]:
    """Names in braces that are not allowed fields (``{{`` and ``}}`` print a literal brace)."""
    return [m for m in _FIELD.findall(template.replace("{{", "").replace("}}", "")) if m not in allowed]


def literal_text(template: str) -> str:
    """The template without its fields: the words the layout itself prints."""
    return _FIELD.sub("", template.replace("{{", "{").replace("}}", "}"))


def fill(template: str, values: dict[str, object], strip: bool = True) -> str:
    """Replace ``{field}`` by its value; an empty field takes one neighbouring separator with it.
    ``strip=False`` keeps outer spaces (a part of a line that continues after it)."""
    out: list[str] = []
    drop_leading = False
    for i, piece in enumerate(re.split(r"(\{\{|\}\}|\{[^{}]*\})", template)):
        if i % 2 and piece not in ("{{", "}}"):
            value = values.get(piece[1:-1])
            text = "" if value is None else str(value)
            if not text:
                if out and _TRAILING.search(out[-1]):
                    out[-1] = _TRAILING.sub("", out[-1])
                else:
                    drop_leading = True
                continue
        else:
            text = piece[0] if piece in ("{{", "}}") else piece
            if drop_leading:
                text = _LEADING.sub("", text)
        drop_leading = False
        out.append(text)
    return "".join(out).strip() if strip else "".join(out)
