"""Benchmark input from real exercises: free-exercise-db's 873 records as exercise YAML files.

The nine samples cycled (``make_inputs``) repeat the same nine texts, which flatters every cache
keyed by text (word widths, line breaks, pictures). This writes the real, varied exercises of
free-exercise-db instead, read in place from ``/work/shared/corpus/free-exercise-db`` (never
copied into the repository), one YAML file per record into the benchmark's temporary folder:

- ``name``, ``id`` (a slug of the record's id, made unique), ``category``, ``level``,
  ``equipment`` (a list, empty when the record has none), ``muscles.primary``;
- ``steps`` from ``instructions``; a record without instructions gets
  ``steps: ["(no instructions given)"]`` so it still renders (counted in ``no_steps``);
- ``image``: the record's first picture, copied from ``exercises/<path>`` into the folder
  when the file is there.

No tips, cautions or video: the corpus has none, so its cards are shorter than the samples'.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from make_inputs import Generated

CORPUS = Path("/work/shared/corpus/free-exercise-db")
NO_STEPS = "(no instructions given)"


@dataclass
class CorpusStats:
    """What the conversion had to make up, for the report."""

    records: int = 0
    no_steps: int = 0
    with_image: int = 0


def available() -> bool:
    return (CORPUS / "dist" / "exercises.json").is_file()


def records() -> list[dict]:
    return json.loads((CORPUS / "dist" / "exercises.json").read_text(encoding="utf-8"))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "exercise"


def make_corpus_inputs(count: int, folder: Path) -> tuple[list[Generated], CorpusStats]:
    """Write the first ``count`` records (all 873 when count is larger) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    made, seen, stats = [], set(), CorpusStats()
    for number, rec in enumerate(records()[:count], start=1):
        ident = base = slug(rec.get("id") or rec["name"])
        k = 1
        while ident in seen:
            k += 1
            ident = f"{base}-{k}"
        seen.add(ident)
        steps = [s for s in rec.get("instructions") or [] if s and s.strip()]
        if not steps:
            stats.no_steps += 1
            steps = [NO_STEPS]
        doc = {"name": rec["name"], "id": ident}
        for key in ("category", "level"):
            if rec.get(key):
                doc[key] = rec[key]
        doc["equipment"] = [rec["equipment"]] if rec.get("equipment") else []
        if rec.get("primaryMuscles"):
            doc["muscles"] = {"primary": list(rec["primaryMuscles"])}
        doc["steps"] = steps
        image = next(iter(rec.get("images") or []), None)
        if image and (CORPUS / "exercises" / image).is_file():
            target = folder / "images" / image
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / "exercises" / image, target)
            doc["image"] = f"images/{image}"
            stats.with_image += 1
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
        (folder / f"{number:04d}-{ident}.yaml").write_text(text, encoding="utf-8")
        made.append(Generated(ident, "image" in doc))
        stats.records += 1
    return made, stats
