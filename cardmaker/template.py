"""Text templates in layouts (``"{category} · {level}"``, ``"Page {page} of {pages}"``).

Only named fields, no expressions: a layout is data, and a brace a gym types by mistake
should give a clear error, not run anything. A field with no value leaves no dangling
separator behind ("Strength · " becomes "Strength").
"""

from __future__ import annotations

import re

FIELDS = ("name", "id", "category", "level", "gym", "page", "pages", "video")
_FIELD = re.compile(r"\{([^{}]*)\}")
_SEPARATORS = "·|•–—-/,:"


def unknown_fields(template: str) -> list[str]:
    """Names in braces that are not fields (``{{`` and ``}}`` print a literal brace)."""
    return [m for m in _FIELD.findall(template.replace("{{", "").replace("}}", "")) if m not in FIELDS]


def fill(template: str, values: dict[str, object]) -> str:
    """Replace ``{field}`` by its value; an empty field takes its neighbouring separator with it."""
    parts = []
    for i, piece in enumerate(re.split(r"(\{\{|\}\}|\{[^{}]*\})", template)):
        if piece in ("{{", "}}"):
            parts.append(("text", piece[0]))
        elif i % 2:
            value = values.get(piece[1:-1])
            parts.append(("field", "" if value is None else str(value)))
        elif piece:
            parts.append(("text", piece))
    text = "".join(v for _, v in parts)
    if any(kind == "field" and not v for kind, v in parts):
        sep = re.escape(_SEPARATORS)
        text = re.sub(rf"\s*[{sep}](\s*[{sep}])+\s*", lambda m: " " + m.group(0).strip()[-1] + " ", text)
        text = re.sub(rf"^\s*[{sep}]\s*|\s*[{sep}]\s*$", "", text)
    return text.strip()
