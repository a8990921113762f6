"""A file kind (exercise, layout, program) → its JSON Schema (draft 2020-12), made from the very
tables the loaders check against (``load.shapes``), for editors' completion and checks.

What a schema cannot say stays with ``cardmaker validate``: fonts that lack a character, files
that must exist, ids used twice, a layout complete only after ``extends``.
"""

from __future__ import annotations

import json

from cardmaker.load.shapes import FILE_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {"exercise": "cardmaker exercise file", "layout": "cardmaker layout", "program": "cardmaker program"}


def json_schema(kind: str) -> dict:
    """The schema of ``kind`` (one of ``FILE_KINDS``)."""
    return {"$schema": DRAFT, "title": TITLES[kind], **FILE_KINDS[kind].json()}


def schema_text(kind: str) -> str:
    """The schema as JSON text, keys in a stable order, ending with a newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
