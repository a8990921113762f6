"""Benchmark input: N exercise files made from the nine samples in data/, cycled in order.

Each copy differs from its sample only in its ``id`` (``<id>-0042``, unique, so every card gets
its own output file) and a numbered suffix on its ``name`` (so a combined PDF's bookmarks and a
booklet's contents can be told apart). Everything else is byte-for-byte the sample's text, and
the images folder is copied alongside so the relative ``image:`` paths still resolve: runs with
the same N render exactly the same content, and so are comparable across commits.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class Generated:
    """One generated exercise: its id (the output file is ``<id>.pdf``) and whether it has a
    picture (text-only cards have their own size target)."""

    id: str
    has_image: bool


def samples() -> list[Path]:
    """The sample exercise files, in a stable order."""
    return sorted(DATA.glob("*.yaml"))


def make_inputs(count: int, folder: Path) -> list[Generated]:
    """Write ``count`` exercise files (and a copy of data/images) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA / "images", folder / "images", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.py"))
    texts = [p.read_text(encoding="utf-8") for p in samples()]
    made = []
    for i in range(count):
        text, number = texts[i % len(texts)], f"{i + 1:04d}"
        text, ident = _renumber(text, number)
        (folder / f"{number}-{ident}.yaml").write_text(text, encoding="utf-8")
        made.append(Generated(ident, re.search(r"^image:", text, re.MULTILINE) is not None))
    return made


def _renumber(text: str, number: str) -> tuple[str, str]:
    """The sample's text with ``-<number>`` on its id and `` <number>`` on its name."""
    name = re.search(r"^name: (.*)$", text, re.MULTILINE)
    ident = re.search(r"^id: (.*)$", text, re.MULTILINE)
    if not (name and ident):
        raise ValueError("every sample needs top-level 'name:' and 'id:' lines")
    new_id = f"{ident.group(1).strip()}-{number}"
    # a JSON string is a valid YAML double-quoted scalar, whatever characters the name holds
    new_name = json.dumps(f"{name.group(1).strip()} {number}", ensure_ascii=False)
    text = text[:name.start(1)] + new_name + text[name.end(1):]
    ident = re.search(r"^id: (.*)$", text, re.MULTILINE)
    text = text[:ident.start(1)] + new_id + text[ident.end(1):]
    return text, new_id
